namespace BounceKit.Cli.Tests;

public class SfmcCommandTests
{
    [Fact]
    public void Sql_PrintsTheQueryWithTheOptions()
    {
        CliRunner.Result result = CliRunner.Run("sfmc", "sql", "--days", "3", "--reason-length", "255", "--require-hard-bounce");

        result.ExitCode.Should().Be(0, result.Stderr);
        result.Stdout.Should().Contain("DATEADD(DAY, -3, GETDATE())").And.Contain("LEFT(b.SMTPBounceReason, 255)").And.Contain("'Hard bounce'");
    }

    [Theory]
    [InlineData("--days", "0", "--days must be 1 to 180")]
    [InlineData("--reason-length", "0", "--reason-length must be 1 to 4000")]
    public void Sql_OutOfRange_ExitsTwo(string option, string value, string expected)
    {
        CliRunner.Result result = CliRunner.Run("sfmc", "sql", option, value);

        result.ExitCode.Should().Be(2);
        result.Stderr.Should().Contain(expected);
    }

    private static readonly string Samples = Path.Combine(ParseCommandTests.RepoRoot(), "samples", "sfmc");

    private static CliRunner.Result Plan(params string[] extra) => CliRunner.Run(
        ["sfmc", "plan", "--bounces", Path.Combine(Samples, "_Bounce.csv"), "--subscribers", Path.Combine(Samples, "_Subscribers.csv"),
         "--since", "2026-11-22T00:00:00Z", "--until", "2026-11-24T00:00:00Z", .. extra]);

    [Fact]
    public void Plan_Samples_FlagsHeldSubscribersOnly_OneRowEach_OrderedByKey()
    {
        CliRunner.Result result = Plan("--crm-flagged", Path.Combine(Samples, "crm-flagged.txt"));

        result.ExitCode.Should().Be(3, "one sample row has an unreadable date");
        result.Stderr.Should().Contain("_Bounce.csv:9: EventDate:").And.Contain("; skipped.").And.NotContain(".;");
        result.Json.Select(j => (j.GetProperty("subscriberKey").GetString(), j.GetProperty("action").GetString(), j.GetProperty("object").GetString()))
            .Should().Equal(
                ("0035g00000AbCdE", "flag", "Contact"),
                ("0035g00000Reset", "clear", "Contact"),
                ("00Q5g00000XyZab", "flag", "Lead"),
                ("jane.doe@example.org", "flag", "Unknown"));
        result.Lines.Should().NotContain(l => l.Contains("0035g00000Bounc", StringComparison.Ordinal), "a hard bounce from an untrusted ISP leaves the subscriber Bounced, not Held");
    }

    [Fact]
    public void Plan_FlagRow_CarriesTheLatestBounce_InUtc_WithTheQuotedMultiLineReason()
    {
        CliRunner.Result result = Plan();

        System.Text.Json.JsonElement lead = result.Json.Single(j => j.GetProperty("subscriberKey").GetString() == "00Q5g00000XyZab");
        lead.GetProperty("hardBounceDate").GetString().Should().Be("2026-11-23T03:15:00Z", "11/22/2026 9:15 PM Central Standard Time without daylight saving");
        lead.GetProperty("smtpCode").GetInt32().Should().Be(452);
        System.Text.Json.JsonElement contact = result.Json.Single(j => j.GetProperty("subscriberKey").GetString() == "0035g00000AbCdE");
        contact.GetProperty("reason").GetString().Should().Contain("\n550 5.1.1 double-checking").And.Contain("\"learn more\"");
        contact.GetProperty("email").GetString().Should().Be("ada.lovelace@gmail.com");
    }

    [Fact]
    public void Plan_RequireHardBounce_AndReasonLength_Apply()
    {
        CliRunner.Result result = Plan("--require-hard-bounce", "--reason-length", "10");

        result.Json.Select(j => j.GetProperty("subscriberKey").GetString()).Should().Equal("0035g00000AbCdE", "jane.doe@example.org");
        result.Json.Should().OnlyContain(j => j.GetProperty("reason").GetString()!.Length <= 10);
    }

    [Fact]
    public void Plan_Table_IsReadable()
    {
        CliRunner.Result result = Plan("--format", "table");

        result.Lines[0].Should().StartWith("SUBSCRIBER KEY");
        result.Lines.Should().Contain(l => l.StartsWith("00Q5g00000XyZab", StringComparison.Ordinal) && l.Contains("Lead", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("--since", "soon", "--since 'soon'")]
    [InlineData("--until", "2026-11-21T00:00:00Z", "the window is empty")]
    [InlineData("--reason-length", "0", "--reason-length is 0")]
    public void Plan_BadArguments_ExitTwo(string option, string value, string expected)
    {
        string[] files = ["sfmc", "plan", "--bounces", Path.Combine(Samples, "_Bounce.csv"), "--subscribers", Path.Combine(Samples, "_Subscribers.csv")];
        CliRunner.Result result = option switch
        {
            "--since" => CliRunner.Run([.. files, option, value]),
            "--until" => CliRunner.Run([.. files, "--since", "2026-11-22T00:00:00Z", option, value]),
            _ => Plan(option, value),
        };

        result.ExitCode.Should().Be(2);
        result.Stderr.Should().Contain(expected);
        result.Stdout.Should().BeEmpty();
    }

    [Fact]
    public void Plan_MissingColumnOrFile_ExitsTwoNamingIt()
    {
        string path = Path.Combine(Path.GetTempPath(), $"bouncekit-{Guid.NewGuid():N}.csv");
        File.WriteAllText(path, "SubscriberKey,Domain\n0035g00000AbCdE,gmail.com\n");
        try
        {
            CliRunner.Result missingColumn = CliRunner.Run("sfmc", "plan", "--bounces", path, "--subscribers", Path.Combine(Samples, "_Subscribers.csv"));
            missingColumn.ExitCode.Should().Be(2);
            missingColumn.Stderr.Should().Contain("EventDate");

            CliRunner.Result missingFile = CliRunner.Run("sfmc", "plan", "--bounces", path + ".nope", "--subscribers", path);
            missingFile.ExitCode.Should().Be(2);
            missingFile.Stderr.Should().Contain("no such file");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Reconcile_Samples_ListsWhereTheReplayAndSfmcDisagree()
    {
        CliRunner.Result result = CliRunner.Run("sfmc", "reconcile", "--bounces", Path.Combine(Samples, "_Bounce.csv"), "--subscribers", Path.Combine(Samples, "_Subscribers.csv"));

        result.ExitCode.Should().Be(3, "the sample's unreadable row is still reported");
        result.Json.Select(j => (j.GetProperty("subscriberKey").GetString(), j.GetProperty("sfmcStatus").GetString(), j.GetProperty("bounceKitStatus").GetString()))
            .Should().Equal(("jane.doe@example.org", "held", "bounced"));
    }
}
