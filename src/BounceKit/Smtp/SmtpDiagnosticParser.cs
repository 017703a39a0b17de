using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using BounceKit.Smtp.Internal;

namespace BounceKit.Smtp;

/// <summary>Finds the reply code, enhanced status and human text in a raw SMTP diagnostic string, as people get it
/// from DSNs, MTA logs and ESP exports. Never throws and allocates nothing.</summary>
/// <remarks>
/// <para>Understood shapes: <c>smtp;550 5.1.1 &lt;a@b&gt;: ...</c>, <c>Diagnostic-Code: smtp; 552 ...</c>, Gmail's
/// <c>550-5.1.1 ...</c> continuations (CRLF, LF or folded onto one line), Exchange's
/// <c>#550 5.1.1 RESOLVER.ADR.RecipNotFound; not found ##</c>, qmail's <c>... (#5.1.1)</c>, <c>X-Postfix; ...</c>,
/// bracketed <c>[5.1.1]</c>, bare codes, and prose with a code after <c>said:</c> or on a later line.</para>
/// <para>Numbers that are not codes are ignored: IP addresses, version numbers, dates, times and ports. A number is a
/// reply code only at the start of the text or a line, after a delimiter such as <c>:</c>, <c>;</c>, <c>#</c> or
/// <c>(</c>, or when an enhanced status follows it. An enhanced status inside the text must have class 4 or 5.</para>
/// </remarks>
public static class SmtpDiagnosticParser
{
    private const int MaxTypeLength = 32;

    // The code search's block: 16 characters.
    private const int Block = 16;

    /// <summary>Parses a diagnostic string.</summary>
    /// <param name="text">The raw text.</param>
    /// <returns>The parts found; any of them may be missing.</returns>
    public static SmtpDiagnosticParts Parse(ReadOnlySpan<char> text) => Parse<AllParts>(text);

    /// <summary>Only the reply code and enhanced status of <see cref="Parse(ReadOnlySpan{char})"/>, without finding
    /// where the human text ends or whether it continues on later lines: what the classifier reads.</summary>
    internal static void ParseCodes(ReadOnlySpan<char> text, out SmtpReplyCode? reply, out EnhancedStatusCode? status)
    {
        SmtpDiagnosticParts parts = Parse<CodesAlone>(text);
        reply = parts.ReplyCode;
        status = parts.EnhancedStatus;
    }

    // One source for both, compiled twice (TWanted is a struct): each copy has the other's path removed and its own
    // profile, so the classifier's calls do not make the rest of Parse look rare. Not inlined into the callers: the JIT
    // would then stop inlining the body's own helpers. With CodesAlone, the text bounds of the result are not meaningful.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static SmtpDiagnosticParts Parse<TWanted>(ReadOnlySpan<char> text)
        where TWanted : struct, IWanted
    {
        SmtpDiagnosticTraits traits = SmtpDiagnosticTraits.None;
        int n = text.Length;
        int i = SkipSpace(text, 0);

        if (i < n && (text[i] | 0x20) == 'd' && text[i..].StartsWith("Diagnostic-Code:", StringComparison.OrdinalIgnoreCase))
        {
            i = SkipSpace(text, i + "Diagnostic-Code:".Length);
            traits |= SmtpDiagnosticTraits.Wrapped;
        }

        // A diagnostic type (RFC 3464 §2.3.6): "smtp;", "X-Postfix;", "X-Unix;".
        // Most texts have no ';' near the start: one vectorised search rules the type out before any word is walked.
        if (i < n && char.IsAsciiLetter(text[i]))
        {
            ReadOnlySpan<char> head = text.Slice(i + 1, Math.Min(MaxTypeLength, n - i - 1));
            int semicolon = SemicolonIn(head);
            if (semicolon >= 0 && IsTypeName(head[..semicolon]))
            {
                i = SkipSpace(text, i + 1 + semicolon + 1);
                traits |= SmtpDiagnosticTraits.Wrapped;
            }
        }

        // Exchange wraps its text in '#' markers.
        if (i < n && text[i] == '#')
        {
            while (i < n && text[i] == '#')
            {
                i++;
            }

            i = SkipSpace(text, i);
            traits |= SmtpDiagnosticTraits.Wrapped;
        }

        int textStart = i;
        int replyIndex = -1, statusIndex = -1, statusEnd = -1;
        SmtpReplyCode reply = default;
        EnhancedStatusCode status = default;

        // Codes at the head: "550 5.1.1 text", "550-5.1.1 text", "550 text", "5.1.1 text", "421". Most texts
        // without one start with a letter: a look at the first character saves the calls.
        if (i < n && IsCodeStart(text[i]) && TryReadReply(text, i, out reply))
        {
            replyIndex = i;
            i += 3;
            if (i < n && text[i] == '-')
            {
                traits |= SmtpDiagnosticTraits.MultiLine;
                i++;
            }

            i = SkipSpace(text, i);
            textStart = i;
        }

        if (i < n && IsCodeStart(text[i]) && TryReadEnhanced(text, i, out status, out int end))
        {
            statusIndex = i;
            statusEnd = end;
            textStart = SkipSpace(text, end);
        }

        if (replyIndex >= 0 || statusIndex >= 0)
        {
            traits |= SmtpDiagnosticTraits.CodesAtStart;
            textStart = SkipLeadingSeparator(text, textStart);
        }

        // Codes inside the text, in one pass over the digits that can start a code.
        if (replyIndex < 0 || statusIndex < 0)
        {
            ScanBody(text, statusIndex >= 0 ? statusEnd : textStart, replyIndex < 0, ref reply, ref replyIndex, ref status, ref statusIndex, ref statusEnd);
        }

        if (TWanted.CodesOnly)
        {
            return new SmtpDiagnosticParts(reply, replyIndex, status, statusIndex, textStart, textStart, traits);
        }

        int textEnd = TrimEnd(text, textStart, n);

        // qmail "(#5.1.1)" and "[5.1.1]" closing the text are codes, not words.
        if (statusIndex > textStart && statusEnd >= 0)
        {
            int k = statusEnd;
            while (k < textEnd && (text[k] is ')' or ']' or '>' || IsSpace(text[k])))
            {
                k++;
            }

            if (k >= textEnd)
            {
                int start = statusIndex;
                while (start > textStart && (text[start - 1] is '#' or '(' or '[' || IsSpace(text[start - 1])))
                {
                    start--;
                }

                textEnd = start;
            }
        }

        if (replyIndex >= 0 && (traits & SmtpDiagnosticTraits.MultiLine) == 0 && HasContinuation(text, reply, Math.Max(textStart, replyIndex + 3), textEnd))
        {
            traits |= SmtpDiagnosticTraits.MultiLine;
        }

        if (replyIndex >= 0 && statusIndex >= 0 && reply.Class != status.Class)
        {
            traits |= SmtpDiagnosticTraits.ClassMismatch;
        }

        return new SmtpDiagnosticParts(reply, replyIndex, status, statusIndex, textStart, Math.Max(textStart, textEnd), traits);
    }

    /// <summary>Where the first ';' is in <paramref name="head"/>, or -1: when it holds 32 characters (the usual case, a
    /// full <see cref="MaxTypeLength"/>), two comparisons of 16 characters inline rather than a call.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int SemicolonIn(ReadOnlySpan<char> head)
    {
        if (Vector256.IsHardwareAccelerated && head.Length == 2 * Vector256<ushort>.Count)
        {
            ref ushort start = ref Unsafe.As<char, ushort>(ref MemoryMarshal.GetReference(head));
            Vector256<ushort> semicolon = Vector256.Create((ushort)';');
            uint low = Vector256.Equals(Vector256.LoadUnsafe(ref start), semicolon).AsByte().ExtractMostSignificantBits();
            uint high = Vector256.Equals(Vector256.LoadUnsafe(ref start, (nuint)Vector256<ushort>.Count), semicolon).AsByte().ExtractMostSignificantBits();
            ulong mask = low | ((ulong)high << 32);
            return mask == 0 ? -1 : BitOperations.TrailingZeroCount(mask) / 2;
        }

        return head.IndexOf(';');
    }

    private static bool IsTypeName(ReadOnlySpan<char> s)
    {
        foreach (char c in s)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '-')
            {
                return false;
            }
        }

        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsSpace(char c) => c is ' ' or '\t' or '\r' or '\n';

    private static int SkipSpace(ReadOnlySpan<char> s, int i)
    {
        while (i < s.Length && IsSpace(s[i]))
        {
            i++;
        }

        return i;
    }

    private static int SkipLeadingSeparator(ReadOnlySpan<char> s, int i)
    {
        // "550 5.1.1: text", "550 - text"
        if (i < s.Length && s[i] is ':' or '-' or ';' && (i + 1 == s.Length || IsSpace(s[i + 1])))
        {
            i = SkipSpace(s, i + 1);
        }

        return i;
    }

    private static int TrimEnd(ReadOnlySpan<char> s, int start, int end)
    {
        while (end > start && (IsSpace(s[end - 1]) || s[end - 1] == '#'))
        {
            end--;
        }

        return end;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsWordChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '.' || c == '_';

    /// <summary>A reply code token at <paramref name="i"/>: three valid digits not glued to other word characters.</summary>
    private static bool TryReadReply(ReadOnlySpan<char> s, int i, out SmtpReplyCode code)
    {
        code = default;
        int end = i + 3;
        if (end > s.Length || (i > 0 && (IsWordChar(s[i - 1]) || s[i - 1] == '-')) || !CodeReader.TryReadReplyPrefix(s[i..], out int value))
        {
            return false;
        }

        if (end < s.Length)
        {
            char next = s[end];
            bool nextIsDigit = end + 1 < s.Length && char.IsAsciiDigit(s[end + 1]);
            switch (next)
            {
                case '-':
                    // "550-5.1.1" continues; "555-1234" is a phone number.
                    if (nextIsDigit && !TryReadEnhanced(s, end + 1, out _, out _))
                    {
                        return false;
                    }

                    break;
                case '.' or ':' or '/' or ',':
                    // "550." ends a sentence; "300.5", "421:25" and "550/1" are not codes.
                    if (nextIsDigit)
                    {
                        return false;
                    }

                    break;
                default:
                    if (char.IsAsciiLetterOrDigit(next) || next == '_')
                    {
                        return false;
                    }

                    break;
            }
        }

        code = new SmtpReplyCode(value);
        return true;
    }

    /// <summary>An enhanced status token at <paramref name="i"/>, not part of an IP address, version or date.</summary>
    private static bool TryReadEnhanced(ReadOnlySpan<char> s, int i, out EnhancedStatusCode code, out int end)
    {
        code = default;
        end = i;
        if (i >= s.Length || (i > 0 && IsWordChar(s[i - 1])))
        {
            return false;
        }

        int consumed = CodeReader.TryReadEnhancedPrefix(s[i..], out int cls, out int subject, out int detail);
        if (consumed == 0)
        {
            return false;
        }

        // The end is worked with in a local: read back through the out parameter (a caller's local the JIT then keeps in
        // memory), the checks below measured +5.5 ns per parse.
        int stop = i + consumed;
        end = stop;
        if (stop < s.Length)
        {
            char next = s[stop];
            if (char.IsAsciiLetterOrDigit(next) || next == '_' || (next == '.' && stop + 1 < s.Length && char.IsAsciiDigit(s[stop + 1])))
            {
                return false;
            }
        }

        code = new EnhancedStatusCode(cls, subject, detail);
        return true;
    }

    /// <summary>Finds an anchored reply code (when <paramref name="wantReply"/>) and, when no status is known yet,
    /// the status right after that reply or else the first class 4/5 status in the text.</summary>
    private static void ScanBody(
        ReadOnlySpan<char> s, int from, bool wantReply,
        ref SmtpReplyCode reply, ref int replyIndex, ref EnhancedStatusCode status, ref int statusIndex, ref int statusEnd)
    {
        int embeddedIndex = -1, embeddedEnd = -1;
        EnhancedStatusCode embedded = default;
        bool wantStatus = statusIndex < 0;
        int n = s.Length;
        int i = from;
        while ((wantReply || (wantStatus && embeddedIndex < 0)) && i < n)
        {
            // Most digits sit inside IP addresses, dates, host names and tokens: the search passes over every digit
            // that follows a word character, so the rest of a rejected number or word is never looked at.
            int p = NextCandidate(s, i);
            if (p < 0)
            {
                break;
            }

            i = p + 1;
            if (p + 1 < n && s[p + 1] == '.')
            {
                if (wantStatus && embeddedIndex < 0 && s[p] is '4' or '5' && TryReadEnhanced(s, p, out embedded, out embeddedEnd))
                {
                    embeddedIndex = p;
                }
            }
            else if (wantReply && p + 2 < n && char.IsAsciiDigit(s[p + 1]) && char.IsAsciiDigit(s[p + 2]) &&
                TryReadReply(s, p, out SmtpReplyCode candidate) &&
                IsAnchored(s, from, p, p + 3, out EnhancedStatusCode following, out int followingIndex, out int followingEnd))
            {
                reply = candidate;
                replyIndex = p;
                wantReply = false;
                if (wantStatus && followingIndex >= 0)
                {
                    status = following;
                    statusIndex = followingIndex;
                    statusEnd = followingEnd;
                    wantStatus = false;
                }
            }
        }

        if (wantStatus && embeddedIndex >= 0)
        {
            status = embedded;
            statusIndex = embeddedIndex;
            statusEnd = embeddedEnd;
        }
    }

    /// <summary>The first position from <paramref name="i"/> that can start a code: a digit 2-5 (reply codes and
    /// failure statuses start with one) that does not follow a word character or '-' (<see cref="IsWordChar"/>), or
    /// -1. Reads 16 characters and the 16 before them at a time.</summary>
    private static int NextCandidate(ReadOnlySpan<char> s, int i)
    {
        int n = s.Length;
        if (i == 0 && n > 0)
        {
            if (IsCodeStart(s[0]))
            {
                return 0;
            }

            i = 1;
        }

        // 16 characters at a time: in one 256-bit vector with AVX2, else in two 128-bit halves (Arm64, x64 without AVX2).
        if (Vector256.IsHardwareAccelerated && n > Block)
        {
            return NextCandidate<Vector256Blocks>(s, i);
        }

        if (Vector128.IsHardwareAccelerated && n > Block)
        {
            return NextCandidate<Vector128Blocks>(s, i);
        }

        for (; i < n; i++)
        {
            if (IsCodeStart(s[i]) && !IsWordChar(s[i - 1]) && s[i - 1] != '-')
            {
                return i;
            }
        }

        return -1;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int NextCandidate<TBlocks>(ReadOnlySpan<char> s, int i)
        where TBlocks : struct, ICodeBlocks
    {
        int n = s.Length;
        ref ushort start = ref Unsafe.As<char, ushort>(ref MemoryMarshal.GetReference(s));
        for (; i <= n - Block; i += Block)
        {
            uint mask = TBlocks.Candidates(ref Unsafe.Add(ref start, i));
            if (mask != 0)
            {
                return i + (BitOperations.TrailingZeroCount(mask) / 2);
            }
        }

        if (i < n)
        {
            // The last 16 characters, overlapping what was read, without the positions before i.
            int last = n - Block;
            uint mask = TBlocks.Candidates(ref Unsafe.Add(ref start, last)) >> (2 * (i - last));
            if (mask != 0)
            {
                return i + (BitOperations.TrailingZeroCount(mask) / 2);
            }
        }

        return -1;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsCodeStart(char c) => (uint)(c - '2') <= '5' - '2';

    /// <summary>How <see cref="NextCandidate(ReadOnlySpan{char}, int)"/> reads 16 characters at once: compiled once
    /// per implementation (a struct type argument).</summary>
    private interface ICodeBlocks
    {
        /// <summary>Two bits per character (lowest first) for each of the 16 characters at <paramref name="chars"/> that
        /// can start a code: a digit 2-5 (reply codes and failure statuses start with one) that does not follow a word
        /// character or '-' (<see cref="IsWordChar"/>). Reads the character before <paramref name="chars"/> too.</summary>
        static abstract uint Candidates(ref ushort chars);
    }

    private readonly struct Vector256Blocks : ICodeBlocks
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static uint Candidates(ref ushort chars)
        {
            // Most blocks hold no digit 2-5 at all: that alone is tested first.
            Vector256<ushort> codeStarts = CodeStarts(Vector256.LoadUnsafe(ref chars));
            return codeStarts == Vector256<ushort>.Zero
                ? 0
                : Vector256.AndNot(codeStarts, IsWordOrDash(Vector256.LoadUnsafe(ref Unsafe.Subtract(ref chars, 1)))).AsByte().ExtractMostSignificantBits();
        }
    }

    private readonly struct Vector128Blocks : ICodeBlocks
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static uint Candidates(ref ushort chars)
        {
            ref ushort second = ref Unsafe.Add(ref chars, Vector128<ushort>.Count);
            Vector128<ushort> firstStarts = CodeStarts(Vector128.LoadUnsafe(ref chars));
            Vector128<ushort> secondStarts = CodeStarts(Vector128.LoadUnsafe(ref second));
            if ((firstStarts | secondStarts) == Vector128<ushort>.Zero)
            {
                return 0;
            }

            uint first = Vector128.AndNot(firstStarts, IsWordOrDash(Vector128.LoadUnsafe(ref Unsafe.Subtract(ref chars, 1)))).AsByte().ExtractMostSignificantBits();
            uint rest = Vector128.AndNot(secondStarts, IsWordOrDash(Vector128.LoadUnsafe(ref Unsafe.Subtract(ref second, 1)))).AsByte().ExtractMostSignificantBits();
            return first | (rest << 16);
        }
    }

    /// <summary>The lanes of <paramref name="text"/> that hold a digit 2-5 (all bits set), the first character of every
    /// reply code and failure status.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<ushort> CodeStarts(Vector256<ushort> text)
    {
        Vector256<ushort> code = text - Vector256.Create((ushort)'2');
        return Vector256.Equals(Vector256.Min(code, Vector256.Create((ushort)('5' - '2'))), code);
    }

    /// <inheritdoc cref="CodeStarts(Vector256{ushort})"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<ushort> CodeStarts(Vector128<ushort> text)
    {
        Vector128<ushort> code = text - Vector128.Create((ushort)'2');
        return Vector128.Equals(Vector128.Min(code, Vector128.Create((ushort)('5' - '2'))), code);
    }

    /// <summary>The lanes of <paramref name="chars"/> that hold a word character or '-' (<see cref="IsWordChar"/>): what
    /// a code may not follow.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<ushort> IsWordOrDash(Vector256<ushort> chars)
    {
        // Unsigned range checks: x - low <= high - low, as min(x - low, high - low) == x - low.
        Vector256<ushort> letter = (chars | Vector256.Create((ushort)0x20)) - Vector256.Create((ushort)'a');
        Vector256<ushort> digit = chars - Vector256.Create((ushort)'0');
        Vector256<ushort> dash = chars - Vector256.Create((ushort)'-');
        return Vector256.Equals(Vector256.Min(letter, Vector256.Create((ushort)('z' - 'a'))), letter) |
            Vector256.Equals(Vector256.Min(digit, Vector256.Create((ushort)9)), digit) |
            Vector256.Equals(Vector256.Min(dash, Vector256.Create((ushort)('.' - '-'))), dash) |
            Vector256.Equals(chars, Vector256.Create((ushort)'_'));
    }

    /// <inheritdoc cref="IsWordOrDash(Vector256{ushort})"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<ushort> IsWordOrDash(Vector128<ushort> chars)
    {
        Vector128<ushort> letter = (chars | Vector128.Create((ushort)0x20)) - Vector128.Create((ushort)'a');
        Vector128<ushort> digit = chars - Vector128.Create((ushort)'0');
        Vector128<ushort> dash = chars - Vector128.Create((ushort)'-');
        return Vector128.Equals(Vector128.Min(letter, Vector128.Create((ushort)('z' - 'a'))), letter) |
            Vector128.Equals(Vector128.Min(digit, Vector128.Create((ushort)9)), digit) |
            Vector128.Equals(Vector128.Min(dash, Vector128.Create((ushort)('.' - '-'))), dash) |
            Vector128.Equals(chars, Vector128.Create((ushort)'_'));
    }

    /// <summary>Whether a reply code candidate sits where replies appear: at a line start, after a delimiter, or
    /// directly before an enhanced status, which is returned (<paramref name="statusIndex"/> -1: none follows).</summary>
    private static bool IsAnchored(ReadOnlySpan<char> s, int from, int i, int end, out EnhancedStatusCode status, out int statusIndex, out int statusEnd)
    {
        statusIndex = SkipSpace(s, end < s.Length && s[end] == '-' ? end + 1 : end);
        if (TryReadEnhanced(s, statusIndex, out status, out statusEnd))
        {
            return true;
        }

        statusIndex = -1;

        int q = i - 1;
        bool sawSpace = false;
        while (q >= from && s[q] is ' ' or '\t')
        {
            q--;
            sawSpace = true;
        }

        if (q < from || s[q] is '\r' or '\n')
        {
            return true;
        }

        return s[q] switch
        {
            // "said: 550", but not the port in "192.0.2.1:550".
            ':' => sawSpace || q == 0 || !char.IsAsciiDigit(s[q - 1]),
            ';' or '#' or '(' or '[' or '<' or '\'' or '"' or '=' => true,
            _ => false,
        };
    }

    /// <summary>Whether a later line opens with the same reply code ("550-5.1.1 ...\r\n550 5.1.1 ...").</summary>
    private static bool HasContinuation(ReadOnlySpan<char> s, SmtpReplyCode reply, int from, int to)
    {
        int value = reply.Value;
        for (int i = from; i < to;)
        {
            int d = s[i..to].IndexOfAny('\r', '\n');
            if (d < 0)
            {
                return false;
            }

            int p = SkipSpace(s, i + d);
            if (p + 3 < to && CodeReader.TryReadReplyPrefix(s[p..], out int next) && next == value && s[p + 3] is '-' or ' ')
            {
                return true;
            }

            i = p;
        }

        return false;
    }

    private interface IWanted
    {
        static abstract bool CodesOnly { get; }
    }

    private struct AllParts : IWanted
    {
        public static bool CodesOnly => false;
    }

    private struct CodesAlone : IWanted
    {
        public static bool CodesOnly => true;
    }
}
