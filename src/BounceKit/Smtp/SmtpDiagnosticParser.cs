using System.Buffers;
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

    // Reply codes start with 2-5. (IndexOfAnyInRange allocates on some inputs in .NET 10; SearchValues does not.)
    private static readonly SearchValues<char> ReplyClassDigits = SearchValues.Create("2345");

    /// <summary>Parses a diagnostic string.</summary>
    /// <param name="text">The raw text.</param>
    /// <returns>The parts found; any of them may be missing.</returns>
    public static SmtpDiagnosticParts Parse(ReadOnlySpan<char> text)
    {
        SmtpDiagnosticTraits traits = SmtpDiagnosticTraits.None;
        int n = text.Length;
        int i = SkipSpace(text, 0);

        if (text[i..].StartsWith("Diagnostic-Code:", StringComparison.OrdinalIgnoreCase))
        {
            i = SkipSpace(text, i + "Diagnostic-Code:".Length);
            traits |= SmtpDiagnosticTraits.Wrapped;
        }

        // A diagnostic type (RFC 3464 §2.3.6): "smtp;", "X-Postfix;", "X-Unix;".
        if (i < n && char.IsAsciiLetter(text[i]))
        {
            int j = i + 1;
            while (j < n && j - i < MaxTypeLength && (char.IsAsciiLetterOrDigit(text[j]) || text[j] == '-'))
            {
                j++;
            }

            if (j < n && text[j] == ';')
            {
                i = SkipSpace(text, j + 1);
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

        // Codes at the head: "550 5.1.1 text", "550-5.1.1 text", "550 text", "5.1.1 text", "421".
        if (TryReadReply(text, i, out reply, out int end))
        {
            replyIndex = i;
            i = end;
            if (i < n && text[i] == '-')
            {
                traits |= SmtpDiagnosticTraits.MultiLine;
                i++;
            }

            i = SkipSpace(text, i);
            textStart = i;
        }

        if (TryReadEnhanced(text, i, out status, out end))
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

        // Codes inside the text.
        if (replyIndex < 0)
        {
            int searchFrom = statusIndex >= 0 ? statusEnd : textStart;
            if (FindAnchoredReply(text, searchFrom, out reply, out replyIndex, out end) && statusIndex < 0)
            {
                int k = end < n && text[end] == '-' ? end + 1 : end;
                k = SkipSpace(text, k);
                if (TryReadEnhanced(text, k, out status, out statusEnd))
                {
                    statusIndex = k;
                }
            }
        }

        if (statusIndex < 0)
        {
            FindEmbeddedEnhanced(text, textStart, out status, out statusIndex, out statusEnd);
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

    private static bool IsWordChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '.' || c == '_';

    /// <summary>A reply code token at <paramref name="i"/>: three valid digits not glued to other word characters.</summary>
    private static bool TryReadReply(ReadOnlySpan<char> s, int i, out SmtpReplyCode code, out int end)
    {
        code = default;
        end = i + 3;
        if (end > s.Length || (i > 0 && (IsWordChar(s[i - 1]) || s[i - 1] == '-')))
        {
            return false;
        }

        if (CodeReader.ReadReplyPrefix(s[i..], out int value, out _) != SmtpParseError.None)
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

        if (CodeReader.ReadEnhancedPrefix(s[i..], out int cls, out int subject, out int detail, out int consumed) != SmtpParseError.None)
        {
            return false;
        }

        end = i + consumed;
        if (end < s.Length)
        {
            char next = s[end];
            if (char.IsAsciiLetterOrDigit(next) || next == '_' || (next == '.' && end + 1 < s.Length && char.IsAsciiDigit(s[end + 1])))
            {
                return false;
            }
        }

        code = new EnhancedStatusCode(cls, subject, detail);
        return true;
    }

    private static bool FindAnchoredReply(ReadOnlySpan<char> s, int from, out SmtpReplyCode code, out int index, out int end)
    {
        for (int i = from; i < s.Length; i++)
        {
            int d = s[i..].IndexOfAny(ReplyClassDigits);
            if (d < 0)
            {
                break;
            }

            i += d;
            if (TryReadReply(s, i, out code, out end) && IsAnchored(s, from, i, end))
            {
                index = i;
                return true;
            }
        }

        code = default;
        index = end = -1;
        return false;
    }

    /// <summary>Whether a reply code candidate sits where replies appear: at a line start, after a delimiter, or
    /// directly before an enhanced status.</summary>
    private static bool IsAnchored(ReadOnlySpan<char> s, int from, int i, int end)
    {
        int k = end < s.Length && s[end] == '-' ? end + 1 : end;
        if (TryReadEnhanced(s, SkipSpace(s, k), out _, out _))
        {
            return true;
        }

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

    private static void FindEmbeddedEnhanced(ReadOnlySpan<char> s, int from, out EnhancedStatusCode code, out int index, out int end)
    {
        for (int i = from; i < s.Length; i++)
        {
            int d = s[i..].IndexOfAny('4', '5');
            if (d < 0)
            {
                break;
            }

            i += d;
            if (i + 1 < s.Length && s[i + 1] == '.' && TryReadEnhanced(s, i, out code, out end))
            {
                index = i;
                return;
            }
        }

        code = default;
        index = end = -1;
    }

    /// <summary>Whether the same reply code opens a later line or a folded continuation ("... try 550-5.1.1 double-checking").</summary>
    private static bool HasContinuation(ReadOnlySpan<char> s, SmtpReplyCode reply, int from, int to)
    {
        Span<char> code = stackalloc char[3];
        reply.TryFormat(code, out _);
        ReadOnlySpan<char> rest = s[from..to];
        int at;
        while ((at = rest.IndexOf(code)) >= 0)
        {
            int after = at + 3;
            bool startsToken = at == 0 || IsSpace(rest[at - 1]);
            if (startsToken && after < rest.Length && rest[after] is '-' or ' ')
            {
                return true;
            }

            rest = rest[after..];
        }

        return false;
    }
}
