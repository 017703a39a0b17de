using BounceKit.Cli.Commands.Sync;
using BounceKit.Sync;

namespace BounceKit.Cli.Tests;

public class ProgressReporterTests
{
    [Fact]
    public void OnATerminal_ABarIsRedrawnInPlace_AndEachStepEndsItsLine()
    {
        using var error = new StringWriter();
        var progress = new ProgressReporter(error, terminal: true);

        progress.Report(new SyncProgress(SyncPhase.Writing, "crm", 0, 400));
        progress.Report(new SyncProgress(SyncPhase.Writing, "crm", 400, 400));
        progress.Report(new SyncProgress(SyncPhase.Writing, "other", 0, 10));
        progress.Finish();

        string text = error.ToString();
        string[] lines = text.Split(Environment.NewLine);
        lines[0].Should().StartWith("\r").And.Contain("writing crm").And.Contain("[........................] 0/400")
            .And.Contain("\r" + "writing crm").And.Contain("[########################] 400/400");
        lines[1].Should().Contain("writing other").And.Contain("0/10");
        text.Should().EndWith(Environment.NewLine);
    }

    [Fact]
    public void WithoutATerminal_PlainLines_OnePerStepAndAtTheEnd_NotOnEveryUpdate()
    {
        using var error = new StringWriter();
        var progress = new ProgressReporter(error, terminal: false);

        progress.Report(new SyncProgress(SyncPhase.Reading, "events", 10_000, null));
        for (int i = 2; i <= 50; i++)
        {
            progress.Report(new SyncProgress(SyncPhase.Reading, "events", i * 10_000, null));
        }

        progress.Report(new SyncProgress(SyncPhase.Planning, null, 5, 5));
        progress.Finish();

        error.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries).Should().Equal(
            "bouncekit sync: reading events: 10,000",
            "bouncekit sync: planning: 5/5");
        error.ToString().Should().NotContain("\r");
    }
}
