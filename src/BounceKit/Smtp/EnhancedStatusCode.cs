using System.Diagnostics.CodeAnalysis;
using System.Numerics;
using BounceKit.Smtp.Internal;

namespace BounceKit.Smtp;

/// <summary>An RFC 3463 enhanced mail system status code such as <c>5.1.1</c>: <c>class.subject.detail</c>.</summary>
/// <remarks>
/// Class is 2 (success), 4 (persistent transient failure) or 5 (permanent failure); subject and detail are 0-999
/// (one to three digits, RFC 3463 §2). Codes absent from the IANA registry are still valid values;
/// <see cref="Describe"/> returns <see langword="null"/> for them. <c>default(EnhancedStatusCode)</c> is not a valid
/// code: its <see cref="Class"/> is <see cref="SmtpStatusClass.None"/> and it formats as <c>0.0.0</c>.
/// </remarks>
public readonly struct EnhancedStatusCode :
    IEquatable<EnhancedStatusCode>,
    IComparable<EnhancedStatusCode>,
    IComparable,
    ISpanParsable<EnhancedStatusCode>,
    IUtf8SpanParsable<EnhancedStatusCode>,
    ISpanFormattable,
    IUtf8SpanFormattable,
    IEqualityOperators<EnhancedStatusCode, EnhancedStatusCode, bool>,
    IComparisonOperators<EnhancedStatusCode, EnhancedStatusCode, bool>
{
    /// <summary>The longest formatted code, <c>5.999.999</c>.</summary>
    public const int MaxLength = 9;

    // class * 1_000_000 + subject * 1_000 + detail: numeric order is class, then subject, then detail.
    private readonly int _value;

    // Trusted: callers have validated the parts.
    internal EnhancedStatusCode(int cls, int subject, int detail) => _value = (cls * 1_000_000) + (subject * 1_000) + detail;

    private EnhancedStatusCode(int packed) => _value = packed;

    /// <summary>The code as one number, class * 1,000,000 + subject * 1,000 + detail.</summary>
    internal int Packed => _value;

    /// <summary>The code whose <see cref="Packed"/> value is <paramref name="packed"/> (trusted).</summary>
    internal static EnhancedStatusCode FromPacked(int packed) => new(packed);

    /// <summary>The class: success, transient failure or permanent failure.</summary>
    public SmtpStatusClass Class => (SmtpStatusClass)(_value / 1_000_000);

    /// <summary>The subject, 0-999 (1 addressing, 2 mailbox, 3 mail system, 4 network, 5 protocol, 6 content, 7 security).</summary>
    public int Subject => _value / 1_000 % 1_000;

    /// <summary>The detail within the subject, 0-999.</summary>
    public int Detail => _value % 1_000;

    /// <summary>True for 4.x.x codes.</summary>
    public bool IsTransient => Class == SmtpStatusClass.TransientFailure;

    /// <summary>True for 5.x.x codes.</summary>
    public bool IsPermanent => Class == SmtpStatusClass.PermanentFailure;

    /// <summary>Creates a code from its parts.</summary>
    /// <param name="statusClass">2, 4 or 5.</param>
    /// <param name="subject">0-999.</param>
    /// <param name="detail">0-999.</param>
    /// <returns>The code.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A part is out of range.</exception>
    public static EnhancedStatusCode Create(int statusClass, int subject, int detail)
    {
        if (statusClass is not (2 or 4 or 5))
        {
            throw new ArgumentOutOfRangeException(nameof(statusClass), statusClass, "The class of an enhanced status code is 2, 4 or 5.");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(subject);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(subject, 999);
        ArgumentOutOfRangeException.ThrowIfNegative(detail);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(detail, 999);
        return new EnhancedStatusCode(statusClass, subject, detail);
    }

    /// <summary>Creates a code from its parts without throwing.</summary>
    /// <param name="statusClass">2, 4 or 5.</param>
    /// <param name="subject">0-999.</param>
    /// <param name="detail">0-999.</param>
    /// <param name="code">The code, or <c>default</c>.</param>
    /// <returns>Whether the parts are valid.</returns>
    public static bool TryCreate(int statusClass, int subject, int detail, out EnhancedStatusCode code)
    {
        if (statusClass is 2 or 4 or 5 && (uint)subject <= 999 && (uint)detail <= 999)
        {
            code = new EnhancedStatusCode(statusClass, subject, detail);
            return true;
        }

        code = default;
        return false;
    }

    /// <summary>The IANA registry entry for this code's subject and detail, or <see langword="null"/> when the
    /// combination is not registered.</summary>
    /// <returns>The registry entry.</returns>
    public EnhancedStatusCodeInfo? Describe() => EnhancedStatusRegistry.Find(Subject, Detail);

    /// <summary>Parses a code such as <c>"5.1.1"</c>. Surrounding white space is allowed.</summary>
    /// <param name="s">The text.</param>
    /// <returns>The code.</returns>
    /// <exception cref="SmtpFormatException">The text is not an enhanced status code.</exception>
    public static EnhancedStatusCode Parse(string s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return Parse(s.AsSpan());
    }

    /// <summary>Parses a code from characters.</summary>
    /// <param name="s">The characters.</param>
    /// <returns>The code.</returns>
    /// <exception cref="SmtpFormatException">The text is not an enhanced status code.</exception>
    public static EnhancedStatusCode Parse(ReadOnlySpan<char> s)
    {
        SmtpParseError error = CodeReader.ReadEnhanced(s, out int c, out int subject, out int detail, out int position);
        return error == SmtpParseError.None
            ? new EnhancedStatusCode(c, subject, detail)
            : throw SmtpFormatException.Create(error, position, "enhanced status code");
    }

    /// <summary>Parses a code from UTF-8 bytes.</summary>
    /// <param name="utf8Text">The bytes.</param>
    /// <returns>The code.</returns>
    /// <exception cref="SmtpFormatException">The text is not an enhanced status code.</exception>
    public static EnhancedStatusCode Parse(ReadOnlySpan<byte> utf8Text)
    {
        SmtpParseError error = CodeReader.ReadEnhanced(utf8Text, out int c, out int subject, out int detail, out int position);
        return error == SmtpParseError.None
            ? new EnhancedStatusCode(c, subject, detail)
            : throw SmtpFormatException.Create(error, position, "enhanced status code");
    }

    /// <summary>Parses a code without throwing.</summary>
    /// <param name="s">The text; <see langword="null"/> fails.</param>
    /// <param name="result">The code, or <c>default</c>.</param>
    /// <returns>Whether the text is an enhanced status code.</returns>
    public static bool TryParse([NotNullWhen(true)] string? s, out EnhancedStatusCode result) => TryParse(s.AsSpan(), out result);

    /// <summary>Parses a code from characters without throwing.</summary>
    /// <param name="s">The characters.</param>
    /// <param name="result">The code, or <c>default</c>.</param>
    /// <returns>Whether the text is an enhanced status code.</returns>
    public static bool TryParse(ReadOnlySpan<char> s, out EnhancedStatusCode result)
    {
        bool ok = CodeReader.ReadEnhanced(s, out int c, out int subject, out int detail, out _) == SmtpParseError.None;
        result = ok ? new EnhancedStatusCode(c, subject, detail) : default;
        return ok;
    }

    /// <summary>Parses a code from UTF-8 bytes without throwing.</summary>
    /// <param name="utf8Text">The bytes.</param>
    /// <param name="result">The code, or <c>default</c>.</param>
    /// <returns>Whether the bytes are an enhanced status code.</returns>
    public static bool TryParse(ReadOnlySpan<byte> utf8Text, out EnhancedStatusCode result)
    {
        bool ok = CodeReader.ReadEnhanced(utf8Text, out int c, out int subject, out int detail, out _) == SmtpParseError.None;
        result = ok ? new EnhancedStatusCode(c, subject, detail) : default;
        return ok;
    }

    static EnhancedStatusCode IParsable<EnhancedStatusCode>.Parse(string s, IFormatProvider? provider) => Parse(s);

    static bool IParsable<EnhancedStatusCode>.TryParse([NotNullWhen(true)] string? s, IFormatProvider? provider, out EnhancedStatusCode result) => TryParse(s, out result);

    static EnhancedStatusCode ISpanParsable<EnhancedStatusCode>.Parse(ReadOnlySpan<char> s, IFormatProvider? provider) => Parse(s);

    static bool ISpanParsable<EnhancedStatusCode>.TryParse(ReadOnlySpan<char> s, IFormatProvider? provider, out EnhancedStatusCode result) => TryParse(s, out result);

    static EnhancedStatusCode IUtf8SpanParsable<EnhancedStatusCode>.Parse(ReadOnlySpan<byte> utf8Text, IFormatProvider? provider) => Parse(utf8Text);

    static bool IUtf8SpanParsable<EnhancedStatusCode>.TryParse(ReadOnlySpan<byte> utf8Text, IFormatProvider? provider, out EnhancedStatusCode result) => TryParse(utf8Text, out result);

    /// <summary>Writes <c>class.subject.detail</c>.</summary>
    /// <param name="destination">Where to write; <see cref="MaxLength"/> characters always suffice.</param>
    /// <param name="charsWritten">The characters written, or 0.</param>
    /// <param name="format">Ignored; the code has one format.</param>
    /// <param name="provider">Ignored.</param>
    /// <returns>Whether <paramref name="destination"/> was large enough.</returns>
    public bool TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format = default, IFormatProvider? provider = null) =>
        Write(destination, out charsWritten);

    /// <summary>Writes <c>class.subject.detail</c> as UTF-8.</summary>
    /// <param name="utf8Destination">Where to write; <see cref="MaxLength"/> bytes always suffice.</param>
    /// <param name="bytesWritten">The bytes written, or 0.</param>
    /// <param name="format">Ignored; the code has one format.</param>
    /// <param name="provider">Ignored.</param>
    /// <returns>Whether <paramref name="utf8Destination"/> was large enough.</returns>
    public bool TryFormat(Span<byte> utf8Destination, out int bytesWritten, ReadOnlySpan<char> format = default, IFormatProvider? provider = null) =>
        Write(utf8Destination, out bytesWritten);

    private bool Write<T>(Span<T> destination, out int written)
        where T : unmanaged, IBinaryInteger<T>
    {
        int subject = Subject, detail = Detail;
        int length = 3 + Digits(subject) + Digits(detail);
        if (destination.Length < length)
        {
            written = 0;
            return false;
        }

        destination[0] = T.CreateTruncating('0' + (int)Class);
        destination[1] = T.CreateTruncating('.');
        int i = WriteNumber(destination, 2, subject);
        destination[i] = T.CreateTruncating('.');
        written = WriteNumber(destination, i + 1, detail);
        return true;
    }

    private static int Digits(int n) => n >= 100 ? 3 : n >= 10 ? 2 : 1;

    private static int WriteNumber<T>(Span<T> destination, int at, int n)
        where T : unmanaged, IBinaryInteger<T>
    {
        int end = at + Digits(n);
        for (int i = end - 1; i >= at; i--)
        {
            destination[i] = T.CreateTruncating('0' + (n % 10));
            n /= 10;
        }

        return end;
    }

    /// <summary>The code as <c>class.subject.detail</c>, for example <c>5.1.1</c>.</summary>
    /// <returns>The code as text.</returns>
    public override string ToString() => string.Create(3 + Digits(Subject) + Digits(Detail), this, static (span, code) => code.Write(span, out _));

    /// <inheritdoc cref="ToString()"/>
    /// <param name="format">Ignored; the code has one format.</param>
    /// <param name="formatProvider">Ignored.</param>
    public string ToString(string? format, IFormatProvider? formatProvider) => ToString();

    /// <inheritdoc/>
    public bool Equals(EnhancedStatusCode other) => _value == other._value;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is EnhancedStatusCode other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => _value;

    /// <summary>Orders codes by class, then subject, then detail.</summary>
    /// <param name="other">The other code.</param>
    /// <returns>Negative, zero or positive.</returns>
    public int CompareTo(EnhancedStatusCode other) => _value.CompareTo(other._value);

    /// <inheritdoc/>
    public int CompareTo(object? obj) => obj switch
    {
        null => 1,
        EnhancedStatusCode other => CompareTo(other),
        _ => throw new ArgumentException("Object must be an EnhancedStatusCode.", nameof(obj)),
    };

    /// <summary>Equality.</summary>
    /// <param name="left">Left.</param>
    /// <param name="right">Right.</param>
    /// <returns>Whether they are equal.</returns>
    public static bool operator ==(EnhancedStatusCode left, EnhancedStatusCode right) => left._value == right._value;

    /// <summary>Inequality.</summary>
    /// <param name="left">Left.</param>
    /// <param name="right">Right.</param>
    /// <returns>Whether they differ.</returns>
    public static bool operator !=(EnhancedStatusCode left, EnhancedStatusCode right) => left._value != right._value;

    /// <summary>Less than.</summary>
    /// <param name="left">Left.</param>
    /// <param name="right">Right.</param>
    /// <returns>The comparison.</returns>
    public static bool operator <(EnhancedStatusCode left, EnhancedStatusCode right) => left._value < right._value;

    /// <summary>Greater than.</summary>
    /// <param name="left">Left.</param>
    /// <param name="right">Right.</param>
    /// <returns>The comparison.</returns>
    public static bool operator >(EnhancedStatusCode left, EnhancedStatusCode right) => left._value > right._value;

    /// <summary>Less than or equal.</summary>
    /// <param name="left">Left.</param>
    /// <param name="right">Right.</param>
    /// <returns>The comparison.</returns>
    public static bool operator <=(EnhancedStatusCode left, EnhancedStatusCode right) => left._value <= right._value;

    /// <summary>Greater than or equal.</summary>
    /// <param name="left">Left.</param>
    /// <param name="right">Right.</param>
    /// <returns>The comparison.</returns>
    public static bool operator >=(EnhancedStatusCode left, EnhancedStatusCode right) => left._value >= right._value;
}
