namespace BounceKit.Classification;

/// <summary>Salesforce Marketing Cloud's <c>BounceCategory</c> text, as found in <c>_Bounce</c> and tracking extracts.</summary>
/// <remarks>An extensible string value compared ordinally ignoring case; unknown values are kept as given.</remarks>
public readonly struct SfmcBounceCategory : IEquatable<SfmcBounceCategory>
{
    private readonly string? _value;

    /// <summary>Creates a category from its text.</summary>
    /// <param name="value">The text, for example "Hard bounce".</param>
    public SfmcBounceCategory(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        _value = value;
    }

    /// <summary><c>Hard bounce</c>.</summary>
    public static SfmcBounceCategory Hard { get; } = new("Hard bounce");

    /// <summary><c>Soft bounce</c>.</summary>
    public static SfmcBounceCategory Soft { get; } = new("Soft bounce");

    /// <summary><c>Block bounce</c>.</summary>
    public static SfmcBounceCategory Block { get; } = new("Block bounce");

    /// <summary><c>Technical/Other bounce</c>.</summary>
    public static SfmcBounceCategory TechnicalOther { get; } = new("Technical/Other bounce");

    /// <summary><c>Unknown bounce</c>.</summary>
    public static SfmcBounceCategory Unknown { get; } = new("Unknown bounce");

    /// <summary>The text.</summary>
    public string Value => _value ?? "";

    /// <inheritdoc/>
    public bool Equals(SfmcBounceCategory other) => string.Equals(Value, other.Value, StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is SfmcBounceCategory other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => StringComparer.OrdinalIgnoreCase.GetHashCode(Value);

    /// <inheritdoc/>
    public override string ToString() => Value;

    /// <summary>Equality, ignoring case.</summary>
    /// <param name="left">Left.</param>
    /// <param name="right">Right.</param>
    /// <returns>Whether they are equal.</returns>
    public static bool operator ==(SfmcBounceCategory left, SfmcBounceCategory right) => left.Equals(right);

    /// <summary>Inequality, ignoring case.</summary>
    /// <param name="left">Left.</param>
    /// <param name="right">Right.</param>
    /// <returns>Whether they differ.</returns>
    public static bool operator !=(SfmcBounceCategory left, SfmcBounceCategory right) => !left.Equals(right);
}
