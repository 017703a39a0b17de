using BounceKit.Policy;
using BounceKit.Sync;

namespace BounceKit.Tests.Sync;

/// <summary>What every <see cref="ISyncStore"/> must do, run against each implementation: <see cref="InMemorySyncStore"/>
/// here, the SQLite ledger in BounceKit.Storage.Sqlite.Tests (which links this file).</summary>
/// <remarks>Keys are ASCII: the SQLite store orders by UTF-8 bytes, which matches ordinal order there.</remarks>
public abstract class SyncStoreContractTests
{
    protected static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    protected abstract Task<ISyncStore> CreateAsync();

    protected static CrmProjection Projection(string key, int softBounces = 1, string? reason = "452 4.2.2 Mailbox full") =>
        new(key, false, null, softBounces, T0.AddDays(softBounces), reason, false) { Consent = ConsentStatus.Subscribed };

    protected static PlannedWrite Write(string sink, CrmProjection projection, string why = "bounced: 1 of 3") =>
        new(sink, projection, null, why);

    protected static Task PlanAsync(ISyncStore store, params PlannedWrite[] writes) => store.CommitPlanAsync(writes, [], []);

    protected static async Task<OutboxEntry?> QueuedAsync(ISyncStore store, string sink, string key) =>
        (await store.ReadQueuedAsync(sink, [key])).GetValueOrDefault(key);

    protected static async Task<List<OutboxEntry>> FailedAsync(ISyncStore store, string? sink = null)
    {
        var failed = new List<OutboxEntry>();
        await foreach (OutboxEntry entry in store.ReadFailedAsync(sink))
        {
            failed.Add(entry);
        }

        return failed;
    }

    protected static OutboxCompletion Result(OutboxEntry entry, CrmWriteOutcome outcome, string? message = null) =>
        new(entry, new CrmWriteResult(entry.Projection.SubscriberKey, outcome, message));

    [Fact]
    public async Task Pending_IsASet_PagedInOrdinalKeyOrder()
    {
        ISyncStore store = await CreateAsync();
        await store.MarkPendingAsync(["b", "a", "C", "a", "b2"]);
        await store.MarkPendingAsync(["a", "c"]);
        await store.MarkPendingAsync([]);

        (await store.CountPendingAsync()).Should().Be(5);
        (await store.ReadPendingAsync(null, 2)).Should().Equal("C", "a");
        (await store.ReadPendingAsync("a", 2)).Should().Equal("b", "b2");
        (await store.ReadPendingAsync("b2", 2)).Should().Equal("c");
        (await store.ReadPendingAsync("c", 2)).Should().BeEmpty();
        (await store.ReadPendingAsync("a0", 10)).Should().Equal(["b", "b2", "c"], "after need not be a marked key");
        await store.Invoking(s => s.ReadPendingAsync(null, 0)).Should().ThrowAsync<ArgumentOutOfRangeException>();
    }

    [Fact]
    public async Task CommitPlan_QueuesWrites_AndUnmarksSettledSubscribers()
    {
        ISyncStore store = await CreateAsync();
        await store.MarkPendingAsync(["s1", "s2", "s3"]);

        await store.CommitPlanAsync([Write("crm", Projection("s1"), "why s1"), Write("other", Projection("s1", 2))], [], ["s1", "s2"]);

        (await store.ReadPendingAsync(null, 10)).Should().Equal("s3");
        (await store.CountPendingAsync()).Should().Be(1);
        IReadOnlyDictionary<string, OutboxEntry> queued = await store.ReadQueuedAsync("crm", ["s1", "s2"]);
        queued.Keys.Should().Equal("s1");
        OutboxEntry entry = queued["s1"];
        entry.Should().Be(new OutboxEntry(entry.Sequence, "crm", Projection("s1"), "why s1"));
        (entry.Attempts, entry.LastOutcome, entry.LastError, entry.LastAttempt).Should().Be((0, (CrmWriteOutcome?)null, (string?)null, (DateTimeOffset?)null));
        (await QueuedAsync(store, "other", "s1"))!.Projection.Should().Be(Projection("s1", 2));
        (await store.ReadWrittenAsync("crm", ["s1"])).Should().BeEmpty("nothing is confirmed before a sink writes it");
    }

    [Fact]
    public async Task CommitPlan_ReplacesAChangedProjection_WithANewSequenceAndNoAttempts()
    {
        ISyncStore store = await CreateAsync();
        await PlanAsync(store, Write("crm", Projection("s1", 1)), Write("crm", Projection("s2", 1)));
        OutboxEntry first = (await QueuedAsync(store, "crm", "s1"))!;
        await store.CompleteAsync("crm", [Result(first, CrmWriteOutcome.Retryable, "503")], T0);

        await PlanAsync(store, Write("crm", Projection("s1", 2), "newer"));

        OutboxEntry replaced = (await QueuedAsync(store, "crm", "s1"))!;
        replaced.Sequence.Should().BeGreaterThan((await QueuedAsync(store, "crm", "s2"))!.Sequence, "a replaced entry goes to the back");
        replaced.Should().Be(new OutboxEntry(replaced.Sequence, "crm", Projection("s1", 2), "newer"), "attempts, outcome, error and time start again");
        (await store.ReadOutboxAsync("crm", 0, 10, 5)).Select(e => e.Projection.SubscriberKey).Should().Equal("s2", "s1");
    }

    [Fact]
    public async Task CommitPlan_KeepsAnEqualQueuedEntry_WithItsSequenceAndAttempts()
    {
        ISyncStore store = await CreateAsync();
        await PlanAsync(store, Write("crm", Projection("s1"), "first"));
        OutboxEntry queued = (await QueuedAsync(store, "crm", "s1"))!;
        await store.CompleteAsync("crm", [Result(queued, CrmWriteOutcome.Retryable, "429 throttled")], T0);
        OutboxEntry failed = (await QueuedAsync(store, "crm", "s1"))!;

        await PlanAsync(store, Write("crm", Projection("s1"), "second"), Write("crm", Projection("s2")));

        (await QueuedAsync(store, "crm", "s1")).Should().Be(failed, "an equal projection leaves the entry as it is, its why included");
        failed.Attempts.Should().Be(1);

        // Equal as records, not only as text: the same instant at another offset is the same date.
        CrmProjection sameInstant = Projection("s1") with { LastBounceDate = Projection("s1").LastBounceDate!.Value.ToOffset(TimeSpan.FromHours(2)) };
        await PlanAsync(store, Write("crm", sameInstant));
        (await QueuedAsync(store, "crm", "s1")).Should().Be(failed);
    }

    [Fact]
    public async Task CommitPlan_InOneBatch_TheLastWriteOfAPairWins()
    {
        ISyncStore store = await CreateAsync();
        await PlanAsync(store, Write("crm", Projection("s1", 1)), Write("crm", Projection("s1", 2)), Write("crm", Projection("s1", 2), "same again"));

        (await store.ReadOutboxAsync("crm", 0, 10, 5)).Should().ContainSingle().Which.Projection.Should().Be(Projection("s1", 2));
        (await QueuedAsync(store, "crm", "s1"))!.Why.Should().Be("bounced: 1 of 3");
    }

    [Fact]
    public async Task CommitPlan_CancelsDropOnlyTheirOwnSinksEntry()
    {
        ISyncStore store = await CreateAsync();
        await PlanAsync(store, Write("crm", Projection("s1")), Write("other", Projection("s1")), Write("crm", Projection("s2")));

        await store.CommitPlanAsync([], [("crm", "s1"), ("crm", "never-queued"), ("gone", "s2")], []);

        (await store.ReadQueuedAsync("crm", ["s1", "s2"])).Keys.Should().Equal("s2");
        (await QueuedAsync(store, "other", "s1")).Should().NotBeNull();
        (await store.CountOutboxAsync("crm", 5)).Should().Be(new OutboxCounts(1, 0, 0));
    }

    [Fact]
    public async Task CommitPlan_Cancelled_StoresNothing()
    {
        ISyncStore store = await CreateAsync();
        await store.MarkPendingAsync(["s1"]);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        Func<Task> commit = () => store.CommitPlanAsync([Write("crm", Projection("s1"))], [], ["s1"], cancelled.Token);

        await commit.Should().ThrowAsync<OperationCanceledException>();
        (await store.CountPendingAsync()).Should().Be(1);
        (await store.CountOutboxAsync("crm", 5)).Queued.Should().Be(0);
    }

    [Theory]
    [InlineData(CrmWriteOutcome.Written)]
    [InlineData(CrmWriteOutcome.Unchanged)]
    public async Task Complete_Success_ConfirmsTheProjection_AndRemovesTheEntry(CrmWriteOutcome outcome)
    {
        ISyncStore store = await CreateAsync();
        await PlanAsync(store, Write("crm", Projection("s1")), Write("crm", Projection("s2")));
        IReadOnlyList<OutboxEntry> batch = await store.ReadOutboxAsync("crm", 0, 10, 5);

        await store.CompleteAsync("crm", [Result(batch[0], outcome)], T0);

        (await store.ReadWrittenAsync("crm", ["s1", "s2", "s3"])).Should().BeEquivalentTo(new Dictionary<string, CrmProjection> { ["s1"] = Projection("s1") });
        (await store.ReadWrittenAsync("other", ["s1"])).Should().BeEmpty();
        (await store.ReadOutboxAsync("crm", 0, 10, 5)).Select(e => e.Projection.SubscriberKey).Should().Equal("s2");
        (await store.CountOutboxAsync("crm", 5)).Should().Be(new OutboxCounts(1, 0, 0));

        // A later confirmation replaces the earlier one.
        await PlanAsync(store, Write("crm", Projection("s1", 3)));
        await store.CompleteAsync("crm", [Result((await QueuedAsync(store, "crm", "s1"))!, CrmWriteOutcome.Written)], T0);
        (await store.ReadWrittenAsync("crm", ["s1"]))["s1"].Should().Be(Projection("s1", 3));
    }

    [Fact]
    public async Task Complete_WithAStaleSequence_ConfirmsWhatWasWritten_ButKeepsTheNewerEntry()
    {
        ISyncStore store = await CreateAsync();
        await PlanAsync(store, Write("crm", Projection("s1", 1)));
        OutboxEntry stale = (await store.ReadOutboxAsync("crm", 0, 10, 5)).Single();
        await PlanAsync(store, Write("crm", Projection("s1", 2)));
        OutboxEntry newer = (await QueuedAsync(store, "crm", "s1"))!;

        await store.CompleteAsync("crm", [Result(stale, CrmWriteOutcome.Written)], T0);

        (await store.ReadWrittenAsync("crm", ["s1"]))["s1"].Should().Be(Projection("s1", 1), "the sink did show the older projection");
        (await QueuedAsync(store, "crm", "s1")).Should().Be(newer, "the newer projection must still be sent");

        await store.CompleteAsync("crm", [Result(stale, CrmWriteOutcome.Retryable, "timeout")], T0);
        (await QueuedAsync(store, "crm", "s1")).Should().Be(newer, "a stale failure does not count against the newer entry");
        (await FailedAsync(store)).Should().BeEmpty();
    }

    [Fact]
    public async Task Failures_CountAttempts_AndParkAtMaxAttempts()
    {
        ISyncStore store = await CreateAsync();
        await PlanAsync(store, Write("crm", Projection("s1")), Write("crm", Projection("s2")), Write("crm", Projection("s3")));
        DateTimeOffset last = new(2026, 3, 4, 5, 6, 7, TimeSpan.FromHours(-5));
        for (int attempt = 0; attempt < 3; attempt++)
        {
            OutboxEntry s1 = (await QueuedAsync(store, "crm", "s1"))!;
            await store.CompleteAsync("crm", [Result(s1, CrmWriteOutcome.Retryable, $"503 try {attempt}")], attempt == 2 ? last.AddTicks(1) : T0);
        }

        OutboxEntry s2 = (await QueuedAsync(store, "crm", "s2"))!;
        await store.CompleteAsync("crm", [Result(s2, CrmWriteOutcome.Rejected)], T0);

        OutboxEntry parked = (await QueuedAsync(store, "crm", "s1"))!;
        (parked.Attempts, parked.LastOutcome, parked.LastError, parked.LastAttempt).Should().Be((3, (CrmWriteOutcome?)CrmWriteOutcome.Retryable, (string?)"503 try 2", (DateTimeOffset?)last.AddTicks(1)));
        parked.LastAttempt!.Value.Offset.Should().Be(TimeSpan.FromHours(-5));
        OutboxEntry rejected = (await QueuedAsync(store, "crm", "s2"))!;
        (rejected.Attempts, rejected.LastOutcome, rejected.LastError).Should().Be((1, (CrmWriteOutcome?)CrmWriteOutcome.Rejected, (string?)null));
        rejected.Sequence.Should().Be(s2.Sequence, "a failure keeps the entry's place");

        (await store.ReadOutboxAsync("crm", 0, 10, 3)).Select(e => e.Projection.SubscriberKey).Should().Equal("s2", "s3");
        (await store.ReadOutboxAsync("crm", 0, 10, 4)).Select(e => e.Projection.SubscriberKey).Should().Equal("s1", "s2", "s3");
        (await store.CountOutboxAsync("crm", 3)).Should().Be(new OutboxCounts(3, 2, 1));
        (await store.CountOutboxAsync("crm", 1)).Should().Be(new OutboxCounts(3, 2, 2));
        (await store.CountOutboxAsync("other", 3)).Should().Be(new OutboxCounts(0, 0, 0));

        // A success after failures confirms and removes the dead letter.
        await store.CompleteAsync("crm", [Result(parked, CrmWriteOutcome.Written)], T0);
        (await store.CountOutboxAsync("crm", 3)).Should().Be(new OutboxCounts(2, 1, 0));
    }

    [Fact]
    public async Task ReadOutbox_PagesOneSinkBySequence()
    {
        ISyncStore store = await CreateAsync();
        await PlanAsync(store, [.. Enumerable.Range(0, 7).Select(i => Write(i % 2 == 0 ? "crm" : "other", Projection($"s{i}")))]);

        IReadOnlyList<OutboxEntry> first = await store.ReadOutboxAsync("crm", 0, 3, 5);
        IReadOnlyList<OutboxEntry> second = await store.ReadOutboxAsync("crm", first[^1].Sequence, 3, 5);

        first.Select(e => e.Projection.SubscriberKey).Should().Equal("s0", "s2", "s4");
        second.Select(e => e.Projection.SubscriberKey).Should().Equal("s6");
        first.Concat(second).Select(e => e.Sequence).Should().BeInAscendingOrder().And.OnlyHaveUniqueItems();
        first.Should().OnlyContain(e => e.Sink == "crm");
        (await store.ReadOutboxAsync("crm", second[^1].Sequence, 3, 5)).Should().BeEmpty();
        (await store.ReadOutboxAsync("none", 0, 3, 5)).Should().BeEmpty();
        await store.Invoking(s => s.ReadOutboxAsync("crm", 0, 0, 5)).Should().ThrowAsync<ArgumentOutOfRangeException>();
    }

    [Fact]
    public async Task ReadFailed_ListsDeadLetters_BySinkThenSequence()
    {
        ISyncStore store = await CreateAsync();
        string[] sinks = ["b", "a", "B"];
        foreach (string sink in sinks)
        {
            await PlanAsync(store, Write(sink, Projection("s1")), Write(sink, Projection("s2")), Write(sink, Projection("s3")));
        }

        foreach (string sink in sinks)
        {
            IReadOnlyList<OutboxEntry> entries = await store.ReadOutboxAsync(sink, 0, 10, 5);
            await store.CompleteAsync(sink, [Result(entries[2], CrmWriteOutcome.NotFound, "404"), Result(entries[0], CrmWriteOutcome.Retryable, "503"), Result(entries[1], CrmWriteOutcome.Written)], T0);
        }

        List<OutboxEntry> all = await FailedAsync(store);
        all.Select(e => (e.Sink, e.Projection.SubscriberKey)).Should().Equal(("B", "s1"), ("B", "s3"), ("a", "s1"), ("a", "s3"), ("b", "s1"), ("b", "s3"));
        all.Select(e => (e.Attempts, e.LastError)).Should().Equal((1, "503"), (1, "404"), (1, "503"), (1, "404"), (1, "503"), (1, "404"));
        (await FailedAsync(store, "a")).Should().Equal(all.Where(e => e.Sink == "a"));
        (await FailedAsync(store, "none")).Should().BeEmpty();
    }

    [Fact]
    public async Task Projections_RoundTripExactly_SoAnEqualPlanNeverRequeues()
    {
        ISyncStore store = await CreateAsync();
        var random = new Random(42);
        CrmProjection[] projections = [.. Enumerable.Range(0, 2_000).Select(i => RandomProjection(random, $"k{i}"))];

        await store.CommitPlanAsync([.. projections.Select(p => Write("crm", p))], [], []);
        IReadOnlyDictionary<string, OutboxEntry> queued = await store.ReadQueuedAsync("crm", [.. projections.Select(p => p.SubscriberKey)]);
        await store.CompleteAsync("crm", [.. queued.Values.Select(e => Result(e, CrmWriteOutcome.Retryable, "x"))], T0);
        await store.CommitPlanAsync([.. projections.Select(p => Write("crm", p, "again"))], [], []);
        IReadOnlyDictionary<string, OutboxEntry> requeued = await store.ReadQueuedAsync("crm", [.. projections.Select(p => p.SubscriberKey)]);
        await store.CompleteAsync("crm", [.. requeued.Values.Select(e => Result(e, CrmWriteOutcome.Written))], T0);
        IReadOnlyDictionary<string, CrmProjection> written = await store.ReadWrittenAsync("crm", [.. projections.Select(p => p.SubscriberKey)]);

        foreach (CrmProjection p in projections)
        {
            queued[p.SubscriberKey].Projection.Should().Be(p);
            requeued[p.SubscriberKey].Should().Be(queued[p.SubscriberKey] with { Attempts = 1, LastOutcome = CrmWriteOutcome.Retryable, LastError = "x", LastAttempt = T0 });
            written[p.SubscriberKey].Should().Be(p);
            CrmProjection w = written[p.SubscriberKey];
            (w.HardBounceDate?.Offset, w.LastBounceDate?.Offset).Should().Be((p.HardBounceDate?.Offset, p.LastBounceDate?.Offset), "offsets are kept, not only instants");
        }
    }

    [Fact]
    public async Task BatchMethods_HandleLargeKeySets()
    {
        const int Count = 10_000;
        ISyncStore store = await CreateAsync();
        string[] keys = [.. Enumerable.Range(0, Count).Select(i => $"subscriber-{i:D6}")];
        await store.MarkPendingAsync(keys);
        var paged = new List<string>();
        for (string? after = null; ;)
        {
            IReadOnlyList<string> page = await store.ReadPendingAsync(after, 1_500);
            if (page.Count == 0)
            {
                break;
            }

            paged.AddRange(page);
            after = page[^1];
        }

        paged.Should().Equal(keys);
        await store.CommitPlanAsync([.. keys.SelectMany(k => new[] { Write("crm", Projection(k)), Write("other", Projection(k)) })], [], keys);
        (await store.CountPendingAsync()).Should().Be(0);
        (await store.ReadQueuedAsync("crm", keys)).Should().HaveCount(Count);
        (await store.CountOutboxAsync("other", 5)).Should().Be(new OutboxCounts(Count, 0, 0));

        IReadOnlyList<OutboxEntry> outbox = await store.ReadOutboxAsync("crm", 0, Count + 1, 5);
        outbox.Should().HaveCount(Count);
        await store.CompleteAsync("crm", [.. outbox.Select((e, i) => Result(e, i % 10 == 0 ? CrmWriteOutcome.Retryable : CrmWriteOutcome.Written))], T0);
        await store.CommitPlanAsync([], [.. keys.Select(k => ("other", k))], []);

        (await store.ReadWrittenAsync("crm", keys)).Should().HaveCount(Count - (Count / 10));
        (await store.CountOutboxAsync("crm", 5)).Should().Be(new OutboxCounts(Count / 10, Count / 10, 0));
        (await store.CountOutboxAsync("other", 5)).Queued.Should().Be(0);
        (await FailedAsync(store, "crm")).Should().HaveCount(Count / 10);
    }

    /// <summary>A projection with the awkward values a stored form must keep: dates with odd offsets and ticks, the
    /// extremes, null and empty reasons, quotes, control and non-ASCII characters, surrogate pairs and half of one.</summary>
    protected static CrmProjection RandomProjection(Random random, string key)
    {
        string[] reasons = ["", "\"quoted\" \\ back\\slash", "tab\tnew\nline\0nul", "Postfach voll – ça déborde", "📬 full", "\uD83D", "x\uDC00y", new string('r', 500)];
        return new CrmProjection(
            key,
            random.Next(2) == 0,
            RandomDate(random),
            random.Next(4) == 0 ? int.MaxValue : random.Next(-1, 50),
            RandomDate(random),
            random.Next(5) == 0 ? null : reasons[random.Next(reasons.Length)] + random.Next(),
            random.Next(2) == 0)
        {
            Consent = (ConsentStatus)random.Next(0, 4),
        };
    }

    private static DateTimeOffset? RandomDate(Random random) => random.Next(8) switch
    {
        0 => null,
        1 => DateTimeOffset.MinValue,
        2 => DateTimeOffset.MaxValue,
        3 => new DateTimeOffset(2026, 2, 3, 4, 5, 6, TimeSpan.FromMinutes(random.Next(-14 * 60, 14 * 60 + 1))).AddTicks(random.Next()),
        _ => T0.AddTicks(random.NextInt64(-TimeSpan.TicksPerDay * 3_650, TimeSpan.TicksPerDay * 3_650)).ToOffset(TimeSpan.FromMinutes(random.Next(-14 * 60, 14 * 60 + 1))),
    };
}
