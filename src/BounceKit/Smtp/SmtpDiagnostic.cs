using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace BounceKit.Smtp;

/// <summary>A parsed SMTP diagnostic: the raw text, its reply code and enhanced status (each optional) and the
/// human-readable text with wrappers, codes and continuation prefixes removed.</summary>
/// <remarks>The allocating convenience over <see cref="SmtpDiagnosticParser"/>; hot paths use the parser directly.</remarks>
public sealed class SmtpDiagnostic
{
    private SmtpDiagnostic(string raw, SmtpDiagnosticParts parts)
    {
        Raw = raw;
        ReplyCode = parts.ReplyCode;
        EnhancedStatus = parts.EnhancedStatus;
        Traits = parts.Traits;
        Text = CleanText(raw, parts);
    }

    /// <summary>The text as given.</summary>
    public string Raw { get; }

    /// <summary>The SMTP reply code, when the text carries one.</summary>
    public SmtpReplyCode? ReplyCode { get; }

    /// <summary>The RFC 3463 enhanced status, when the text carries one.</summary>
    public EnhancedStatusCode? EnhancedStatus { get; }

    /// <summary>The human-readable text: no wrapper, no leading codes, continuation lines joined with single spaces.</summary>
    public string Text { get; }

    /// <summary>What the parser noticed about the shape of the text.</summary>
    public SmtpDiagnosticTraits Traits { get; }

    /// <summary>The registry title of <see cref="EnhancedStatus"/>, for example "Bad destination mailbox address".</summary>
    public string? StatusTitle => EnhancedStatus?.Describe()?.Title;

    /// <summary>True when the reply code and enhanced status disagree on the class (for example <c>550 4.2.2</c>).</summary>
    public bool ClassesDisagree => (Traits & SmtpDiagnosticTraits.ClassMismatch) != 0;

    /// <summary>Parses a diagnostic string. Codes are optional: text without any code is a valid diagnostic.</summary>
    /// <param name="text">The raw diagnostic text.</param>
    /// <returns>The parsed diagnostic.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    /// <exception cref="SmtpFormatException"><paramref name="text"/> is empty or white space.</exception>
    public static SmtpDiagnostic Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryParse(text, out SmtpDiagnostic? result)
            ? result
            : throw SmtpFormatException.Create(SmtpParseError.Empty, 0, "SMTP diagnostic");
    }

    /// <summary>Parses a diagnostic string without throwing.</summary>
    /// <param name="text">The raw diagnostic text.</param>
    /// <param name="result">The parsed diagnostic, or <see langword="null"/> when the text is null, empty or white space.</param>
    /// <returns>Whether there was text to parse.</returns>
    public static bool TryParse([NotNullWhen(true)] string? text, [NotNullWhen(true)] out SmtpDiagnostic? result)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            result = null;
            return false;
        }

        result = new SmtpDiagnostic(text, SmtpDiagnosticParser.Parse(text));
        return true;
    }

    /// <inheritdoc/>
    public override string ToString() => Raw;

    private static string CleanText(string raw, SmtpDiagnosticParts parts)
    {
        ReadOnlySpan<char> text = parts.GetText(raw);
        Span<char> reply = stackalloc char[3];
        Span<char> status = stackalloc char[EnhancedStatusCode.MaxLength];
        int replyLength = 0, statusLength = 0;
        if (parts.ReplyCode is { } r && (parts.Traits & SmtpDiagnosticTraits.MultiLine) != 0)
        {
            r.TryFormat(reply, out replyLength);
            if (parts.EnhancedStatus is { } e)
            {
                e.TryFormat(status, out statusLength);
            }
        }

        var sb = new StringBuilder(text.Length);
        int i = 0;
        while (i < text.Length)
        {
            char c = text[i];
            bool tokenStart = i == 0 || char.IsWhiteSpace(text[i - 1]);
            if (replyLength > 0 && tokenStart && IsContinuation(text[i..], reply[..replyLength], status[..statusLength], out int skip))
            {
                i += skip;
                continue;
            }

            if (char.IsWhiteSpace(c))
            {
                if (sb.Length > 0 && sb[^1] != ' ')
                {
                    sb.Append(' ');
                }
            }
            else
            {
                sb.Append(c);
            }

            i++;
        }

        while (sb.Length > 0 && sb[^1] == ' ')
        {
            sb.Length--;
        }

        return sb.ToString();
    }

    // "550-5.1.1 " or "550 5.1.1 " or "550-" opening a continuation line.
    private static bool IsContinuation(ReadOnlySpan<char> s, ReadOnlySpan<char> reply, ReadOnlySpan<char> status, out int length)
    {
        length = 0;
        if (!s.StartsWith(reply) || s.Length == reply.Length || s[reply.Length] is not ('-' or ' '))
        {
            return false;
        }

        int i = reply.Length + 1;
        if (!status.IsEmpty && s[i..].StartsWith(status) && (i + status.Length == s.Length || char.IsWhiteSpace(s[i + status.Length])))
        {
            i += status.Length;
        }
        else if (s[reply.Length] == ' ' && !status.IsEmpty)
        {
            // "550 " without the status is ordinary prose ("error 550 was ..."), unless the reply has no status at all.
            return false;
        }

        while (i < s.Length && char.IsWhiteSpace(s[i]))
        {
            i++;
        }

        length = i;
        return true;
    }
}
