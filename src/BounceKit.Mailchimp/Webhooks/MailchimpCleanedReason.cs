namespace BounceKit.Mailchimp.Webhooks;

/// <summary>Why Mailchimp cleaned a member (<c>data[reason]</c> of a <c>cleaned</c> webhook): an extensible string value, compared ordinally ignoring case.</summary>
/// <remarks>Mailchimp documents <see cref="Hard"/> (a hard bounce, or soft bounces that reached the threshold; there is no separate soft-bounce webhook) and <see cref="Abuse"/> (a spam complaint). A Mailchimp staff reply confirms that this field tells the two apart. Source: provider-facts section 1.6.</remarks>
public readonly struct MailchimpCleanedReason : IEquatable<MailchimpCleanedReason>
{
    private readonly string? _value;

    /// <summary>Creates a value from its wire form.</summary>
    /// <param name="value">The value, for example <c>"hard"</c>.</param>
    /// <exception cref="ArgumentException"><paramref name="value"/> is empty or white space.</exception>
    public MailchimpCleanedReason(string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value);
        _value = value;
    }

    /// <summary>A hard bounce, or soft bounces that reached Mailchimp's threshold.</summary>
    public static MailchimpCleanedReason Hard { get; } = new("hard");

    /// <summary>A spam complaint or abuse report.</summary>
    public static MailchimpCleanedReason Abuse { get; } = new("abuse");

    /// <inheritdoc/>
    public bool Equals(MailchimpCleanedReason other) => string.Equals(_value, other._value, StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is MailchimpCleanedReason other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => _value is null ? 0 : StringComparer.OrdinalIgnoreCase.GetHashCode(_value);

    /// <summary>The wire value (empty for <c>default</c>).</summary>
    /// <returns>The value.</returns>
    public override string ToString() => _value ?? string.Empty;

    /// <summary>Compares two values ordinally, ignoring case.</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    /// <returns>Whether they are equal.</returns>
    public static bool operator ==(MailchimpCleanedReason left, MailchimpCleanedReason right) => left.Equals(right);

    /// <summary>Compares two values ordinally, ignoring case.</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    /// <returns>Whether they differ.</returns>
    public static bool operator !=(MailchimpCleanedReason left, MailchimpCleanedReason right) => !left.Equals(right);
}
