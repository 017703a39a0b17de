using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Numerics;
using BounceKit.Smtp.Internal;

namespace BounceKit.Smtp;

/// <summary>An RFC 5321 SMTP reply code such as <c>550</c>: class (2-5), category (0-5) and detail (0-9).</summary>
/// <remarks>
/// Create values with <see cref="Create"/>, <see cref="TryCreate"/>, <see cref="Parse(string)"/> or
/// <see cref="TryParse(ReadOnlySpan{char}, out SmtpReplyCode)"/>; every path validates the digits against the grammar of
/// RFC 5321 §4.2 (<c>%x32-35 %x30-35 %x30-39</c>). <c>default(SmtpReplyCode)</c> is not a valid code: its
/// <see cref="Value"/> is 0 and it formats as <c>000</c>.
/// </remarks>
public readonly struct SmtpReplyCode :
    IEquatable<SmtpReplyCode>,
    IComparable<SmtpReplyCode>,
    IComparable,
    ISpanParsable<SmtpReplyCode>,
    IUtf8SpanParsable<SmtpReplyCode>,
    ISpanFormattable,
    IUtf8SpanFormattable,
    IEqualityOperators<SmtpReplyCode, SmtpReplyCode, bool>,
    IComparisonOperators<SmtpReplyCode, SmtpReplyCode, bool>
{
    private readonly ushort _value;

    // Trusted: callers have validated the value.
    internal SmtpReplyCode(int value) => _value = (ushort)value;

    /// <summary>The three-digit code, for example 550; 0 for <c>default</c>.</summary>
    public int Value => _value;

    /// <summary>The first digit: success, intermediate, transient or permanent failure.</summary>
    public SmtpStatusClass Class => (SmtpStatusClass)(_value / 100);

    /// <summary>The second digit (0 syntax, 1 information, 2 connection, 5 mail system; RFC 5321 §4.2.1).</summary>
    public int Category => _value / 10 % 10;

    /// <summary>The third digit, the finer detail within the category.</summary>
    public int Detail => _value % 10;

    /// <summary>True for 4yz codes: the condition is temporary and the client should try again.</summary>
    public bool IsTransient => Class == SmtpStatusClass.TransientFailure;

    /// <summary>True for 5yz codes: the same request will not succeed if repeated unchanged.</summary>
    public bool IsPermanent => Class == SmtpStatusClass.PermanentFailure;

    /// <summary>True for 4yz and 5yz codes.</summary>
    public bool IsFailure => _value >= 400;

    /// <summary>Creates a reply code from its numeric value.</summary>
    /// <param name="value">A value from 200 to 559 whose digits follow RFC 5321 §4.2.</param>
    /// <returns>The reply code.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="value"/> is not a valid reply code.</exception>
    public static SmtpReplyCode Create(int value) =>
        TryCreate(value, out SmtpReplyCode code)
            ? code
            : throw new ArgumentOutOfRangeException(nameof(value), value, "An SMTP reply code has a class digit of 2-5, a category digit of 0-5 and a detail digit of 0-9.");

    /// <summary>Creates a reply code from its numeric value, without throwing.</summary>
    /// <param name="value">The numeric value, for example 550.</param>
    /// <param name="code">The reply code, or <c>default</c> when <paramref name="value"/> is not valid.</param>
    /// <returns>Whether <paramref name="value"/> is a valid reply code.</returns>
    public static bool TryCreate(int value, out SmtpReplyCode code)
    {
        if (value is >= 200 and <= 599 && value / 10 % 10 <= 5)
        {
            code = new SmtpReplyCode(value);
            return true;
        }

        code = default;
        return false;
    }

    /// <summary>Parses a reply code such as <c>"550"</c>. Surrounding white space is allowed.</summary>
    /// <param name="s">The text.</param>
    /// <returns>The reply code.</returns>
    /// <exception cref="SmtpFormatException">The text is not a reply code.</exception>
    public static SmtpReplyCode Parse(string s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return Parse(s.AsSpan());
    }

    /// <summary>Parses a reply code from characters.</summary>
    /// <param name="s">The characters.</param>
    /// <returns>The reply code.</returns>
    /// <exception cref="SmtpFormatException">The text is not a reply code.</exception>
    public static SmtpReplyCode Parse(ReadOnlySpan<char> s)
    {
        SmtpParseError error = CodeReader.ReadReply(s, out int value, out int position);
        return error == SmtpParseError.None ? new SmtpReplyCode(value) : throw SmtpFormatException.Create(error, position, "SMTP reply code");
    }

    /// <summary>Parses a reply code from UTF-8 bytes.</summary>
    /// <param name="utf8Text">The UTF-8 bytes.</param>
    /// <returns>The reply code.</returns>
    /// <exception cref="SmtpFormatException">The text is not a reply code.</exception>
    public static SmtpReplyCode Parse(ReadOnlySpan<byte> utf8Text)
    {
        SmtpParseError error = CodeReader.ReadReply(utf8Text, out int value, out int position);
        return error == SmtpParseError.None ? new SmtpReplyCode(value) : throw SmtpFormatException.Create(error, position, "SMTP reply code");
    }

    /// <summary>Parses a reply code without throwing.</summary>
    /// <param name="s">The text; <see langword="null"/> fails.</param>
    /// <param name="result">The reply code, or <c>default</c>.</param>
    /// <returns>Whether the text is a reply code.</returns>
    public static bool TryParse([NotNullWhen(true)] string? s, out SmtpReplyCode result) => TryParse(s.AsSpan(), out result);

    /// <summary>Parses a reply code from characters without throwing.</summary>
    /// <param name="s">The characters.</param>
    /// <param name="result">The reply code, or <c>default</c>.</param>
    /// <returns>Whether the text is a reply code.</returns>
    public static bool TryParse(ReadOnlySpan<char> s, out SmtpReplyCode result)
    {
        bool ok = CodeReader.ReadReply(s, out int value, out _) == SmtpParseError.None;
        result = new SmtpReplyCode(value);
        return ok;
    }

    /// <summary>Parses a reply code from UTF-8 bytes without throwing.</summary>
    /// <param name="utf8Text">The UTF-8 bytes.</param>
    /// <param name="result">The reply code, or <c>default</c>.</param>
    /// <returns>Whether the bytes are a reply code.</returns>
    public static bool TryParse(ReadOnlySpan<byte> utf8Text, out SmtpReplyCode result)
    {
        bool ok = CodeReader.ReadReply(utf8Text, out int value, out _) == SmtpParseError.None;
        result = new SmtpReplyCode(value);
        return ok;
    }

    static SmtpReplyCode IParsable<SmtpReplyCode>.Parse(string s, IFormatProvider? provider) => Parse(s);

    static bool IParsable<SmtpReplyCode>.TryParse([NotNullWhen(true)] string? s, IFormatProvider? provider, out SmtpReplyCode result) => TryParse(s, out result);

    static SmtpReplyCode ISpanParsable<SmtpReplyCode>.Parse(ReadOnlySpan<char> s, IFormatProvider? provider) => Parse(s);

    static bool ISpanParsable<SmtpReplyCode>.TryParse(ReadOnlySpan<char> s, IFormatProvider? provider, out SmtpReplyCode result) => TryParse(s, out result);

    static SmtpReplyCode IUtf8SpanParsable<SmtpReplyCode>.Parse(ReadOnlySpan<byte> utf8Text, IFormatProvider? provider) => Parse(utf8Text);

    static bool IUtf8SpanParsable<SmtpReplyCode>.TryParse(ReadOnlySpan<byte> utf8Text, IFormatProvider? provider, out SmtpReplyCode result) => TryParse(utf8Text, out result);

    /// <summary>Writes the three digits.</summary>
    /// <param name="destination">Where to write.</param>
    /// <param name="charsWritten">3 on success, else 0.</param>
    /// <param name="format">Ignored; reply codes have one format.</param>
    /// <param name="provider">Ignored.</param>
    /// <returns>Whether <paramref name="destination"/> was large enough.</returns>
    public bool TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format = default, IFormatProvider? provider = null)
    {
        if (destination.Length < 3)
        {
            charsWritten = 0;
            return false;
        }

        destination[0] = (char)('0' + (_value / 100));
        destination[1] = (char)('0' + Category);
        destination[2] = (char)('0' + Detail);
        charsWritten = 3;
        return true;
    }

    /// <summary>Writes the three digits as UTF-8.</summary>
    /// <param name="utf8Destination">Where to write.</param>
    /// <param name="bytesWritten">3 on success, else 0.</param>
    /// <param name="format">Ignored; reply codes have one format.</param>
    /// <param name="provider">Ignored.</param>
    /// <returns>Whether <paramref name="utf8Destination"/> was large enough.</returns>
    public bool TryFormat(Span<byte> utf8Destination, out int bytesWritten, ReadOnlySpan<char> format = default, IFormatProvider? provider = null)
    {
        if (utf8Destination.Length < 3)
        {
            bytesWritten = 0;
            return false;
        }

        utf8Destination[0] = (byte)('0' + (_value / 100));
        utf8Destination[1] = (byte)('0' + Category);
        utf8Destination[2] = (byte)('0' + Detail);
        bytesWritten = 3;
        return true;
    }

    /// <summary>The three digits, for example <c>550</c>.</summary>
    /// <returns>The code as text.</returns>
    public override string ToString() => _value.ToString("000", CultureInfo.InvariantCulture);

    /// <inheritdoc cref="ToString()"/>
    /// <param name="format">Ignored; reply codes have one format.</param>
    /// <param name="formatProvider">Ignored.</param>
    public string ToString(string? format, IFormatProvider? formatProvider) => ToString();

    /// <inheritdoc/>
    public bool Equals(SmtpReplyCode other) => _value == other._value;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is SmtpReplyCode other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => _value;

    /// <summary>Orders codes by numeric value.</summary>
    /// <param name="other">The other code.</param>
    /// <returns>Negative, zero or positive.</returns>
    public int CompareTo(SmtpReplyCode other) => _value.CompareTo(other._value);

    /// <inheritdoc/>
    public int CompareTo(object? obj) => obj switch
    {
        null => 1,
        SmtpReplyCode other => CompareTo(other),
        _ => throw new ArgumentException("Object must be an SmtpReplyCode.", nameof(obj)),
    };

    /// <summary>Equality.</summary>
    /// <param name="left">Left.</param>
    /// <param name="right">Right.</param>
    /// <returns>Whether they are equal.</returns>
    public static bool operator ==(SmtpReplyCode left, SmtpReplyCode right) => left._value == right._value;

    /// <summary>Inequality.</summary>
    /// <param name="left">Left.</param>
    /// <param name="right">Right.</param>
    /// <returns>Whether they differ.</returns>
    public static bool operator !=(SmtpReplyCode left, SmtpReplyCode right) => left._value != right._value;

    /// <summary>Less than.</summary>
    /// <param name="left">Left.</param>
    /// <param name="right">Right.</param>
    /// <returns>The comparison.</returns>
    public static bool operator <(SmtpReplyCode left, SmtpReplyCode right) => left._value < right._value;

    /// <summary>Greater than.</summary>
    /// <param name="left">Left.</param>
    /// <param name="right">Right.</param>
    /// <returns>The comparison.</returns>
    public static bool operator >(SmtpReplyCode left, SmtpReplyCode right) => left._value > right._value;

    /// <summary>Less than or equal.</summary>
    /// <param name="left">Left.</param>
    /// <param name="right">Right.</param>
    /// <returns>The comparison.</returns>
    public static bool operator <=(SmtpReplyCode left, SmtpReplyCode right) => left._value <= right._value;

    /// <summary>Greater than or equal.</summary>
    /// <param name="left">Left.</param>
    /// <param name="right">Right.</param>
    /// <returns>The comparison.</returns>
    public static bool operator >=(SmtpReplyCode left, SmtpReplyCode right) => left._value >= right._value;
}
