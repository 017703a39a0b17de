using System.Text.Json;

namespace BounceKit.Cli.Tests;

public class PolicyCommandTests
{
    private static string Sample => Path.Combine(ParseCommandTests.RepoRoot(), "samples", "events.jsonl");

    [Fact]
    public void Simulate_Sfmc_PrintsOneStatePerSubscriber_OrderedBySubscriber()
    {
        CliRunner.Result r = CliRunner.Run("policy", "simulate", "--preset", "sfmc", "--events", Sample);

        r.ExitCode.Should().Be(0, r.Stderr);
        JsonElement[] rows = r.Json;
        rows.Select(j => j.GetProperty("subscriber").GetString()).Should().BeInAscendingOrder(StringComparer.Ordinal).And.HaveCount(4);
        JsonElement held = rows.Single(j => j.GetProperty("subscriber").GetString() == "0035g00000AbCdE");
        held.GetProperty("status").GetString().Should().Be("held");
        held.GetProperty("bounceCount").GetInt32().Should().Be(3, "the retry of job j1 and the repeated event e3 count once");
        held.GetProperty("hardBounce").GetBoolean().Should().BeTrue();
        held.GetProperty("hardBounceDate").GetString().Should().Be("2026-01-20T10:00:00Z");
        held.GetProperty("lastBounceReason").GetString().Should().Be("mailbox-full");
        held.GetProperty("decision").GetString().Should().Be("held: 3 bounces over 15 days, rule MinimumSpan");
        JsonElement reset = rows.Single(j => j.GetProperty("subscriber").GetString() == "0035g00000QrStU");
        reset.GetProperty("status").GetString().Should().Be("active");
        reset.GetProperty("consent").GetString().Should().Be("unsubscribed");
        reset.GetProperty("hardBounce").GetBoolean().Should().BeFalse();
        reset.GetProperty("lastBounceReason").ValueKind.Should().Be(JsonValueKind.Null);
    }

    [Fact]
    public void Simulate_Options_ChangeTheThreshold()
    {
        CliRunner.Result r = CliRunner.Run("policy", "simulate", "--preset", "sfmc", "--events", Sample, "--threshold-days", "30", "--trusted-domains", "example.net");

        JsonElement[] rows = r.Json;
        rows.Single(j => j.GetProperty("subscriber").GetString() == "0035g00000AbCdE").GetProperty("status").GetString().Should().Be("bounced");
        rows.Single(j => j.GetProperty("subscriber").GetString() == "00Q5g00000XyZab").GetProperty("status").GetString().Should().Be("bounced", "gmail.com is no longer trusted");
    }

    [Fact]
    public void Simulate_Transitions_PrecedeTheFinalState()
    {
        CliRunner.Result r = CliRunner.Run("policy", "simulate", "--preset", "sfmc", "--events", Sample, "--transitions");

        JsonElement[] rows = r.Json.Where(j => j.GetProperty("subscriber").GetString() == "0035g00000QrStU").ToArray();
        rows.Should().HaveCount(3);
        rows[0].GetProperty("to").GetString().Should().Be("bounced");
        rows[1].GetProperty("from").GetString().Should().Be("bounced");
        rows[1].GetProperty("to").GetString().Should().Be("active");
        rows[2].GetProperty("status").GetString().Should().Be("active");
    }

    [Fact]
    public void Simulate_Mailchimp_CleansHardBounces()
    {
        CliRunner.Result r = CliRunner.Run("policy", "simulate", "--preset", "mailchimp", "--events", Sample);

        JsonElement[] rows = r.Json;
        rows.Single(j => j.GetProperty("subscriber").GetString() == "00Q5g00000XyZab").GetProperty("status").GetString().Should().Be("cleaned");
        rows.Single(j => j.GetProperty("subscriber").GetString() == "0035g00000QrStU").GetProperty("status").GetString().Should().Be("unsubscribed");
    }

    [Fact]
    public void Simulate_BadLines_AreReportedByNumberAndField_TheRestIsKept()
    {
        string input = string.Join('\n',
            """{"id":"a","subscriber":"s1","at":"2026-01-01T00:00:00Z","event":"bounce","bounce":"hard","domain":"gmail.com"}""",
            """{"id":"b","subscriber":"s1","at":"yesterday","event":"open"}""",
            """{"id":"c","subscriber":"s2","at":"2026-01-01T00:00:00Z","event":"bounced"}""",
            """{"subscriber":"s3","at":"2026-01-01T00:00:00Z","event":"open"}""",
            """{"id":"d","subscriber":"s4","at":"2026-01-01T00:00:00Z","event":"bounce","bounce":"maybe"}""",
            """{"id":"e","subscriber":"s5","at":"2026-01-01T00:00:00Z","event":"subscribe"}""") + "\n";

        CliRunner.Result r = CliRunner.RunWithInput(input, "policy", "simulate", "--preset", "sfmc", "--events", "-");

        r.ExitCode.Should().Be(3);
        r.Json.Select(j => j.GetProperty("subscriber").GetString()).Should().Equal("s1", "s5");
        r.Json[0].GetProperty("status").GetString().Should().Be("held");
        r.Json[1].GetProperty("consent").GetString().Should().Be("subscribed");
        r.Stderr.Should().Contain("line 2: field 'at'").And.Contain("line 3: field 'event'").And.Contain("line 4: field 'id'").And.Contain("line 5: field 'bounce'");
    }

    [Fact]
    public void Simulate_InvalidSettings_FailWithTheSettingNamed()
    {
        CliRunner.Result r = CliRunner.Run("policy", "simulate", "--preset", "sfmc", "--events", Sample, "--threshold-count", "0");

        r.ExitCode.Should().Be(2);
        r.Stderr.Should().Contain("Count is 0").And.NotContain("Parameter");
    }

    [Fact]
    public void Simulate_MissingFile_SaysWhich()
    {
        CliRunner.Result r = CliRunner.Run("policy", "simulate", "--preset", "sfmc", "--events", "/nonexistent/events.jsonl");

        r.ExitCode.Should().Be(1);
        r.Stderr.Should().Contain("/nonexistent/events.jsonl");
    }
}

public sealed class PolicyLedgerCommandTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("bouncekit-cli-ledger-").FullName;

    [Fact]
    public void Simulate_WithLedger_IsIncremental_AndRepeatsChangeNothing()
    {
        string ledger = Path.Combine(_directory, "ledger.db");
        string[] lines = File.ReadAllLines(Path.Combine(ParseCommandTests.RepoRoot(), "samples", "events.jsonl"));
        string firstHalf = string.Join('\n', lines.Take(3)) + "\n";
        string rest = string.Join('\n', lines.Skip(3)) + "\n";

        CliRunner.Result first = CliRunner.RunWithInput(firstHalf, "policy", "simulate", "--preset", "sfmc", "--events", "-", "--ledger", ledger);
        first.ExitCode.Should().Be(0, first.Stderr);
        first.Json.Single().GetProperty("status").GetString().Should().Be("bounced");

        CliRunner.Result second = CliRunner.RunWithInput(rest, "policy", "simulate", "--preset", "sfmc", "--events", "-", "--ledger", ledger);
        CliRunner.Result oneShot = CliRunner.RunWithInput(firstHalf + rest, "policy", "simulate", "--preset", "sfmc", "--events", "-");
        second.Lines.Should().Equal(oneShot.Lines, "two incremental runs end where one run over everything ends");

        CliRunner.Result again = CliRunner.RunWithInput(rest, "policy", "simulate", "--preset", "sfmc", "--events", "-", "--ledger", ledger);
        again.Lines.Should().Equal(oneShot.Lines);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // Cleaned by the OS.
        }
    }
}
