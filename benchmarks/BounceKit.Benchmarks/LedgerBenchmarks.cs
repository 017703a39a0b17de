using BenchmarkDotNet.Attributes;
using BounceKit.Events;
using BounceKit.Policy;
using BounceKit.Storage.Sqlite;

namespace BounceKit.Benchmarks;

/// <summary>The SQLite ledger: appending 20,000 events in batches of 1,000 to a real file, and the same plus the SFMC
/// policy on every touched subscriber; results are per event.</summary>
[MemoryDiagnoser]
public class LedgerBenchmarks
{
    private const int Events = 20_000;
    private const int Batch = 1_000;

    private DeliverabilityEvent[][] _batches = [];
    private string _directory = "";
    private int _run;

    [GlobalSetup]
    public void Setup()
    {
        var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        _batches = [.. Enumerable.Range(0, Events)
            .Select(i => new DeliverabilityEvent($"e{i}", $"s{i % 2_000}", start.AddMinutes(i), DeliverabilityEventKind.Bounce)
            {
                BounceType = GivenBounceType.Soft,
                JobId = "j" + (i % 7),
                RecipientDomain = "example.com",
                Diagnostic = "452 4.2.2 Mailbox full",
            })
            .Chunk(Batch)];
        _directory = Directory.CreateTempSubdirectory("bouncekit-bench-").FullName;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Benchmark(OperationsPerInvoke = Events)]
    public async Task<int> Append()
    {
        await using SqliteBounceLedger ledger = await SqliteBounceLedger.OpenAsync(new SqliteBounceLedgerOptions { Path = NextFile() });
        int touched = 0;
        foreach (DeliverabilityEvent[] batch in _batches)
        {
            touched += (await ledger.AppendAsync(batch)).Stored;
        }

        return touched;
    }

    [Benchmark(OperationsPerInvoke = Events)]
    public async Task<int> AppendAndApplySfmc()
    {
        await using SqliteBounceLedger ledger = await SqliteBounceLedger.OpenAsync(new SqliteBounceLedgerOptions { Path = NextFile() });
        var runner = new LedgerPolicyRunner(ledger, new SfmcPolicy());
        int changed = 0;
        foreach (DeliverabilityEvent[] batch in _batches)
        {
            changed += (await runner.ApplyAsync(batch)).Count;
        }

        return changed;
    }

    private string NextFile() => Path.Combine(_directory, $"ledger-{_run++}.db");
}
