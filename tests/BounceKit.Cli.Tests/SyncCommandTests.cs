using System.Text.Json;
using System.Text.Json.Nodes;
using BounceKit.MarketingCloud.Tests.Rest.Fakes;
using BounceKit.SalesforceCrm.Tests.Fakes;

namespace BounceKit.Cli.Tests;

public sealed class SyncCommandTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("bouncekit-sync-").FullName;

    private string Config(object config)
    {
        string path = Path.Combine(_directory, "bouncekit.json");
        File.WriteAllText(path, JsonSerializer.Serialize(config));
        return path;
    }

    private string Events(params string[] lines)
    {
        string path = Path.Combine(_directory, "events.jsonl");
        File.AppendAllLines(path, lines);
        return path;
    }

    private static string Bounce(string id, string subscriber, string at, string kind = "hard", string domain = "gmail.com") =>
        $"{{\"id\":\"{id}\",\"subscriber\":\"{subscriber}\",\"at\":\"{at}\",\"event\":\"bounce\",\"bounce\":\"{kind}\",\"domain\":\"{domain}\",\"job\":\"{id}\",\"text\":\"550 5.1.1 user unknown\"}}";

    private static string Open(string id, string subscriber, string at) =>
        $"{{\"id\":\"{id}\",\"subscriber\":\"{subscriber}\",\"at\":\"{at}\",\"event\":\"open\"}}";

    private static object FileConfig() => new
    {
        ledger = "ledger.db",
        sources = new[] { new { name = "events", type = "events", path = "events.jsonl" } },
        sinks = new[] { new { name = "crm-file", type = "file", path = "out/crm.jsonl" } },
    };

    private string[] CrmLines => File.Exists(Path.Combine(_directory, "out", "crm.jsonl")) ? File.ReadAllLines(Path.Combine(_directory, "out", "crm.jsonl")) : [];

    [Fact]
    public void Run_WritesTheChangedRecords_AndAnotherRunWritesOnlyWhatChangedSince()
    {
        Events(Bounce("e1", "a", "2026-01-05T10:00:00Z"), Bounce("e2", "b", "2026-01-05T10:00:00Z", "soft", "example.org"));
        string config = Config(FileConfig());

        CliRunner.Result first = CliRunner.Run("sync", "--config", config);

        first.ExitCode.Should().Be(0, first.Stderr);
        JsonElement summary = first.Json.Last().GetProperty("summary");
        summary.GetProperty("eventsStored").GetInt64().Should().Be(2);
        summary.GetProperty("sinks")[0].GetProperty("written").GetInt64().Should().Be(2);
        CrmLines.Should().HaveCount(2);
        JsonNode.Parse(CrmLines[0])!["hardBounce"]!.GetValue<bool>().Should().BeTrue();
        first.Stderr.Should().Contain("bouncekit sync: reading events: 2").And.Contain("bouncekit sync: writing crm-file: 2/2");

        CliRunner.Result idle = CliRunner.Run("sync", "--config", config);
        idle.Json.Last().GetProperty("summary").GetProperty("eventsRead").GetInt64().Should().Be(0, "the file is read from where the last run stopped");
        CrmLines.Should().HaveCount(2);

        Events(Open("e3", "a", "2026-01-09T10:00:00Z"));
        CliRunner.Result next = CliRunner.Run("sync", "--config", config);
        next.ExitCode.Should().Be(0);
        CrmLines.Should().HaveCount(3);
        JsonNode last = JsonNode.Parse(CrmLines[2])!;
        last["subscriber"]!.GetValue<string>().Should().Be("a");
        last["hardBounce"]!.GetValue<bool>().Should().BeFalse("an open after the bounce clears the flag");
    }

    [Fact]
    public void DryRun_PrintsEachWriteWithItsReason_AndChangesNothing()
    {
        Events(Bounce("e1", "a", "2026-01-05T10:00:00Z"));
        string config = Config(FileConfig());

        CliRunner.Result dry = CliRunner.Run("sync", "--config", config, "--dry-run");

        dry.ExitCode.Should().Be(0, dry.Stderr);
        dry.Json.Should().HaveCount(2);
        JsonElement write = dry.Json[0];
        write.GetProperty("sink").GetString().Should().Be("crm-file");
        write.GetProperty("subscriber").GetString().Should().Be("a");
        write.GetProperty("hardBounce").GetBoolean().Should().BeTrue();
        write.GetProperty("previous").ValueKind.Should().Be(JsonValueKind.Null);
        write.GetProperty("why").GetString().Should().StartWith("held:");
        dry.Json[1].GetProperty("summary").GetProperty("dryRun").GetBoolean().Should().BeTrue();
        CrmLines.Should().BeEmpty();

        CliRunner.Result run = CliRunner.Run("sync", "--config", config);
        run.Json.Last().GetProperty("summary").GetProperty("eventsStored").GetInt64().Should().Be(1, "the dry run stored nothing and moved no checkpoint");
    }

    [Fact]
    public void TableFormat_ShowsThePlanAndASummary()
    {
        Events(Bounce("e1", "a", "2026-01-05T10:00:00Z"));
        CliRunner.Result dry = CliRunner.Run("sync", "--config", Config(FileConfig()), "--dry-run", "--format", "table");

        dry.Stdout.Should().Contain("SINK").And.Contain("crm-file").And.Contain("held:").And.Contain("dry run finished in").And.Contain("sink crm-file: 1 to write");
    }

    [Fact]
    public void ABadEventLine_IsReportedWithItsNumber_AndTheOthersAreSynced()
    {
        Events(Bounce("e1", "a", "2026-01-05T10:00:00Z"), "{not json", Bounce("e2", "b", "2026-01-05T10:00:00Z"));

        CliRunner.Result run = CliRunner.Run("sync", "--config", Config(FileConfig()));

        run.ExitCode.Should().Be(3);
        run.Stderr.Should().Contain("source 'events': line 2:");
        CrmLines.Should().HaveCount(2);
    }

    [Fact]
    public void ConfigurationErrors_NameTheSetting_AndEveryOneIsReported()
    {
        string config = Config(new
        {
            policy = new { preset = "sfmc", thresholdCount = "many" },
            sources = new object[] { new { type = "ftp" }, new { type = "events" } },
            sinks = new object[] { new { name = "sf", type = "salesforce", options = new { ClientSecret = "env:SF_SECRET" } } },
        });

        CliRunner.Result run = CliRunner.Run("sync", "--config", config);

        run.ExitCode.Should().Be(2);
        run.Stderr.Should().Contain("policy:thresholdCount: 'many' is not a whole number")
            .And.Contain("sources:0:type: 'ftp' is not a source type")
            .And.Contain("sources:1:path: a file path is required")
            .And.Contain("sinks:0:options:ClientSecret: the environment variable SF_SECRET is not set");
        run.Stdout.Should().BeEmpty();
    }

    [Fact]
    public void AnInvalidAdapterSetting_IsReportedBeforeAnythingRuns()
    {
        string config = Config(new
        {
            sinks = new object[] { new { name = "sf", type = "salesforce", options = new { ClientId = "x" } } },
        });

        CliRunner.Result run = CliRunner.Run("sync", "--config", config);

        run.ExitCode.Should().Be(2);
        run.Stderr.Should().Contain("LoginUrl");
    }

    [Fact]
    public void PartitionedRuns_TogetherWriteEveryoneOnce()
    {
        Events([.. Enumerable.Range(0, 30).Select(i => Bounce($"e{i}", $"s{i:00}", "2026-01-05T10:00:00Z"))]);
        string config = Config(FileConfig());

        int[] written = [.. Enumerable.Range(0, 3).Select(i => CliRunner.Run("sync", "--config", config, "--partition", $"{i}/3"))
            .Select(r => (int)r.Json.Last().GetProperty("summary").GetProperty("sinks")[0].GetProperty("written").GetInt64())];

        written.Sum().Should().Be(30);
        written.Should().OnlyContain(n => n > 0);
        CrmLines.Should().HaveCount(30);
        CliRunner.Run("sync", "--config", config, "--partition", "3/3").Stderr.Should().Contain("--partition: '3/3' is not INDEX/COUNT");
    }

    [Fact]
    public async Task SfmcDataExtension_IsReadOverRest_BadRowsAreReported_AndRepeatsAreIgnored()
    {
        await using FakeMarketingCloudServer server = await FakeMarketingCloudServer.StartAsync();
        (string Key, string Date, string Category, string Reason)[] bounces =
        [
            ("0035g00000AbCdE", "11/22/2026 3:00:00 AM", "Hard bounce", "550 5.1.1 user unknown"),
            ("00Q5g00000XyZab", "11/22/2026 9:15:00 PM", "Soft bounce", "452 4.2.2 Mailbox full"),
            ("0035g00000Broke", "not a date", "Soft bounce", "421 4.4.2 dropped"),
        ];
        server.AddRows("bounces_stage", bounces.Length, i => (
            new Dictionary<string, string> { ["SubscriberKey"] = bounces[i].Key, ["JobID"] = "90211" },
            new Dictionary<string, string> { ["EventDate"] = bounces[i].Date, ["BounceCategory"] = bounces[i].Category, ["SMTPBounceReason"] = bounces[i].Reason, ["SMTPCode"] = bounces[i].Reason[..3] }));
        string config = Config(new
        {
            ledger = "ledger.db",
            sources = new[] { new { name = "sfmc", type = "sfmc-data-extension", dataExtension = "bounces_stage", options = new { FakeMarketingCloudServer.Subdomain, FakeMarketingCloudServer.ClientId, ClientSecret = "env:SFMC_SECRET", AuthBaseAddress = server.AuthBaseAddress } } },
            sinks = new[] { new { name = "crm-file", type = "file", path = "out/crm.jsonl" } },
        });
        var environment = new Dictionary<string, string> { ["SFMC_SECRET"] = FakeMarketingCloudServer.ClientSecret };

        CliRunner.Result run = CliRunner.RunWithEnvironment("", environment, "sync", "--config", config);

        run.ExitCode.Should().Be(3, run.Stderr);
        run.Stderr.Should().Contain("source 'sfmc':").And.Contain("EventDate");
        CrmLines.Select(l => JsonNode.Parse(l)!["subscriber"]!.GetValue<string>()).Should().Equal("0035g00000AbCdE", "00Q5g00000XyZab");
        CliRunner.Result again = CliRunner.RunWithEnvironment("", environment, "sync", "--config", config);
        again.Json.Last().GetProperty("summary").GetProperty("eventsStored").GetInt64().Should().Be(0, "the data extension is read in full again; stored bounces are repeats");
        CrmLines.Should().HaveCount(2);
    }

    [Fact]
    public void AMissingConfigFile_IsAUsageError()
    {
        CliRunner.Result run = CliRunner.Run("sync", "--config", Path.Combine(_directory, "nope.json"));
        run.ExitCode.Should().Be(2);
        run.Stderr.Should().Contain("cannot read");
    }

    [Fact]
    public async Task Salesforce_RecordsAreWritten_MissingOnesBecomeDeadLetters_ListedWithTheirReason()
    {
        await using FakeSalesforceServer server = await FakeSalesforceServer.StartAsync();
        server.AddRecord("0035g00000AbCdE");
        Events(Bounce("e1", "0035g00000AbCdE", "2026-01-05T10:00:00Z"), Bounce("e2", "0035g00000Gone1", "2026-01-05T10:00:00Z"));
        string config = Config(new
        {
            ledger = "ledger.db",
            sources = new[] { new { name = "events", type = "events", path = "events.jsonl" } },
            sinks = new[] { new { name = "salesforce", type = "salesforce", options = new { LoginUrl = server.LoginUrl, ClientId = FakeSalesforceServer.ClientId, ClientSecret = "env:SF_SECRET" } } },
        });
        var environment = new Dictionary<string, string> { ["SF_SECRET"] = FakeSalesforceServer.ClientSecret };

        CliRunner.Result run = CliRunner.RunWithEnvironment("", environment, "sync", "--config", config);

        run.ExitCode.Should().Be(3, run.Stderr);
        server.Field("0035g00000AbCdE", "Hard_Bounce__c")!.GetValue<bool>().Should().BeTrue();
        JsonElement sink = run.Json.Last().GetProperty("summary").GetProperty("sinks")[0];
        sink.GetProperty("written").GetInt64().Should().Be(1);
        sink.GetProperty("notFound").GetInt64().Should().Be(1);
        sink.GetProperty("deadLetters").GetInt64().Should().Be(1);
        run.Stderr.Should().Contain("1 write(s) failed and wait for the next run");
        run.Stderr.Should().NotContain(FakeSalesforceServer.ClientSecret);

        CliRunner.Result dead = CliRunner.RunWithEnvironment("", environment, "sync", "--config", config, "--dead-letters");
        dead.ExitCode.Should().Be(0);
        JsonElement letter = dead.Json.Should().ContainSingle().Subject;
        letter.GetProperty("subscriber").GetString().Should().Be("0035g00000Gone1");
        letter.GetProperty("outcome").GetString().Should().Be("not-found");
        letter.GetProperty("attempts").GetInt32().Should().Be(1);
        letter.GetProperty("error").GetString().Should().NotBeNullOrEmpty();

        server.AddRecord("0035g00000Gone1");
        CliRunner.Result retry = CliRunner.RunWithEnvironment("", environment, "sync", "--config", config);
        retry.ExitCode.Should().Be(0, retry.Stderr);
        server.Field("0035g00000Gone1", "Hard_Bounce__c")!.GetValue<bool>().Should().BeTrue("the dead letter was retried on the next run");
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
