using BounceKit.Events;
using BounceKit.Policy;
using BounceKit.Sync;
using BounceKit.Tests.Sync;
using Microsoft.Data.Sqlite;

namespace BounceKit.Storage.Sqlite.Tests;

/// <summary>The <see cref="ISyncStore"/> contract on the SQLite ledger, plus what only a file can show.</summary>
public sealed class SqliteSyncStoreTests : SyncStoreContractTests, IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("bouncekit-sync-").FullName;
    private readonly List<SqliteBounceLedger> _open = [];

    protected override async Task<ISyncStore> CreateAsync() => await OpenAsync("ledger.db");

    private async Task<SqliteBounceLedger> OpenAsync(string name)
    {
        SqliteBounceLedger ledger = await SqliteBounceLedger.OpenAsync(new SqliteBounceLedgerOptions { Path = Path.Combine(_directory, name) });
        _open.Add(ledger);
        return ledger;
    }

    [Fact]
    public async Task Everything_SurvivesClosingAndReopening()
    {
        SqliteBounceLedger first = await OpenAsync("persist.db");
        await first.MarkPendingAsync(["s3", "s4"]);
        await PlanAsync(first, Write("crm", Projection("s1")), Write("crm", Projection("s2")), Write("crm", Projection("s3")));
        IReadOnlyList<OutboxEntry> batch = await first.ReadOutboxAsync("crm", 0, 10, 5);
        var at = new DateTimeOffset(2026, 5, 6, 7, 8, 9, TimeSpan.FromMinutes(330)).AddTicks(1234);
        await first.CompleteAsync("crm", [Result(batch[0], CrmWriteOutcome.Written), Result(batch[1], CrmWriteOutcome.Retryable, "503 busy")], at);
        await first.CompleteAsync("crm", [Result(batch[2], CrmWriteOutcome.Written)], at);
        OutboxEntry failed = (await QueuedAsync(first, "crm", "s2"))!;
        await first.DisposeAsync();

        SqliteBounceLedger second = await OpenAsync("persist.db");
        (await second.ReadPendingAsync(null, 10)).Should().Equal("s3", "s4");
        (await second.ReadWrittenAsync("crm", ["s1", "s2", "s3"])).Should().BeEquivalentTo(new Dictionary<string, CrmProjection> { ["s1"] = Projection("s1"), ["s3"] = Projection("s3") });
        (await QueuedAsync(second, "crm", "s2")).Should().Be(failed);
        failed.Should().Be(batch[1] with { Attempts = 1, LastOutcome = CrmWriteOutcome.Retryable, LastError = "503 busy", LastAttempt = at });
        failed.LastAttempt!.Value.Offset.Should().Be(TimeSpan.FromMinutes(330));
        (await second.CountOutboxAsync("crm", 5)).Should().Be(new OutboxCounts(1, 1, 0));

        // AUTOINCREMENT: sequences keep growing past the highest ever used, even when that entry left the outbox,
        // so an entry completed before the restart can never be mistaken for a new one.
        await PlanAsync(second, Write("crm", Projection("s5")));
        (await QueuedAsync(second, "crm", "s5"))!.Sequence.Should().BeGreaterThan(batch[2].Sequence);
    }

    [Fact]
    public async Task ALedgerFile_FromBeforeSync_IsUpgradedOnOpen()
    {
        string path = Path.Combine(_directory, "old.db");
        await using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            await connection.OpenAsync();
            await using SqliteCommand create = connection.CreateCommand();
            create.CommandText = """
                PRAGMA journal_mode = WAL;
                CREATE TABLE checkpoints (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
                INSERT INTO checkpoints (key, value) VALUES ('mailchimp', '2026-01-01');
                """;
            await create.ExecuteNonQueryAsync();
        }

        SqliteBounceLedger ledger = await OpenAsync("old.db");
        (await ledger.GetCheckpointAsync("mailchimp")).Should().Be("2026-01-01");
        await ledger.MarkPendingAsync(["s1"]);
        await ledger.CommitPlanAsync([Write("crm", Projection("s1"))], [], ["s1"]);
        (await ledger.CountOutboxAsync("crm", 5)).Queued.Should().Be(1);
        (await ledger.CountPendingAsync()).Should().Be(0);
    }

    [Fact]
    public async Task TwoConnections_OnOneFile_SeeEachOthersCommits()
    {
        SqliteBounceLedger a = await OpenAsync("shared.db");
        SqliteBounceLedger b = await OpenAsync("shared.db");

        await a.CommitPlanAsync([Write("crm", Projection("s1"))], [], []);
        OutboxEntry entry = (await QueuedAsync(b, "crm", "s1"))!;
        await b.CompleteAsync("crm", [Result(entry, CrmWriteOutcome.Written)], T0);

        (await a.ReadWrittenAsync("crm", ["s1"]))["s1"].Should().Be(Projection("s1"));
        (await a.CountOutboxAsync("crm", 5)).Queued.Should().Be(0);
    }

    [Fact]
    public async Task SyncEngine_OnTheLedger_RewritesNothing_WhenNothingChanged()
    {
        SqliteBounceLedger ledger = await OpenAsync("engine.db");
        var offset = TimeSpan.FromMinutes(-210);
        DeliverabilityEvent[] events = [.. Enumerable.Range(0, 300).Select(i => new DeliverabilityEvent(
            $"e{i}", $"s{i % 100}", new DateTimeOffset(2026, 1, 1 + (i / 100 * 9), 3, 4, 5, offset).AddTicks(i), DeliverabilityEventKind.Bounce)
        {
            BounceType = GivenBounceType.Hard,
            // 254 characters, then an emoji that the 255-character reason must not cut in half.
            Diagnostic = "550 5.1.1 " + new string('x', 244) + "📬 gone",
        })];
        var sink = new RecordingSink();
        var engine = new SyncEngine(ledger, ledger, ledger, new SfmcPolicy(), [EventSource.Create("events", (_, _) => events.ToAsyncEnumerable())], [new SyncSink("crm", sink)]);

        SyncSummary first = await engine.RunAsync();
        await ledger.MarkPendingAsync([.. events.Select(e => e.SubscriberKey).Distinct()]);
        SyncSummary second = await engine.RunAsync();

        first.Sinks[0].Written.Should().Be(100);
        sink.Written.Should().HaveCount(100);
        sink.Written[0].LastBounceReason.Should().HaveLength(254).And.EndWith("x");
        sink.Written[0].LastBounceDate!.Value.Offset.Should().Be(offset);
        (second.SubscribersPlanned, second.Sinks[0].Planned, second.Sinks[0].Written).Should().Be((100L, 0L, 0L), "every recomputed projection equals the stored one");
        sink.Written.Should().HaveCount(100);
    }

    private sealed class RecordingSink : ICrmSink
    {
        public List<CrmProjection> Written { get; } = [];

        public Task<IReadOnlyList<CrmWriteResult>> WriteAsync(IReadOnlyList<CrmProjection> projections, CancellationToken cancellationToken = default)
        {
            Written.AddRange(projections);
            return Task.FromResult<IReadOnlyList<CrmWriteResult>>([.. projections.Select(p => new CrmWriteResult(p.SubscriberKey, CrmWriteOutcome.Written))]);
        }
    }

    public void Dispose()
    {
        foreach (SqliteBounceLedger ledger in _open)
        {
            ledger.Dispose();
        }

        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still open on some platforms; the temp folder is cleaned by the OS.
        }
    }
}
