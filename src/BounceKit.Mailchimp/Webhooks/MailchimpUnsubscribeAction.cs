namespace BounceKit.Mailchimp.Webhooks;

/// <summary>What happened to an unsubscribed member (<c>data[action]</c> of an <c>unsubscribe</c> webhook): an extensible string value, compared ordinally ignoring case.</summary>
/// <remarks>Source: provider-facts section 1.6.</remarks>
public readonly struct MailchimpUnsubscribeAction : IEquatable<MailchimpUnsubscribeAction>
{
    private readonly string? _value;

    /// <summary>Creates a value from its wire form.</summary>
    /// <param name="value">The value, for example <c>"unsub"</c>.</param>
    /// <exception cref="ArgumentException"><paramref name="value"/> is empty or white space.</exception>
    public MailchimpUnsubscribeAction(string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value);
        _value = value;
    }

    /// <summary>The member is kept with the status unsubscribed.</summary>
    public static MailchimpUnsubscribeAction Unsubscribed { get; } = new("unsub");

    /// <summary>The member was deleted from the audience.</summary>
    public static MailchimpUnsubscribeAction Deleted { get; } = new("delete");

    /// <inheritdoc/>
    public bool Equals(MailchimpUnsubscribeAction other) => string.Equals(_value, other._value, StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is MailchimpUnsubscribeAction other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => _value is null ? 0 : StringComparer.OrdinalIgnoreCase.GetHashCode(_value);

    /// <summary>The wire value (empty for <c>default</c>).</summary>
    /// <returns>The value.</returns>
    public override string ToString() => _value ?? string.Empty;

    /// <summary>Compares two values ordinally, ignoring case.</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    /// <returns>Whether they are equal.</returns>
    public static bool operator ==(MailchimpUnsubscribeAction left, MailchimpUnsubscribeAction right) => left.Equals(right);

    /// <summary>Compares two values ordinally, ignoring case.</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    /// <returns>Whether they differ.</returns>
    public static bool operator !=(MailchimpUnsubscribeAction left, MailchimpUnsubscribeAction right) => !left.Equals(right);
}
