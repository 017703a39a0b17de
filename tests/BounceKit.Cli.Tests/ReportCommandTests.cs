namespace BounceKit.Cli.Tests;

public class ReportCommandTests
{
    [Fact]
    public void Report_SampleEvents_IsOneJsonObjectWithEveryGrouping()
    {
        string events = Path.Combine(ParseCommandTests.RepoRoot(), "samples", "events.jsonl");

        CliRunner.Result result = CliRunner.Run("report", "--events", events);

        result.ExitCode.Should().Be(0, result.Stderr);
        result.Json.Should().ContainSingle();
        System.Text.Json.JsonElement report = result.Json[0];
        report.GetProperty("total").GetProperty("bounces").GetInt64().Should().BePositive();
        foreach (string name in (string[])["byDomain", "byReason", "byDay", "byCampaign", "spikes", "reputation"])
        {
            report.TryGetProperty(name, out _).Should().BeTrue(name);
        }
    }

    [Fact]
    public void Report_BadLine_IsReportedAndSkipped()
    {
        const string Input = "{\"id\":\"e1\",\"subscriber\":\"s1\",\"at\":\"2026-01-05T10:00:00Z\",\"event\":\"bounce\",\"bounce\":\"soft\",\"domain\":\"example.com\"}\nnot json\n";

        CliRunner.Result result = CliRunner.RunWithInput(Input, "report", "--events", "-");

        result.ExitCode.Should().Be(3);
        result.Stderr.Should().Contain("line 2:");
        result.Json[0].GetProperty("total").GetProperty("bounces").GetInt64().Should().Be(1);
    }

    [Fact]
    public void Report_Html_IsOnePageWithInlineSvg_NoScriptsOrExternalAssets_AndEscapesData()
    {
        const string Input = "{\"id\":\"e1\",\"subscriber\":\"s1\",\"at\":\"2026-01-05T10:00:00Z\",\"event\":\"bounce\",\"bounce\":\"soft\",\"domain\":\"<script>x</script>.example\"}\n";

        CliRunner.Result result = CliRunner.RunWithInput(Input, "report", "--events", "-", "--format", "html");

        result.ExitCode.Should().Be(0, result.Stderr);
        result.Stdout.Should().StartWith("<!DOCTYPE html>").And.Contain("<svg").And.EndWith("</html>\n");
        result.Stdout.Should().NotContain("<script").And.NotContain("src=").And.NotContain("<link");
        result.Stdout.Should().Contain("&lt;script&gt;x&lt;/script&gt;.example");
    }
}
