namespace BounceKit.Mailchimp;

/// <summary>A Mailchimp list member's <c>status</c>: an extensible string value, compared ordinally ignoring case.</summary>
/// <remarks>The six documented values are fields here; a value Mailchimp adds later still round-trips. Only
/// <see cref="Subscribed"/> members get regular campaigns. <see cref="Cleaned"/> is Mailchimp's hard-bounce signal
/// (a hard bounce, or soft bounces that reached 7 or 15), <see cref="Unsubscribed"/> is withdrawn consent; BounceKit
/// never sets either back to <see cref="Subscribed"/>. Source: provider-facts section 1.2.</remarks>
public readonly struct MailchimpMemberStatus : IEquatable<MailchimpMemberStatus>
{
    private readonly string? _value;

    /// <summary>Creates a status from its wire value.</summary>
    /// <param name="value">The value, for example <c>"cleaned"</c>.</param>
    /// <exception cref="ArgumentException"><paramref name="value"/> is empty.</exception>
    public MailchimpMemberStatus(string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value);
        _value = value;
    }

    /// <summary>On the list and able to receive campaigns.</summary>
    public static MailchimpMemberStatus Subscribed { get; } = new("subscribed");

    /// <summary>Opted out, or was unsubscribed.</summary>
    public static MailchimpMemberStatus Unsubscribed { get; } = new("unsubscribed");

    /// <summary>Removed from sending after a hard bounce or repeated soft bounces.</summary>
    public static MailchimpMemberStatus Cleaned { get; } = new("cleaned");

    /// <summary>Double opt-in requested and not yet confirmed.</summary>
    public static MailchimpMemberStatus Pending { get; } = new("pending");

    /// <summary>Added without marketing permission ("non-subscribed").</summary>
    public static MailchimpMemberStatus Transactional { get; } = new("transactional");

    /// <summary>Archived (reversible; not a deletion).</summary>
    public static MailchimpMemberStatus Archived { get; } = new("archived");

    /// <summary>Whether Mailchimp refuses, and consent law forbids, setting this member back to subscribed without
    /// a new confirmation: <see cref="Cleaned"/> and <see cref="Unsubscribed"/>.</summary>
    public bool BlocksResubscribe => Equals(Cleaned) || Equals(Unsubscribed);

    /// <inheritdoc/>
    public bool Equals(MailchimpMemberStatus other) => string.Equals(_value, other._value, StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is MailchimpMemberStatus other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => _value is null ? 0 : StringComparer.OrdinalIgnoreCase.GetHashCode(_value);

    /// <summary>The wire value (empty for <c>default</c>).</summary>
    /// <returns>The value.</returns>
    public override string ToString() => _value ?? string.Empty;

    /// <summary>Compares two statuses ordinally, ignoring case.</summary>
    /// <param name="left">The first status.</param>
    /// <param name="right">The second status.</param>
    /// <returns>Whether they are equal.</returns>
    public static bool operator ==(MailchimpMemberStatus left, MailchimpMemberStatus right) => left.Equals(right);

    /// <summary>Compares two statuses ordinally, ignoring case.</summary>
    /// <param name="left">The first status.</param>
    /// <param name="right">The second status.</param>
    /// <returns>Whether they differ.</returns>
    public static bool operator !=(MailchimpMemberStatus left, MailchimpMemberStatus right) => !left.Equals(right);
}
