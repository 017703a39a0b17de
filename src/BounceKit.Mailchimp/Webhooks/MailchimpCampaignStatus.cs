namespace BounceKit.Mailchimp.Webhooks;

/// <summary>The <c>data[status]</c> of a <c>campaign</c> webhook: an extensible string value, compared ordinally ignoring case.</summary>
/// <remarks>Source: provider-facts section 1.6.</remarks>
public readonly struct MailchimpCampaignStatus : IEquatable<MailchimpCampaignStatus>
{
    private readonly string? _value;

    /// <summary>Creates a value from its wire form.</summary>
    /// <param name="value">The value, for example <c>"sent"</c>.</param>
    /// <exception cref="ArgumentException"><paramref name="value"/> is empty or white space.</exception>
    public MailchimpCampaignStatus(string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value);
        _value = value;
    }

    /// <summary>The campaign was sent.</summary>
    public static MailchimpCampaignStatus Sent { get; } = new("sent");

    /// <summary>The campaign was cancelled.</summary>
    public static MailchimpCampaignStatus Cancelled { get; } = new("cancelled");

    /// <inheritdoc/>
    public bool Equals(MailchimpCampaignStatus other) => string.Equals(_value, other._value, StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is MailchimpCampaignStatus other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => _value is null ? 0 : StringComparer.OrdinalIgnoreCase.GetHashCode(_value);

    /// <summary>The wire value (empty for <c>default</c>).</summary>
    /// <returns>The value.</returns>
    public override string ToString() => _value ?? string.Empty;

    /// <summary>Compares two values ordinally, ignoring case.</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    /// <returns>Whether they are equal.</returns>
    public static bool operator ==(MailchimpCampaignStatus left, MailchimpCampaignStatus right) => left.Equals(right);

    /// <summary>Compares two values ordinally, ignoring case.</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    /// <returns>Whether they differ.</returns>
    public static bool operator !=(MailchimpCampaignStatus left, MailchimpCampaignStatus right) => !left.Equals(right);
}
