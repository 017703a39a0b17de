using BounceKit.Smtp;

namespace BounceKit.Tests.Smtp;

public class SmtpDiagnosticParserTests
{
    // text, reply code (null = none), enhanced status (null = none), expected human text
    public static TheoryData<string, int?, string?, string> Forms => new()
    {
        { "smtp;550 5.1.1 <a@b.example>: Recipient address rejected: User unknown", 550, "5.1.1", "<a@b.example>: Recipient address rejected: User unknown" },
        { "Diagnostic-Code: smtp; 552 5.2.2 Mailbox full", 552, "5.2.2", "Mailbox full" },
        { "Diagnostic-Code: SMTP; 552 Requested mail action aborted: exceeded storage allocation", 552, null, "Requested mail action aborted: exceeded storage allocation" },
        {
            "550-5.1.1 The email account that you tried to reach does not exist. Please try\r\n550-5.1.1 double-checking the recipient's email address for typos or\r\n550-5.1.1 unnecessary spaces. Learn more at\r\n550 5.1.1  https://support.google.com/mail/?p=NoSuchUser a1si123 - gsmtp",
            550, "5.1.1",
            "The email account that you tried to reach does not exist. Please try double-checking the recipient's email address for typos or unnecessary spaces. Learn more at https://support.google.com/mail/?p=NoSuchUser a1si123 - gsmtp"
        },
        {
            "550-5.1.1 The email account that you tried to reach does not exist. Please try\n550-5.1.1 double-checking the recipient's email address\n550 5.1.1 https://support.google.com/mail/?p=NoSuchUser - gsmtp",
            550, "5.1.1",
            "The email account that you tried to reach does not exist. Please try double-checking the recipient's email address https://support.google.com/mail/?p=NoSuchUser - gsmtp"
        },
        {
            "smtp; 550-5.1.1 The email account that you tried to reach does not exist. Please try 550-5.1.1 double-checking the recipient's email address for typos or 550-5.1.1 unnecessary spaces. 550 5.1.1 https://support.google.com/mail/?p=NoSuchUser z1si - gsmtp",
            550, "5.1.1",
            "The email account that you tried to reach does not exist. Please try double-checking the recipient's email address for typos or unnecessary spaces. https://support.google.com/mail/?p=NoSuchUser z1si - gsmtp"
        },
        { "#550 5.1.1 RESOLVER.ADR.RecipNotFound; not found ##", 550, "5.1.1", "RESOLVER.ADR.RecipNotFound; not found" },
        { "Sorry, no mailbox here by that name. (#5.1.1)", null, "5.1.1", "Sorry, no mailbox here by that name." },
        { "X-Postfix; host mx.example.net[192.0.2.1] said: 550 5.1.1 <x@example.net>: Recipient address rejected (in reply to RCPT TO command)", 550, "5.1.1", "host mx.example.net[192.0.2.1] said: 550 5.1.1 <x@example.net>: Recipient address rejected (in reply to RCPT TO command)" },
        { "X-Postfix; connect to mx.example.net[192.0.2.1]:25: Connection timed out", null, null, "connect to mx.example.net[192.0.2.1]:25: Connection timed out" },
        { "Mailbox does not exist [5.1.1]", null, "5.1.1", "Mailbox does not exist" },
        { "5.7.1", null, "5.7.1", "" },
        { "421", 421, null, "" },
        { "  421  ", 421, null, "" },
        { "550 Host unknown", 550, null, "Host unknown" },
        { "5.1.1 user unknown", null, "5.1.1", "user unknown" },
        { "The user(s) account is disabled.", null, null, "The user(s) account is disabled." },
        { "Connection refused by 192.0.2.25 port 25 after 300 seconds", null, null, "Connection refused by 192.0.2.25 port 25 after 300 seconds" },
        { "Delivery failed on 2024-05-11 10:42:05 from 10.4.5.1 (Postfix 3.4.13, Dovecot 2.3.4, Exim 4.92) port 443", null, null, "Delivery failed on 2024-05-11 10:42:05 from 10.4.5.1 (Postfix 3.4.13, Dovecot 2.3.4, Exim 4.92) port 443" },
        { "call 555-1234 for help", null, null, "call 555-1234 for help" },
        { "SMTP error from remote mail server after RCPT TO:<x@example.org>: host mx.example.org [192.0.2.9]: 550 5.7.1 Relaying denied", 550, "5.7.1", "SMTP error from remote mail server after RCPT TO:<x@example.org>: host mx.example.org [192.0.2.9]: 550 5.7.1 Relaying denied" },
        { "Remote Server returned '550 5.4.1 Recipient address rejected: Access denied. AS(201806281)'", 550, "5.4.1", "Remote Server returned '550 5.4.1 Recipient address rejected: Access denied. AS(201806281)'" },
        { "delivery temporarily suspended: connect to 192.0.2.1:550: Connection refused", null, null, "delivery temporarily suspended: connect to 192.0.2.1:550: Connection refused" },
        { "550 4.2.2 mailbox full", 550, "4.2.2", "mailbox full" },
        { "452 5.2.2 over quota", 452, "5.2.2", "over quota" },
        { "host said:\n554 rejected due to spam content", 554, null, "host said: 554 rejected due to spam content" },
        { "550-Mailbox unknown.\n550 Please check the address", 550, null, "Mailbox unknown. Please check the address" },
        { "4.4.7 Delivery time expired", null, "4.4.7", "Delivery time expired" },
        { "User unknown 5.1.1.", null, "5.1.1", "User unknown 5.1.1." },

        // The status right after the reply code wins over an earlier one in the prose, and may be a success code.
        { "Delivery failed (4.4.1 timeout, retried) host said: 550 5.1.1 user unknown", 550, "5.1.1", "Delivery failed (4.4.1 timeout, retried) host said: 550 5.1.1 user unknown" },
        { "relay said: 250 2.0.0 Ok: queued", 250, "2.0.0", "relay said: 250 2.0.0 Ok: queued" },
    };

    [Theory]
    [MemberData(nameof(Forms))]
    public void Parse_RealWorldForms_FindsCodesAndText(string text, int? replyCode, string? status, string humanText)
    {
        SmtpDiagnostic d = SmtpDiagnostic.Parse(text);

        d.ReplyCode?.Value.Should().Be(replyCode);
        (d.ReplyCode is null).Should().Be(replyCode is null, "reply code presence");
        d.EnhancedStatus?.ToString().Should().Be(status);
        (d.EnhancedStatus is null).Should().Be(status is null, "enhanced status presence");
        d.Text.Should().Be(humanText);
        d.Raw.Should().BeSameAs(text);
    }

    [Theory]
    [InlineData("550-5.1.1 a\r\n550 5.1.1 b", SmtpDiagnosticTraits.MultiLine | SmtpDiagnosticTraits.CodesAtStart)]
    [InlineData("smtp; 550 5.1.1 a", SmtpDiagnosticTraits.Wrapped | SmtpDiagnosticTraits.CodesAtStart)]
    [InlineData("550 4.2.2 a", SmtpDiagnosticTraits.CodesAtStart | SmtpDiagnosticTraits.ClassMismatch)]
    [InlineData("no code here", SmtpDiagnosticTraits.None)]
    [InlineData("#550 5.1.1 RESOLVER.ADR.RecipNotFound; not found ##", SmtpDiagnosticTraits.Wrapped | SmtpDiagnosticTraits.CodesAtStart)]
    public void Parse_Shapes_AreReportedAsTraits(string text, SmtpDiagnosticTraits expected)
    {
        SmtpDiagnosticParser.Parse(text).Traits.Should().Be(expected);
    }

    [Fact]
    public void Parse_ClassMismatch_KeepsBothCodes()
    {
        SmtpDiagnostic d = SmtpDiagnostic.Parse("550 4.2.2 mailbox full");

        d.ClassesDisagree.Should().BeTrue();
        d.ReplyCode!.Value.Class.Should().Be(SmtpStatusClass.PermanentFailure);
        d.EnhancedStatus!.Value.Class.Should().Be(SmtpStatusClass.TransientFailure);
    }

    [Fact]
    public void Parse_Positions_PointIntoTheInput()
    {
        const string text = "smtp; 550 5.1.1 user unknown";
        SmtpDiagnosticParts parts = SmtpDiagnosticParser.Parse(text);

        parts.ReplyCodeIndex.Should().Be(6);
        parts.EnhancedStatusIndex.Should().Be(10);
        parts.GetText(text).ToString().Should().Be("user unknown");
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\r\n\t")]
    public void Parse_EmptyText_ThrowsSmtpFormatExceptionAtPositionZero(string text)
    {
        Action act = () => SmtpDiagnostic.Parse(text);

        act.Should().Throw<SmtpFormatException>().Which.Should().Match<SmtpFormatException>(e => e.Error == SmtpParseError.Empty && e.Position == 0);
        SmtpDiagnostic.TryParse(text, out SmtpDiagnostic? result).Should().BeFalse();
        result.Should().BeNull();
    }

    [Fact]
    public void StatusTitle_ComesFromTheRegistry()
    {
        SmtpDiagnostic.Parse("550 5.1.1 nope").StatusTitle.Should().Be("Bad destination mailbox address");
        SmtpDiagnostic.Parse("550 5.7.999 vendor").StatusTitle.Should().BeNull();
    }

    [Theory]
    [InlineData("smtp;550 5.1.1 a", 5)]
    [InlineData("X-Postfix; 550 a", 11)]
    [InlineData("a-1;550 a", 4)]
    [InlineData("s;", 2)]
    [InlineData("abcdefghijklmnopqrstuvwxyz012345; 550 a", 34)] // a type of 32 characters is the longest
    [InlineData("abcdefghijklmnopqrstuvwxyz0123456; 550 a", 0)]
    [InlineData("ab c; 550 a", 0)] // a space before the ';'
    [InlineData("ab.c; 550 a", 0)]
    [InlineData("user unknown; see 550 a", 0)]
    [InlineData("1smtp; 550 a", 0)] // a type starts with a letter
    [InlineData("smtp", 0)]
    public void Parse_DiagnosticType_IsALetterThenLettersDigitsOrHyphensUpToASemicolon(string text, int textStart)
    {
        SmtpDiagnosticParts parts = SmtpDiagnosticParser.Parse(text);

        (parts.Traits & SmtpDiagnosticTraits.Wrapped).Should().Be(textStart > 0 ? SmtpDiagnosticTraits.Wrapped : SmtpDiagnosticTraits.None);
        if (textStart > 0)
        {
            int codeStart = parts.ReplyCodeIndex >= 0 ? parts.ReplyCodeIndex : parts.TextStart;
            codeStart.Should().Be(textStart);
        }
    }

    // The search for code starts reads 16 characters at a time with the 16 before them, and the text's last 16 as one
    // overlapping block: a code after each kind of character, at every offset from the start to well past two blocks,
    // with rejected digits ("x25") before it and with or without text after it. Characters above 0xFF whose low byte is
    // a word character or '-' (U+0161, U+0135, U+012D) are not word characters.
    [Theory]
    [InlineData(' ', true)]
    [InlineData(':', true)]
    [InlineData('(', true)]
    [InlineData('/', true)]
    [InlineData('\n', true)]
    [InlineData('\u00e9', true)]
    [InlineData('\u0161', true)]
    [InlineData('\u0135', true)]
    [InlineData('\u012D', true)]
    [InlineData('a', false)]
    [InlineData('Z', false)]
    [InlineData('z', false)]
    [InlineData('0', false)]
    [InlineData('9', false)]
    [InlineData('.', false)]
    [InlineData('-', false)]
    [InlineData('_', false)]
    public void Parse_CodeInsideText_IsFoundAfterANonWordCharacterAtEveryOffset(char before, bool found)
    {
        foreach (string after in new[] { "", " x", " user unknown here, really" })
        {
            for (int pad = 0; pad <= 70; pad++)
            {
                string filler = string.Concat(Enumerable.Repeat("x25", 24))[..pad];
                string status = filler + before + "5.1.1" + after;
                SmtpDiagnosticParts parts = SmtpDiagnosticParser.Parse(status);
                parts.EnhancedStatusIndex.Should().Be(found ? pad + 1 : -1, "in \"{0}\"", status);

                string reply = filler + (before is ' ' or '/' or ':' || before > 0x7F ? '(' : before) + "550 x" + after;
                parts = SmtpDiagnosticParser.Parse(reply);
                parts.ReplyCodeIndex.Should().Be(found ? pad + 1 : -1, "in \"{0}\"", reply);
            }
        }
    }
}
