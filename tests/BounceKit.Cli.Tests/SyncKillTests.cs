using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using BounceKit.Cli.Commands;
using BounceKit.Events;
using BounceKit.Policy;
using BounceKit.SalesforceCrm.Tests.Fakes;

namespace BounceKit.Cli.Tests;

/// <summary>Kills a real <c>bouncekit sync</c> process again and again while it writes to the loopback Salesforce, then
/// lets one run finish, and checks every record against what the policy says it should show.</summary>
public sealed class SyncKillTests : IDisposable
{
    private const int Subscribers = 1_200;
    private readonly string _directory = Directory.CreateTempSubdirectory("bouncekit-sync-kill-").FullName;

    [Fact]
    public async Task KilledRepeatedlyMidApply_EveryRecordEndsRight_AndOnlyInFlightBatchesAreWrittenTwice()
    {
        await using FakeSalesforceServer server = await FakeSalesforceServer.StartAsync();
        (List<DeliverabilityEvent> events, string config) = Prepare(server);

        // Every update call takes a while, so a kill lands between a call and its confirmation as often as not.
        server.SlowNext(TimeSpan.FromMilliseconds(60), times: 10_000);
        var random = new Random(11);
        int kills = 0;
        for (int round = 0; round < 6; round++)
        {
            int callsBefore = server.UpdateCalls;
            int killAfter = random.Next(1, 4);
            using Process victim = Start(config);
            var watch = Stopwatch.StartNew();
            while (!victim.HasExited && server.UpdateCalls - callsBefore < killAfter && watch.Elapsed < TimeSpan.FromSeconds(60))
            {
                await Task.Delay(random.Next(1, 20));
            }

            if (!victim.HasExited)
            {
                victim.Kill(entireProcessTree: true); // SIGKILL: no cleanup, no graceful cancellation
                kills++;
            }

            await victim.WaitForExitAsync();
        }

        var lastError = new StringBuilder();
        using (Process last = Start(config, lastError))
        {
            await last.WaitForExitAsync();
            last.ExitCode.Should().Be(0, "the final run finishes what the killed ones left: {0}", lastError);
        }

        kills.Should().BeGreaterThanOrEqualTo(3, "the test must interrupt runs mid-apply to prove anything");
        Dictionary<string, CrmProjection> expected = events.GroupBy(e => e.SubscriberKey)
            .ToDictionary(g => g.Key, g => CrmProjection.From(new SfmcPolicy().Evaluate(g.Key, g).State, 255));
        foreach ((string id, CrmProjection want) in expected)
        {
            server.Field(id, "Hard_Bounce__c")?.GetValue<bool>().Should().Be(want.HardBounce, "record {0}", id);
            string? date = server.Field(id, "Hard_Bounce_Date__c")?.GetValue<string>();
            (date is not null).Should().Be(want.HardBounceDate is not null, "record {0}", id);
        }

        // Each record is written once, except those in a batch whose confirmation a kill prevented.
        int[] writes = [.. server.UpdateBodies.SelectMany(b => b["records"]!.AsArray()).GroupBy(r => r!["id"]!.GetValue<string>()).Select(g => g.Count())];
        writes.Should().HaveCount(expected.Count);
        int rewritten = writes.Sum(n => n - 1);
        rewritten.Should().BeLessThanOrEqualTo(kills * 100, "only the batch in flight at a kill is repeated");
    }

    [Fact]
    public async Task ThreePartitionedWorkers_RunningAtOnceOnOneLedger_WriteEveryRecordRightAndOnce()
    {
        await using FakeSalesforceServer server = await FakeSalesforceServer.StartAsync();
        (List<DeliverabilityEvent> events, string config) = Prepare(server);
        var errors = new StringBuilder[3];
        Process[] workers = [.. Enumerable.Range(0, 3).Select(i => Start(config, errors[i] = new StringBuilder(), "--partition", $"{i}/3"))];
        foreach (Process worker in workers)
        {
            await worker.WaitForExitAsync();
        }

        workers.Select(w => w.ExitCode).Should().Equal([0, 0, 0], string.Join("\n", errors.Select(e => e.ToString())));
        Dictionary<string, CrmProjection> expected = events.GroupBy(e => e.SubscriberKey)
            .ToDictionary(g => g.Key, g => CrmProjection.From(new SfmcPolicy().Evaluate(g.Key, g).State, 255));
        foreach ((string id, CrmProjection want) in expected)
        {
            server.Field(id, "Hard_Bounce__c")?.GetValue<bool>().Should().Be(want.HardBounce, "record {0}", id);
        }

        server.UpdateBodies.SelectMany(b => b["records"]!.AsArray()).Select(r => r!["id"]!.GetValue<string>())
            .Should().OnlyHaveUniqueItems().And.HaveCount(expected.Count, "without kills, every record is written exactly once");
        foreach (Process worker in workers)
        {
            worker.Dispose();
        }
    }

    /// <summary>Writes the events, gives the loopback Salesforce a record for each subscriber, and writes the
    /// configuration.</summary>
    private (List<DeliverabilityEvent> Events, string Config) Prepare(FakeSalesforceServer server)
    {
        List<DeliverabilityEvent> events = WriteEvents(Path.Combine(_directory, "events.jsonl"));
        foreach (string id in events.Select(e => e.SubscriberKey).Distinct())
        {
            server.AddRecord(id);
        }

        return (events, WriteConfig(server));
    }

    private string WriteConfig(FakeSalesforceServer server)
    {
        string config = Path.Combine(_directory, "bouncekit.json");
        File.WriteAllText(config, JsonSerializer.Serialize(new
        {
            ledger = "ledger.db",
            sync = new { eventChunkSize = 500, settlePageSize = 300 },
            sources = new[] { new { name = "events", type = "events", path = "events.jsonl" } },
            sinks = new[] { new { name = "salesforce", type = "salesforce", batchSize = 100, options = new { LoginUrl = server.LoginUrl, ClientId = FakeSalesforceServer.ClientId, ClientSecret = "env:SF_SECRET" } } },
        }));
        return config;
    }

    private static List<DeliverabilityEvent> WriteEvents(string path)
    {
        var events = new List<DeliverabilityEvent>();
        var text = new StringBuilder();
        DateTimeOffset t0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        for (int i = 0; i < Subscribers; i++)
        {
            string id = string.Create(CultureInfo.InvariantCulture, $"003{i:D12}");
            int bounces = i % 4;
            for (int b = 0; b < bounces; b++)
            {
                string line = string.Create(CultureInfo.InvariantCulture, $"{{\"id\":\"{id}-{b}\",\"subscriber\":\"{id}\",\"at\":\"{t0.AddDays(b * 8):yyyy-MM-dd'T'HH:mm:ss'Z'}\",\"event\":\"bounce\",\"bounce\":\"soft\",\"domain\":\"example.org\",\"job\":\"j{b}\",\"text\":\"452 4.2.2 Mailbox full\"}}");
                text.Append(line).Append('\n');
                EventLine.TryRead(line, out DeliverabilityEvent? e);
                events.Add(e!);
            }

            if (bounces == 0)
            {
                string line = string.Create(CultureInfo.InvariantCulture, $"{{\"id\":\"{id}-o\",\"subscriber\":\"{id}\",\"at\":\"{t0:yyyy-MM-dd'T'HH:mm:ss'Z'}\",\"event\":\"open\"}}");
                text.Append(line).Append('\n');
                EventLine.TryRead(line, out DeliverabilityEvent? e);
                events.Add(e!);
            }
        }

        File.WriteAllText(path, text.ToString());
        return events;
    }

    private static Process Start(string config, StringBuilder? error = null, params string[] more)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string arg in (string[])[CliAssembly(), "sync", "--config", config, .. more])
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["SF_SECRET"] = FakeSalesforceServer.ClientSecret;
        Process process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) =>
        {
            lock (process)
            {
                error?.AppendLine(e.Data);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>The CLI from its own build output: the test's output folder lacks the assemblies the CLI loads from
    /// NuGet that this test project gets from the ASP.NET Core shared framework instead (dependency injection, options).</summary>
    private static string CliAssembly()
    {
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        string framework = output.Name;
        string configuration = output.Parent!.Name;
        DirectoryInfo? root = output;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "BounceKit.sln")))
        {
            root = root.Parent;
        }

        return Path.Combine(root!.FullName, "src", "BounceKit.Cli", "bin", configuration, framework, "BounceKit.Cli.dll");
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
