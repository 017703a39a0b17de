using BounceKit.Smtp;

namespace BounceKit.Tests.Smtp;

public class AllocationTests
{
    [Fact]
    public void SpanApi_AllocatesNothing_OverTheCorpus()
    {
        string[] texts = TestData.Corpus.Select(r => r.Text).ToArray();
        Run(texts); // JIT and static initialisation first

        long before = GC.GetAllocatedBytesForCurrentThread();
        int found = Run(texts);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        found.Should().BeGreaterThan(0);
        allocated.Should().Be(0);
    }

    private static int Run(string[] texts)
    {
        int found = 0;
        Span<char> buffer = stackalloc char[EnhancedStatusCode.MaxLength];
        foreach (string text in texts)
        {
            SmtpDiagnosticParts parts = SmtpDiagnosticParser.Parse(text);
            if (parts.EnhancedStatus is { } status && status.TryFormat(buffer, out int written, default, null) &&
                EnhancedStatusCode.TryParse(buffer[..written], out EnhancedStatusCode again) && again == status &&
                status.Describe() is not null)
            {
                found++;
            }

            if (parts.ReplyCode is { } reply && SmtpReplyCode.TryParse(text.AsSpan(parts.ReplyCodeIndex, 3), out _))
            {
                found += reply.Value > 0 ? 1 : 0;
            }
        }

        return found;
    }
}
