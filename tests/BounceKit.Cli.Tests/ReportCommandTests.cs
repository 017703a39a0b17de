using System.Text.Json;

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

    private static readonly string SfmcBounces = Path.Combine(ParseCommandTests.RepoRoot(), "samples", "sfmc", "_Bounce.csv");

    private static (string Key, long Bounces)[] Keys(JsonElement groups) =>
        [.. groups.EnumerateArray().Select(g => (g.GetProperty("key").GetString()!, g.GetProperty("bounces").GetInt64()))];

    [Fact]
    public void Report_SfmcBounces_Json_CountsTheSampleByJobDomainReasonAndDay_WithoutRates()
    {
        CliRunner.Result result = CliRunner.Run("report", "--sfmc-bounces", SfmcBounces);

        // Six readable rows: 3 hard (lines 2-3, 7, 8), 3 soft (lines 4, 5, 6); line 9's date is 'yesterday'.
        result.ExitCode.Should().Be(3, "one sample row has an unreadable date");
        result.Stderr.Should().Contain("bouncekit report: ").And.Contain("_Bounce.csv:9: EventDate: 'yesterday' is not a date").And.Contain("; skipped.");
        JsonElement report = result.Json.Should().ContainSingle().Subject;
        report.GetProperty("events").GetInt64().Should().Be(6);
        JsonElement total = report.GetProperty("total");
        (total.GetProperty("sent").GetInt64(), total.GetProperty("bounces").GetInt64(), total.GetProperty("hard").GetInt64(), total.GetProperty("soft").GetInt64(), total.GetProperty("block").GetInt64())
            .Should().Be((0L, 6L, 3L, 3L, 0L));
        total.GetProperty("rate").ValueKind.Should().Be(JsonValueKind.Null, "a _Bounce extract holds no sends");
        report.GetProperty("ratesNote").GetString().Should().StartWith("No sends in the input");
        Keys(report.GetProperty("byCampaign")).Should().Equal(("90211", 4L), ("90140", 1L), ("90177", 1L));
        Keys(report.GetProperty("byDomain")).Should().Equal(("small-isp.example", 3L), ("example.org", 1L), ("gmail.com", 1L), ("tiny-isp.example", 1L));
        Keys(report.GetProperty("byReason")).Should().Equal(("mailbox-full", 3L), ("user-unknown", 2L), ("host-unknown", 1L));
        Keys(report.GetProperty("byDay")).Should().Equal(
            [("2026-11-06", 1L), ("2026-11-14", 1L), ("2026-11-22", 3L), ("2026-11-23", 1L)],
            "dates are Central Standard Time without daylight saving: 11/22/2026 9:15 PM is 2026-11-23T03:15Z");
        JsonElement job = report.GetProperty("byCampaign")[0];
        (job.GetProperty("hard").GetInt64(), job.GetProperty("soft").GetInt64()).Should().Be((3L, 1L));
        report.GetProperty("byCampaign").EnumerateArray().Should().OnlyContain(g => g.GetProperty("rate").ValueKind == JsonValueKind.Null);
        report.GetProperty("spikes").GetArrayLength().Should().Be(0, "3 bounces in a day is under the spike minimum of 10");
        report.GetProperty("reputation").GetArrayLength().Should().Be(0, "no block bounces");
    }

    [Fact]
    public void Report_SfmcBounces_Html_ShowsTheCountsAndSaysWhyThereAreNoRates()
    {
        CliRunner.Result result = CliRunner.Run("report", "--sfmc-bounces", SfmcBounces, "--format", "html");

        result.ExitCode.Should().Be(3, "one sample row has an unreadable date");
        result.Stderr.Should().Contain("_Bounce.csv:9: EventDate:");
        result.Stdout.Should().StartWith("<!DOCTYPE html>").And.EndWith("</html>\n").And.NotContain("<script");
        result.Stdout.Should().Contain("<b>6</b>bounces").And.Contain("<b>3</b>hard").And.Contain("<b>3</b>soft").And.Contain("<b>–</b>bounce rate");
        result.Stdout.Should().Contain("No sends in the input, so no rates");
        result.Stdout.Should().Contain("<tr><td>90211</td><td>0</td><td>4</td><td>3</td><td>1</td><td>0</td><td>–</td></tr>");
        result.Stdout.Should().Contain("<tr><td>mailbox-full</td><td>0</td><td>3</td><td>0</td><td>3</td><td>0</td><td>–</td></tr>");
        result.Stdout.Should().Contain("<title>2026-11-22: 3 bounces</title>").And.Contain("<title>2026-11-23: 1 bounces</title>");
        result.Stdout.Should().Contain("6 events.");
    }

    [Fact]
    public void Report_SfmcBounces_BadRow_IsReportedWithItsLineAndTheRestCounted()
    {
        const string Input = "SubscriberKey,EventDate,JobID,BounceCategory,SMTPCode,SMTPBounceReason,Domain\n" +
            "k1,11/22/2026 3:00:00 AM,7,Hard bounce,550,\"550 5.1.1 unknown\nuser\",example.com\n" +
            "k2,11/22/2026 4:00:00 AM,7,Soft bounce,abc,452 4.2.2 Mailbox full,example.com\n" +
            "k3,11/22/2026 5:00:00 AM,7,Soft bounce,452,452 4.2.2 Mailbox full,example.com\n";

        CliRunner.Result result = CliRunner.RunWithInput(Input, "report", "--sfmc-bounces", "-");

        result.ExitCode.Should().Be(3);
        result.Stderr.Should().Be("bouncekit report: line 4: SMTPCode: 'abc' is not an SMTP code (a whole number such as 550); skipped." + Environment.NewLine,
            "the first row spans lines 2 and 3, so the bad row starts on line 4");
        JsonElement report = result.Json.Should().ContainSingle().Subject;
        report.GetProperty("total").GetProperty("bounces").GetInt64().Should().Be(2);
        Keys(report.GetProperty("byCampaign")).Should().Equal(("7", 2L));
    }

    [Fact]
    public void Report_SfmcBounces_MissingColumn_ExitsTwoWithoutOutput()
    {
        CliRunner.Result result = CliRunner.RunWithInput("SubscriberKey,JobID\nk1,7\n", "report", "--sfmc-bounces", "-");

        result.ExitCode.Should().Be(2);
        result.Stderr.Should().Contain("missing the required column EventDate");
        result.Stdout.Should().BeEmpty();
    }

    [Fact]
    public void Report_SfmcBounces_MissingFile_ExitsTwo()
    {
        CliRunner.Result result = CliRunner.Run("report", "--sfmc-bounces", Path.Combine(Path.GetTempPath(), "no-such-bouncekit-extract.csv"));

        result.ExitCode.Should().Be(2);
        result.Stderr.Should().Contain("bouncekit report: cannot read");
        result.Stdout.Should().BeEmpty();
    }

    [Fact]
    public void Report_BothInputs_ExitsTwo()
    {
        CliRunner.Result result = CliRunner.Run("report", "--events", "-", "--sfmc-bounces", SfmcBounces);

        result.ExitCode.Should().Be(2);
        result.Stderr.Should().Contain("exactly one input").And.Contain("not both");
        result.Stdout.Should().BeEmpty();
    }

    [Fact]
    public void Report_NoInput_ExitsTwo()
    {
        CliRunner.Result result = CliRunner.Run("report", "--format", "html");

        result.ExitCode.Should().Be(2);
        result.Stderr.Should().Contain("give exactly one input, --events FILE or --sfmc-bounces FILE.");
        result.Stdout.Should().BeEmpty();
    }
}
