using System.Text;
using BounceKit.MarketingCloud.Extracts;

namespace BounceKit.MarketingCloud.Tests.Extracts;

public class ExtractStreamingTests
{
    [Fact]
    public void ReadBounces_IsLazy_ReadsOnlyAsFarAsEnumerated()
    {
        using var source = new GeneratedBounceExtract(1_000_000);

        IEnumerable<ExtractRow<SfmcBounceRecord>> rows = SfmcExtractReader.ReadBounces(source);
        source.CharactersRead.Should().Be(0, "nothing is read before the enumeration starts");

        List<ExtractRow<SfmcBounceRecord>> firstThree = rows.Take(3).ToList();

        firstThree.Select(r => r.Record!.SubscriberKey).Should().Equal("0035g0000000000", "0035g0000000001", "0035g0000000002");
        source.CharactersRead.Should().BeLessThan(1_000_000, "the whole file is about 190 MB of text; a few buffers are read");
    }

    [Fact]
    public void ReadBounces_MillionRows_StreamInBoundedMemory()
    {
        const int rows = 1_000_000;
        using var source = new GeneratedBounceExtract(rows);
        long baseline = GC.GetTotalMemory(forceFullCollection: true);
        long peak = 0;
        long count = 0;
        long lastLine = 0;

        foreach (ExtractRow<SfmcBounceRecord> row in SfmcExtractReader.ReadBounces(source))
        {
            row.IsSuccess.Should().BeTrue();
            count++;
            lastLine = row.Line;
            if (count % 250_000 == 0)
            {
                peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: true) - baseline);
            }
        }

        count.Should().Be(rows);
        lastLine.Should().Be(rows + 1);
        // A million records held would take well over 300 MB; streaming keeps only the buffers.
        peak.Should().BeLessThan(16 * 1024 * 1024);
    }

    [Fact]
    public async Task ReadBouncesAsync_SameInput_YieldsSameRowsAsSync()
    {
        const string text = "SubscriberKey,EventDate,SMTPCode\nk1,11/22/2026 3:00:00 AM,550\nk2,bad,421\nk3,2026-11-22T03:00:00Z,\n";
        var asyncRows = new List<ExtractRow<SfmcBounceRecord>>();

        await foreach (ExtractRow<SfmcBounceRecord> row in SfmcExtractReader.ReadBouncesAsync(new StringReader(text)))
        {
            asyncRows.Add(row);
        }

        List<ExtractRow<SfmcBounceRecord>> syncRows = SfmcExtractReader.ReadBounces(new StringReader(text)).ToList();
        asyncRows.Select(r => (r.Line, r.Record?.SubscriberKey, r.Error?.Column))
            .Should().Equal(syncRows.Select(r => (r.Line, r.Record?.SubscriberKey, r.Error?.Column)));
        asyncRows.Select(r => r.IsSuccess).Should().Equal(true, false, true);
    }

    [Fact]
    public async Task ReadBouncesAsync_Canceled_Throws()
    {
        using var source = new GeneratedBounceExtract(1_000_000);
        using var cts = new CancellationTokenSource();
        int seen = 0;

        Func<Task> read = async () =>
        {
            await foreach (ExtractRow<SfmcBounceRecord> row in SfmcExtractReader.ReadBouncesAsync(source, cancellationToken: cts.Token))
            {
                if (++seen == 10)
                {
                    await cts.CancelAsync();
                }
            }
        };

        await read.Should().ThrowAsync<OperationCanceledException>();
        seen.Should().BeLessThan(1_000_000);
    }

    [Fact]
    public async Task ReadSubscribersAsync_Stream_Reads()
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes("SubscriberKey,Status\r\nk1,held\r\nk2,active\r\n"));
        var statuses = new List<string>();

        await foreach (ExtractRow<SfmcSubscriberRecord> row in SfmcExtractReader.ReadSubscribersAsync(stream))
        {
            statuses.Add(row.Record!.Status);
        }

        statuses.Should().Equal("held", "active");
        stream.CanRead.Should().BeTrue("the caller's stream is left open");
    }

    [Fact]
    public void ReadBounces_Path_NamesTheFileInErrorsAndClosesIt()
    {
        string path = Path.Combine(Path.GetTempPath(), $"bouncekit-{Guid.NewGuid():N}.csv");
        try
        {
            File.WriteAllText(path, "SubscriberKey,EventDate\r\nk1,nope\r\n", new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));

            ExtractRow<SfmcBounceRecord> row = SfmcExtractReader.ReadBounces(path).Single();

            row.Error!.SourceName.Should().Be(path);
            row.Error!.ToString().Should().StartWith($"{path}:2: EventDate: ");
            Action delete = () => File.Delete(path);
            delete.Should().NotThrow();
            File.Exists(path).Should().BeFalse();
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task ReadSubscribersAsync_PathMissingColumn_ThrowsNamingPath()
    {
        string path = Path.Combine(Path.GetTempPath(), $"bouncekit-{Guid.NewGuid():N}.tsv");
        try
        {
            await File.WriteAllTextAsync(path, "SubscriberKey\tEmailAddress\nk1\ta@example.com\n");

            Func<Task> read = async () =>
            {
                await foreach (ExtractRow<SfmcSubscriberRecord> row in SfmcExtractReader.ReadSubscribersAsync(path))
                {
                    _ = row;
                }
            };

            (await read.Should().ThrowAsync<SfmcExtractFormatException>())
                .Which.Message.Should().Contain(path).And.Contain("Status").And.Contain("tab-separated");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void ReadBounces_UnclosedQuoteSwallowingMegabytes_StopsWithFormatException()
    {
        var text = new StringBuilder("SubscriberKey,EventDate,SMTPBounceReason\nk1,11/22/2026 3:00:00 AM,\"open");
        for (int i = 0; i < 40_000; i++)
        {
            text.Append("\nk,11/22/2026 3:00:00 AM,filler filler filler filler");
        }

        Action read = () => _ = SfmcExtractReader.ReadBounces(new StringReader(text.ToString())).ToList();

        read.Should().Throw<SfmcExtractFormatException>().WithMessage("*quote*");
    }
}
