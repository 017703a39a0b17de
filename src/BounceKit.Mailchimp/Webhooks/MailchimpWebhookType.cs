namespace BounceKit.Mailchimp.Webhooks;

/// <summary>The <c>type</c> of a Mailchimp audience webhook: an extensible string value, compared ordinally ignoring case.</summary>
/// <remarks>The six audience event types are fields here; any other value (for example the beta SMS types <c>smsSubscribe</c>, <c>smsUnsubscribe</c>, <c>upsms</c>, <c>smsCampaign</c>) still round-trips and parses to <see cref="MailchimpUnknownWebhookEvent"/>. Source: provider-facts section 1.6.</remarks>
public readonly struct MailchimpWebhookType : IEquatable<MailchimpWebhookType>
{
    private readonly string? _value;

    /// <summary>Creates a value from its wire form.</summary>
    /// <param name="value">The value, for example <c>"cleaned"</c>.</param>
    /// <exception cref="ArgumentException"><paramref name="value"/> is empty or white space.</exception>
    public MailchimpWebhookType(string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value);
        _value = value;
    }

    /// <summary>A member subscribed.</summary>
    public static MailchimpWebhookType Subscribe { get; } = new("subscribe");

    /// <summary>A member unsubscribed or was deleted.</summary>
    public static MailchimpWebhookType Unsubscribe { get; } = new("unsubscribe");

    /// <summary>A member's profile (merge fields) changed.</summary>
    public static MailchimpWebhookType Profile { get; } = new("profile");

    /// <summary>A member's address changed (<c>upemail</c>).</summary>
    public static MailchimpWebhookType EmailChanged { get; } = new("upemail");

    /// <summary>Mailchimp cleaned a member after a hard bounce or an abuse report.</summary>
    public static MailchimpWebhookType Cleaned { get; } = new("cleaned");

    /// <summary>A campaign was sent or cancelled.</summary>
    public static MailchimpWebhookType Campaign { get; } = new("campaign");

    /// <inheritdoc/>
    public bool Equals(MailchimpWebhookType other) => string.Equals(_value, other._value, StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is MailchimpWebhookType other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => _value is null ? 0 : StringComparer.OrdinalIgnoreCase.GetHashCode(_value);

    /// <summary>The wire value (empty for <c>default</c>).</summary>
    /// <returns>The value.</returns>
    public override string ToString() => _value ?? string.Empty;

    /// <summary>Compares two values ordinally, ignoring case.</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    /// <returns>Whether they are equal.</returns>
    public static bool operator ==(MailchimpWebhookType left, MailchimpWebhookType right) => left.Equals(right);

    /// <summary>Compares two values ordinally, ignoring case.</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    /// <returns>Whether they differ.</returns>
    public static bool operator !=(MailchimpWebhookType left, MailchimpWebhookType right) => !left.Equals(right);
}
