namespace BounceKit.Classification;

/// <summary>Mailchimp's bounce <c>type</c> in email-activity reports: <c>hard</c> or <c>soft</c>.</summary>
/// <remarks>An extensible string value compared ordinally ignoring case; unknown values are kept as given.</remarks>
public readonly struct MailchimpBounceType : IEquatable<MailchimpBounceType>
{
    private readonly string? _value;

    /// <summary>Creates a category from its text.</summary>
    /// <param name="value">The text, for example "hard".</param>
    public MailchimpBounceType(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        _value = value;
    }

    /// <summary><c>hard</c>: a permanent failure; Mailchimp cleans the contact.</summary>
    public static MailchimpBounceType Hard { get; } = new("hard");

    /// <summary><c>soft</c>: a temporary failure; Mailchimp counts it towards cleaning (7 or 15).</summary>
    public static MailchimpBounceType Soft { get; } = new("soft");

    /// <summary>The text.</summary>
    public string Value => _value ?? "";

    /// <inheritdoc/>
    public bool Equals(MailchimpBounceType other) => string.Equals(Value, other.Value, StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is MailchimpBounceType other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => StringComparer.OrdinalIgnoreCase.GetHashCode(Value);

    /// <inheritdoc/>
    public override string ToString() => Value;

    /// <summary>Equality, ignoring case.</summary>
    /// <param name="left">Left.</param>
    /// <param name="right">Right.</param>
    /// <returns>Whether they are equal.</returns>
    public static bool operator ==(MailchimpBounceType left, MailchimpBounceType right) => left.Equals(right);

    /// <summary>Inequality, ignoring case.</summary>
    /// <param name="left">Left.</param>
    /// <param name="right">Right.</param>
    /// <returns>Whether they differ.</returns>
    public static bool operator !=(MailchimpBounceType left, MailchimpBounceType right) => !left.Equals(right);
}
