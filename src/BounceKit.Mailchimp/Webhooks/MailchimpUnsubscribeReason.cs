namespace BounceKit.Mailchimp.Webhooks;

/// <summary>Why a member unsubscribed (<c>data[reason]</c> of an <c>unsubscribe</c> webhook): an extensible string value, compared ordinally ignoring case.</summary>
/// <remarks>BounceKit maps <see cref="Abuse"/> to a complaint in addition to the unsubscribe. Source: provider-facts section 1.6.</remarks>
public readonly struct MailchimpUnsubscribeReason : IEquatable<MailchimpUnsubscribeReason>
{
    private readonly string? _value;

    /// <summary>Creates a value from its wire form.</summary>
    /// <param name="value">The value, for example <c>"manual"</c>.</param>
    /// <exception cref="ArgumentException"><paramref name="value"/> is empty or white space.</exception>
    public MailchimpUnsubscribeReason(string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value);
        _value = value;
    }

    /// <summary>The member or an admin unsubscribed.</summary>
    public static MailchimpUnsubscribeReason Manual { get; } = new("manual");

    /// <summary>The member reported a campaign as abuse or spam.</summary>
    public static MailchimpUnsubscribeReason Abuse { get; } = new("abuse");

    /// <inheritdoc/>
    public bool Equals(MailchimpUnsubscribeReason other) => string.Equals(_value, other._value, StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is MailchimpUnsubscribeReason other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => _value is null ? 0 : StringComparer.OrdinalIgnoreCase.GetHashCode(_value);

    /// <summary>The wire value (empty for <c>default</c>).</summary>
    /// <returns>The value.</returns>
    public override string ToString() => _value ?? string.Empty;

    /// <summary>Compares two values ordinally, ignoring case.</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    /// <returns>Whether they are equal.</returns>
    public static bool operator ==(MailchimpUnsubscribeReason left, MailchimpUnsubscribeReason right) => left.Equals(right);

    /// <summary>Compares two values ordinally, ignoring case.</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    /// <returns>Whether they differ.</returns>
    public static bool operator !=(MailchimpUnsubscribeReason left, MailchimpUnsubscribeReason right) => !left.Equals(right);
}
