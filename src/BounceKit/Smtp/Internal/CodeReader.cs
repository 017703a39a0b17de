using System.Numerics;
using System.Runtime.CompilerServices;

namespace BounceKit.Smtp.Internal;

/// <summary>
/// The one parser behind every Parse/TryParse overload of <see cref="SmtpReplyCode"/> and
/// <see cref="EnhancedStatusCode"/>, generic over UTF-16 and UTF-8 code units. Never throws.
/// </summary>
internal static class CodeReader
{
    // The JIT removes the untaken branch per instantiation; generic-math conversions were measurably slower here.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Code<T>(T c)
        where T : unmanaged, IBinaryInteger<T> =>
        typeof(T) == typeof(char) ? Unsafe.As<T, char>(ref c) : typeof(T) == typeof(byte) ? Unsafe.As<T, byte>(ref c) : uint.CreateTruncating(c);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int Digit<T>(T c)
        where T : unmanaged, IBinaryInteger<T>
    {
        uint d = Code(c) - '0';
        return d <= 9 ? (int)d : -1;
    }

    private static bool IsSpace<T>(T c)
        where T : unmanaged, IBinaryInteger<T> => Code(c) is ' ' or '\t' or '\r' or '\n';

    /// <summary>Trims ASCII white space; <paramref name="offset"/> is where the trimmed input starts.</summary>
    private static ReadOnlySpan<T> Trim<T>(ReadOnlySpan<T> s, out int offset)
        where T : unmanaged, IBinaryInteger<T>
    {
        int start = 0, end = s.Length;
        while (start < end && IsSpace(s[start]))
        {
            start++;
        }

        while (end > start && IsSpace(s[end - 1]))
        {
            end--;
        }

        offset = start;
        return s[start..end];
    }

    /// <summary>Reads a whole reply code (three digits, class 2-5, category 0-5), allowing surrounding white space.</summary>
    internal static SmtpParseError ReadReply<T>(ReadOnlySpan<T> input, out int value, out int position)
        where T : unmanaged, IBinaryInteger<T>
    {
        value = 0;
        ReadOnlySpan<T> s = Trim(input, out int offset);
        if (s.IsEmpty)
        {
            position = 0;
            return SmtpParseError.Empty;
        }

        SmtpParseError error = ReadReplyPrefix(s, out value, out int consumed);
        if (error == SmtpParseError.None && consumed < s.Length)
        {
            error = Digit(s[consumed]) >= 0 ? SmtpParseError.WrongLength : SmtpParseError.TrailingCharacters;
        }

        position = offset + consumed;
        if (error != SmtpParseError.None)
        {
            value = 0;
        }

        return error;
    }

    /// <summary>Reads three reply-code digits from the start of <paramref name="s"/>; <paramref name="consumed"/> is the
    /// index of the failing character, or 3 on success.</summary>
    internal static SmtpParseError ReadReplyPrefix<T>(ReadOnlySpan<T> s, out int value, out int consumed)
        where T : unmanaged, IBinaryInteger<T>
    {
        // Most calls see a valid code: check the three digits at once, and walk them only to say what is wrong.
        if (TryReadReplyPrefix(s, out value))
        {
            consumed = 3;
            return SmtpParseError.None;
        }

        for (consumed = 0; consumed < 3; consumed++)
        {
            if (consumed >= s.Length)
            {
                return consumed == 0 ? SmtpParseError.Empty : SmtpParseError.WrongLength;
            }

            int d = Digit(s[consumed]);
            if (d < 0)
            {
                return consumed == 0 ? SmtpParseError.ExpectedDigit : SmtpParseError.WrongLength;
            }

            if (consumed == 0 && d is < 2 or > 5)
            {
                return SmtpParseError.InvalidClass;
            }

            if (consumed == 1 && d > 5)
            {
                return SmtpParseError.InvalidCategory;
            }

            value = (value * 10) + d;
        }

        return SmtpParseError.None;
    }

    /// <summary>Whether <paramref name="s"/> starts with three reply-code digits (class 2-5, category 0-5), and their
    /// value: what <see cref="ReadReplyPrefix"/> accepts, without saying what is wrong otherwise.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool TryReadReplyPrefix<T>(ReadOnlySpan<T> s, out int value)
        where T : unmanaged, IBinaryInteger<T>
    {
        if (s.Length >= 3)
        {
            uint d0 = Code(s[0]) - '0', d1 = Code(s[1]) - '0', d2 = Code(s[2]) - '0';
            if (d0 - 2 <= 3 && d1 <= 5 && d2 <= 9)
            {
                value = (int)((d0 * 100) + (d1 * 10) + d2);
                return true;
            }
        }

        value = 0;
        return false;
    }

    /// <summary>Reads a whole enhanced status code (<c>class.subject.detail</c>), allowing surrounding white space.</summary>
    internal static SmtpParseError ReadEnhanced<T>(ReadOnlySpan<T> input, out int cls, out int subject, out int detail, out int position)
        where T : unmanaged, IBinaryInteger<T>
    {
        ReadOnlySpan<T> s = Trim(input, out int offset);
        if (s.IsEmpty)
        {
            cls = subject = detail = 0;
            position = 0;
            return SmtpParseError.Empty;
        }

        SmtpParseError error = ReadEnhancedPrefix(s, out cls, out subject, out detail, out int consumed);
        if (error == SmtpParseError.None && consumed < s.Length)
        {
            error = SmtpParseError.TrailingCharacters;
        }

        position = offset + consumed;
        if (error != SmtpParseError.None)
        {
            cls = subject = detail = 0;
        }

        return error;
    }

    /// <summary>Reads <c>class.subject.detail</c> from the start of <paramref name="s"/>, stopping after the detail's
    /// digits. <paramref name="consumed"/> is the index of the failing character, or the length read on success.</summary>
    internal static SmtpParseError ReadEnhancedPrefix<T>(ReadOnlySpan<T> s, out int cls, out int subject, out int detail, out int consumed)
        where T : unmanaged, IBinaryInteger<T>
    {
        // As for reply codes: the quick test accepts, and the digits are walked again only to say what is wrong.
        consumed = TryReadEnhancedPrefix(s, out cls, out subject, out detail);
        if (consumed > 0)
        {
            return SmtpParseError.None;
        }

        if (s.IsEmpty)
        {
            return SmtpParseError.Empty;
        }

        cls = Digit(s[0]);
        if (cls < 0)
        {
            cls = 0;
            return SmtpParseError.ExpectedDigit;
        }

        if (cls is not (2 or 4 or 5))
        {
            cls = 0;
            return SmtpParseError.InvalidClass;
        }

        consumed = 1;
        SmtpParseError error = ReadDottedNumber(s, ref consumed, out subject);
        if (error != SmtpParseError.None)
        {
            return error;
        }

        return ReadDottedNumber(s, ref consumed, out detail);
    }

    /// <summary>The length of <c>class.subject.detail</c> at the start of <paramref name="s"/> and its parts, or 0: what
    /// <see cref="ReadEnhancedPrefix"/> accepts, without saying what is wrong otherwise.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int TryReadEnhancedPrefix<T>(ReadOnlySpan<T> s, out int cls, out int subject, out int detail)
        where T : unmanaged, IBinaryInteger<T>
    {
        int i = 1;
        uint c = s.IsEmpty ? 0 : Code(s[0]) - '0';
        if ((c == 2 || c == 4 || c == 5) && TryReadDottedNumber(s, ref i, out subject) && TryReadDottedNumber(s, ref i, out detail))
        {
            cls = (int)c;
            return i;
        }

        cls = subject = detail = 0;
        return 0;
    }

    // '.' and one to three digits (a fourth is an error) from i, which moves past them.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool TryReadDottedNumber<T>(ReadOnlySpan<T> s, ref int i, out int number)
        where T : unmanaged, IBinaryInteger<T>
    {
        number = 0;
        if ((uint)i >= (uint)s.Length || Code(s[i]) != '.')
        {
            return false;
        }

        int k = i + 1, end = Math.Min(s.Length, i + 5);
        uint d;
        while (k < end && (d = Code(s[k]) - '0') <= 9)
        {
            number = (number * 10) + (int)d;
            k++;
        }

        int digits = k - i - 1;
        i = k;
        return digits is > 0 and < 4;
    }

    private static SmtpParseError ReadDottedNumber<T>(ReadOnlySpan<T> s, ref int i, out int number)
        where T : unmanaged, IBinaryInteger<T>
    {
        number = 0;
        if (i >= s.Length || Code(s[i]) != '.')
        {
            return SmtpParseError.ExpectedDot;
        }

        i++;
        int start = i;
        while (i < s.Length && Digit(s[i]) is int d and >= 0)
        {
            if (i - start == 3)
            {
                return SmtpParseError.NumberTooLong;
            }

            number = (number * 10) + d;
            i++;
        }

        return i == start ? SmtpParseError.ExpectedDigit : SmtpParseError.None;
    }
}
