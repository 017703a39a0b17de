using BounceKit.Smtp;
using Xunit.Abstractions;

namespace BounceKit.Tests.Smtp;

/// <summary>The parser against the diagnostic strings of the Sisimai-labelled corpus.</summary>
public class CorpusParseTests(ITestOutputHelper output)
{
    [Fact]
    public void Parse_CorpusCodesPresentInText_AreFound()
    {
        int replyTotal = 0, replyFound = 0, statusTotal = 0, statusFound = 0;
        var misses = new List<string>();
        foreach (TestData.CorpusRecord r in TestData.Corpus)
        {
            if (r.Text.Length == 0)
            {
                continue;
            }

            SmtpDiagnosticParts parts = SmtpDiagnosticParser.Parse(r.Text);

            // Sisimai also takes codes from DSN fields; only count codes that the text itself shows at its start.
            string trimmed = r.Text.TrimStart();
            if (r.ReplyCode.Length == 3 && trimmed.StartsWith(r.ReplyCode, StringComparison.Ordinal))
            {
                replyTotal++;
                if (parts.ReplyCode?.Value.ToString(System.Globalization.CultureInfo.InvariantCulture) == r.ReplyCode)
                {
                    replyFound++;
                }
                else
                {
                    misses.Add($"reply {r.ReplyCode}: {r.Text}");
                }
            }

            if (r.Status.Length > 0 && !r.Status.Contains(".0.9", StringComparison.Ordinal) && r.Text.Contains(r.Status, StringComparison.Ordinal))
            {
                statusTotal++;
                if (parts.EnhancedStatus?.ToString() == r.Status)
                {
                    statusFound++;
                }
                else
                {
                    misses.Add($"status {r.Status} (got {parts.EnhancedStatus}): {r.Text}");
                }
            }
        }

        output.WriteLine($"reply codes: {replyFound}/{replyTotal}; enhanced: {statusFound}/{statusTotal}");
        misses.ForEach(output.WriteLine);
        replyFound.Should().Be(replyTotal);
        ((double)statusFound / statusTotal).Should().BeGreaterThanOrEqualTo(0.97);
    }

    [Fact]
    public void Parse_NumbersThatAreNotCodes_AreIgnoredAcrossTheCorpus()
    {
        // Any code the parser reports must literally occur in the text at the index it names.
        foreach (TestData.CorpusRecord r in TestData.Corpus)
        {
            SmtpDiagnosticParts parts = SmtpDiagnosticParser.Parse(r.Text);
            if (parts.ReplyCode is { } reply)
            {
                r.Text.AsSpan(parts.ReplyCodeIndex, 3).ToString().Should().Be(reply.ToString(), r.Text);
            }

            if (parts.EnhancedStatus is { } status)
            {
                string s = status.ToString();
                r.Text.AsSpan(parts.EnhancedStatusIndex, s.Length).ToString().Should().Be(s, r.Text);
            }
        }
    }

    [Fact]
    public void ParseCodes_FindsTheCodesParseFinds_AcrossTheCorpus()
    {
        foreach (TestData.CorpusRecord r in TestData.Corpus)
        {
            foreach (string text in (string[])[r.Text, "smtp;" + r.Text, "Diagnostic-Code: smtp; " + r.Text, "#" + r.Text + " ##"])
            {
                SmtpDiagnosticParts parts = SmtpDiagnosticParser.Parse(text);
                SmtpDiagnosticParser.ParseCodes(text, out SmtpReplyCode? reply, out EnhancedStatusCode? status);
                reply.Should().Be(parts.ReplyCode, text);
                status.Should().Be(parts.EnhancedStatus, text);
            }
        }
    }
}
