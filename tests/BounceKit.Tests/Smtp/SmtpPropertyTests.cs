using System.Text;
using BounceKit.Smtp;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace BounceKit.Tests.Smtp;

public class SmtpPropertyTests
{
    [Property(MaxTest = 2000)]
    public bool Parsers_NeverThrow_OnArbitraryStrings(string? text)
    {
        // Not throwing is the contract here; what a Try method accepts must also format back to the same value.
        string s = text ?? "";
        SmtpDiagnosticParts parts = SmtpDiagnosticParser.Parse(s);
        bool consistent = parts.TextStart + parts.TextLength <= s.Length;
        if (SmtpReplyCode.TryParse(s, out SmtpReplyCode reply))
        {
            consistent &= reply.ToString() == s.Trim();
        }

        if (EnhancedStatusCode.TryParse(s, out EnhancedStatusCode status))
        {
            consistent &= EnhancedStatusCode.Parse(status.ToString()) == status;
        }

        consistent &= SmtpDiagnostic.TryParse(s, out SmtpDiagnostic? d) == !string.IsNullOrWhiteSpace(s) && (d is null || d.Raw == s);
        return consistent;
    }

    [Property(MaxTest = 2000)]
    public bool Parsers_NeverThrow_OnArbitraryBytes(byte[] bytes)
    {
        bool consistent = true;
        if (SmtpReplyCode.TryParse(bytes.AsSpan(), out SmtpReplyCode reply))
        {
            consistent &= reply.IsFailure || reply.Class is SmtpStatusClass.Success or SmtpStatusClass.Intermediate;
        }

        if (EnhancedStatusCode.TryParse(bytes.AsSpan(), out EnhancedStatusCode status))
        {
            consistent &= status.Class != SmtpStatusClass.None;
        }

        string latin = Encoding.Latin1.GetString(bytes);
        SmtpDiagnosticParts parts = SmtpDiagnosticParser.Parse(latin);
        return consistent && parts.TextStart + parts.TextLength <= latin.Length;
    }

    [Property(MaxTest = 500)]
    public bool Parsers_NeverThrow_OnCodeLikeNoise(NonNegativeInt seed)
    {
        // Strings made of the characters codes are made of reach the interesting branches far more often.
        var random = new Random(seed.Get);
        const string alphabet = "0123455.-#;: ()[]\r\nsmtp";
        char[] chars = new char[random.Next(0, 40)];
        for (int i = 0; i < chars.Length; i++)
        {
            chars[i] = alphabet[random.Next(alphabet.Length)];
        }

        SmtpDiagnosticParts parts = SmtpDiagnosticParser.Parse(chars);
        return parts.TextStart + parts.TextLength <= chars.Length;
    }

    [Property(MaxTest = 2000)]
    public bool ParseCodes_FindsTheCodesParseFinds(NonNegativeInt seed)
    {
        // The classifier reads the codes through ParseCodes, which skips the text bounds: the codes must be Parse's.
        var random = new Random(seed.Get);
        string[] pieces = ["550", "5.1.1", "4.2.2", "421", "-", " ", ":", ";", "#", "(", ")", "[", "]", "\r\n", "smtp;", "X-Postfix;",
            "Diagnostic-Code:", "said:", "192.0.2.1", "user", "\u0161", "2026-11-24", "_", ".", "250"];
        var text = new StringBuilder();
        for (int i = random.Next(0, 12); i > 0; i--)
        {
            text.Append(pieces[random.Next(pieces.Length)]);
        }

        string s = text.ToString();
        SmtpDiagnosticParts parts = SmtpDiagnosticParser.Parse(s);
        SmtpDiagnosticParser.ParseCodes(s, out SmtpReplyCode? reply, out EnhancedStatusCode? status);
        return reply == parts.ReplyCode && status == parts.EnhancedStatus;
    }

    [Property]
    public bool SmtpReplyCode_FormatParse_RoundTrips(NonNegativeInt raw)
    {
        int value = 200 + (raw.Get % 400);
        if (!SmtpReplyCode.TryCreate(value, out SmtpReplyCode code))
        {
            return true;
        }

        Span<byte> utf8 = stackalloc byte[3];
        code.TryFormat(utf8, out int written, default, null);
        return SmtpReplyCode.Parse(code.ToString()) == code && SmtpReplyCode.Parse(utf8[..written]) == code;
    }

    [Property]
    public bool EnhancedStatusCode_FormatParse_RoundTrips(NonNegativeInt c, NonNegativeInt subject, NonNegativeInt detail)
    {
        int cls = (c.Get % 3) switch { 0 => 2, 1 => 4, _ => 5 };
        var code = EnhancedStatusCode.Create(cls, subject.Get % 1000, detail.Get % 1000);
        Span<byte> utf8 = stackalloc byte[EnhancedStatusCode.MaxLength];
        code.TryFormat(utf8, out int written, default, null);
        return EnhancedStatusCode.Parse(code.ToString()) == code && EnhancedStatusCode.Parse(utf8[..written]) == code;
    }

    [Property]
    public bool Diagnostic_FindsCodesItWasBuiltFrom(NonNegativeInt c, NonNegativeInt subject, NonNegativeInt detail)
    {
        int cls = c.Get % 2 == 0 ? 4 : 5;
        var status = EnhancedStatusCode.Create(cls, subject.Get % 8, detail.Get % 31);
        var reply = SmtpReplyCode.Create((cls * 100) + 50);
        SmtpDiagnostic d = SmtpDiagnostic.Parse($"smtp; {reply} {status} something went wrong");
        return d.ReplyCode == reply && d.EnhancedStatus == status && d.Text == "something went wrong";
    }
}
