using BounceKit.Events;
using BounceKit.Policy;
using BounceKit.Sync;
using static BounceKit.Tests.Sync.SyncTestKit;

namespace BounceKit.Tests.Sync;

public class SyncEngineTests
{
    private readonly InMemoryBounceLedger _ledger = new();
    private readonly MemorySyncState _state = new();
    private readonly MemoryCrm _crm = new();
    private readonly SfmcPolicy _policy = new();

    private SyncEngine Engine(IEnumerable<IEventSource> sources, SyncOptions? options = null, ICrmSink? sink = null, int batch = 200) =>
        new(_ledger, _state, _state, _policy, sources, [new SyncSink("crm", sink ?? _crm) { BatchSize = batch }], options);

    [Fact]
    public async Task FirstRun_WritesEverySubscriber_TheSecondRunWritesNothing()
    {
        DeliverabilityEvent[] events = [HardBounce("a", 1), SoftBounce("b", 1), Open("c", 2), Unsubscribe("d", 3)];
        var source = new ListSource("list", events);

        SyncSummary first = await Engine([source]).RunAsync();

        first.Succeeded.Should().BeTrue();
        first.EventsRead.Should().Be(4);
        first.EventsStored.Should().Be(4);
        first.SubscribersPlanned.Should().Be(4);
        first.Sinks[0].Planned.Should().Be(4);
        first.Sinks[0].Written.Should().Be(4);
        _crm.Records.Should().BeEquivalentTo(Expected(_policy, events));
        _crm.Records["a"].HardBounce.Should().BeTrue("a hard bounce at gmail.com is a trusted-ISP hard bounce: held at once");
        _crm.Records["b"].HardBounce.Should().BeFalse("one soft bounce holds nobody");
        _crm.Records["d"].Unsubscribed.Should().BeTrue();
        _crm.Records["d"].HardBounce.Should().BeFalse("consent and bounces stay apart");

        SyncSummary second = await Engine([source]).RunAsync();
        second.EventsRead.Should().Be(0, "the source resumes at its checkpoint");
        second.Sinks[0].Written.Should().Be(0);
        _crm.Writes.Should().HaveCount(4);
    }

    [Fact]
    public async Task NewEvents_WriteOnlyTheRecordsWhoseProjectionChanged()
    {
        var events = new List<DeliverabilityEvent> { HardBounce("a", 1), SoftBounce("b", 1), Open("c", 1) };
        var source = new ListSource("list", events);
        await Engine([source]).RunAsync();

        events.Add(Open("a", 5)); // engagement after a hold: cleared
        events.Add(Open("c", 6)); // changes nothing the CRM shows
        SyncSummary run = await Engine([source]).RunAsync();

        run.EventsStored.Should().Be(2);
        run.SubscribersPlanned.Should().Be(2);
        run.Sinks[0].Written.Should().Be(1);
        _crm.Records["a"].HardBounce.Should().BeFalse("an open after the bounces resets the series and clears the flag");
        _crm.Records["a"].HardBounceDate.Should().BeNull();
        _crm.Writes.Select(w => w.SubscriberKey).Should().Equal("a", "b", "c", "a");
    }

    [Fact]
    public async Task RecordFailures_BecomeDeadLettersWithTheirReason_AndAreRetriedOnTheNextRun()
    {
        _crm.Refuse["b"] = "FIELD_CUSTOM_VALIDATION_EXCEPTION: blocked";
        _crm.Missing["c"] = 1;
        _crm.Throttle["d"] = 1;
        var source = new ListSource("list", [HardBounce("a", 1), HardBounce("b", 1), HardBounce("c", 1), HardBounce("d", 1)]);

        SyncSummary first = await Engine([source]).RunAsync();

        first.Succeeded.Should().BeFalse();
        first.Sinks[0].Should().BeEquivalentTo(new { Written = 1L, Rejected = 1L, NotFound = 1L, Retryable = 1L, DeadLetters = 3L, Parked = 0L });
        List<OutboxEntry> dead = await _state.ReadFailedAsync().ToListAsync();
        dead.Select(d => (d.Projection.SubscriberKey, d.LastOutcome, d.LastError, d.Attempts)).Should().Equal(
            ("b", CrmWriteOutcome.Rejected, "FIELD_CUSTOM_VALIDATION_EXCEPTION: blocked", 1),
            ("c", CrmWriteOutcome.NotFound, "404 not found", 1),
            ("d", CrmWriteOutcome.Retryable, "UNABLE_TO_LOCK_ROW", 1));

        _crm.Refuse.Clear();
        _crm.Throttle.Clear();
        SyncSummary second = await Engine([source]).RunAsync();

        second.Sinks[0].Written.Should().Be(2, "the dead letters were retried without new events");
        second.Sinks[0].NotFound.Should().Be(1);
        second.Sinks[0].DeadLetters.Should().Be(1);
        (await _state.ReadFailedAsync().SingleAsync()).Attempts.Should().Be(2);
        _crm.Records.Keys.Should().BeEquivalentTo("a", "b", "d");
    }

    [Fact]
    public async Task AnEntryThatFailsMaxAttemptsTimes_IsParked_AndNoLongerSent()
    {
        _crm.Missing["a"] = 1;
        var source = new ListSource("list", [HardBounce("a", 1)]);
        var options = new SyncOptions { MaxAttempts = 2 };

        for (int run = 0; run < 4; run++)
        {
            await Engine([source], options).RunAsync();
        }

        _crm.Calls.Should().Be(2);
        SyncSummary last = await Engine([source], options).RunAsync();
        last.Sinks[0].Parked.Should().Be(1);
        last.Sinks[0].DeadLetters.Should().Be(1);
    }

    [Fact]
    public async Task ASinkThatThrows_StopsOnlyThatSink_AndLeavesItsOutboxUntouched()
    {
        _crm.ThrowOnCall = new InvalidOperationException("REQUEST_LIMIT_EXCEEDED: TotalRequests Limit exceeded.");
        var other = new MemoryCrm();
        var source = new ListSource("list", [HardBounce("a", 1), SoftBounce("b", 2)]);
        var engine = new SyncEngine(_ledger, _state, _state, _policy, [source], [new SyncSink("failing", _crm), new SyncSink("other", other)]);

        SyncSummary run = await engine.RunAsync();

        run.Succeeded.Should().BeFalse();
        run.Sinks[0].Error.Should().Contain("REQUEST_LIMIT_EXCEEDED");
        run.Sinks[0].DeadLetters.Should().Be(0, "no record was tried, so none failed");
        run.Sinks[1].Written.Should().Be(2);
        (await _state.CountOutboxAsync("failing", 10)).Queued.Should().Be(2);

        _crm.ThrowOnCall = null;
        SyncSummary next = await engine.RunAsync();
        next.Sinks[0].Written.Should().Be(2);
        next.Sinks[1].Written.Should().Be(0);
    }

    [Fact]
    public async Task ASourceThatFails_KeepsWhatItReturned_DoesNotMoveItsCheckpoint_AndOthersStillRun()
    {
        var broken = new ListSource("broken", [HardBounce("a", 1), HardBounce("b", 1), HardBounce("c", 1)]) { FailAfter = 2 };
        var fine = new ListSource("fine", [SoftBounce("z", 1)]);

        SyncSummary run = await Engine([broken, fine]).RunAsync();

        run.Sources[0].Should().BeEquivalentTo(new { Read = 2L, Stored = 2L, Error = "source broken broke at event 2" });
        run.Sources[1].Error.Should().BeNull();
        _crm.Records.Keys.Should().BeEquivalentTo("a", "b", "z");
        (await _state.GetCheckpointAsync("list:broken")).Should().BeNull();

        broken.FailAfter = -1;
        SyncSummary again = await Engine([broken, fine]).RunAsync();
        again.Sources[0].Should().BeEquivalentTo(new { Read = 3L, Stored = 1L, Error = (string?)null }, "it re-reads from its old checkpoint; repeats are ignored");
        _crm.Records.Keys.Should().BeEquivalentTo("a", "b", "c", "z");
    }

    [Fact]
    public async Task ANewerProjection_ReplacesAQueuedOne_SoAStaleValueIsNeverWritten()
    {
        _crm.Throttle["a"] = 1;
        var events = new List<DeliverabilityEvent> { HardBounce("a", 1) };
        var source = new ListSource("list", events);
        await Engine([source]).RunAsync(); // queued: held; fails

        events.Add(Open("a", 4));
        _crm.Throttle.Clear();
        await Engine([source]).RunAsync();

        _crm.Writes.Should().ContainSingle().Which.HardBounce.Should().BeFalse("the held projection was replaced before it was ever written");
    }

    [Fact]
    public async Task DryRun_ShowsWhatARunWouldWriteAndWhy_AndChangesNothing()
    {
        var events = new List<DeliverabilityEvent> { HardBounce("a", 1), SoftBounce("b", 1) };
        var source = new ListSource("list", events);
        await Engine([source]).RunAsync();
        _crm.Throttle["c"] = 1;
        events.Add(HardBounce("c", 2));
        await Engine([source]).RunAsync(); // c is a dead letter now
        events.Add(Open("a", 9));
        events.Add(SoftBounce("e", 9));
        int writesBefore = _crm.Writes.Count;

        var plan = new List<PlannedWrite>();
        SyncSummary dry = await Engine([source]).PlanAsync(plan.Add);

        dry.DryRun.Should().BeTrue();
        dry.EventsRead.Should().Be(2);
        dry.EventsStored.Should().Be(2);
        plan.Select(p => (p.Projection.SubscriberKey, p.Projection.HardBounce, p.Queued)).Should().Equal(("a", false, false), ("e", false, false), ("c", true, true));
        plan[0].Previous!.HardBounce.Should().BeTrue();
        plan[0].Why.Should().Contain("active");
        plan[2].LastError.Should().Be("UNABLE_TO_LOCK_ROW");
        (await _state.GetCheckpointAsync("list:list")).Should().Be("3", "a dry run moves no checkpoint");
        (await _ledger.ReadEventsAsync("e")).Should().BeEmpty("a dry run stores no event");
        _crm.Writes.Should().HaveCount(writesBefore);

        _crm.Throttle.Clear();
        await Engine([source]).RunAsync();
        _crm.Writes.Skip(writesBefore).Select(w => (w.SubscriberKey, w.HardBounce)).Should().BeEquivalentTo(plan.Select(p => (p.Projection.SubscriberKey, p.Projection.HardBounce)), "the run writes what the dry run showed");
    }

    [Fact]
    public async Task Progress_ReportsEachStep()
    {
        var events = Enumerable.Range(0, 50).Select(i => SoftBounce($"s{i:00}", 1)).ToArray();
        var seen = new List<SyncProgress>();
        await Engine([new ListSource("list", events)], new SyncOptions { EventChunkSize = 20, SettlePageSize = 16 }, batch: 10).RunAsync(new SyncProgressRecorder(seen));

        seen.Where(p => p.Phase == SyncPhase.Reading).Select(p => p.Done).Should().Equal(20, 40, 50);
        seen.Where(p => p.Phase == SyncPhase.Planning).Select(p => p.Done).Should().Equal(16, 32, 48, 50);
        seen.Where(p => p.Phase == SyncPhase.Writing).Select(p => (p.Done, p.Total)).Should().Equal((0, 50), (10, 50), (20, 50), (30, 50), (40, 50), (50, 50));
    }

    [Fact]
    public async Task PartitionedWorkers_EachWriteOnlyTheirSubscribers_AndTogetherWriteEveryoneOnce()
    {
        DeliverabilityEvent[] events = [.. Enumerable.Range(0, 60).Select(i => HardBounce($"s{i:00}", 1))];
        var source = new ListSource("list", events);
        var crms = new[] { new MemoryCrm(), new MemoryCrm(), new MemoryCrm() };

        // Worker 0 also reads the source; the others only plan and write their share.
        for (int worker = 0; worker < 3; worker++)
        {
            var options = new SyncOptions { PartitionCount = 3, PartitionIndex = worker, SettlePageSize = 7 };
            IEventSource[] sources = worker == 0 ? [source] : [];
            await new SyncEngine(_ledger, _state, _state, _policy, sources, [new SyncSink("crm", crms[worker]) { BatchSize = 4 }], options).RunAsync();
        }

        for (int worker = 0; worker < 3; worker++)
        {
            crms[worker].Records.Keys.Should().OnlyContain(k => SyncPartition.Of(k, 3) == worker);
        }

        crms.SelectMany(c => c.Writes).Select(w => w.SubscriberKey).Should().OnlyHaveUniqueItems().And.HaveCount(60);
        (await _state.CountPendingAsync()).Should().Be(0);
        crms.Should().OnlyContain(c => c.Records.Count > 10, "a stable hash spreads 60 keys over 3 partitions");
    }

    [Fact]
    public void SyncPartition_IsStableAcrossProcesses()
    {
        // Fixed values (FNV-1a, checked independently): the hash must never change, or workers of different versions
        // would disagree about who owns a subscriber.
        new[] { SyncPartition.Of("", 7), SyncPartition.Of("a", 7), SyncPartition.Of("0035g00000AbCdE", 1000), SyncPartition.Of("00Q5g00000XyZab", 16) }
            .Should().Equal(2, 5, 257, 0);
    }

    [Fact]
    public void DuplicateNames_AreRefused()
    {
        Action sinks = () => _ = new SyncEngine(_ledger, _state, _state, _policy, [], [new SyncSink("x", _crm), new SyncSink("x", _crm)]);
        sinks.Should().Throw<ArgumentException>().WithMessage("Two sinks are named 'x'*");
    }

    /// <summary>Kills the run at every durable operation in turn (before or after it takes effect), restarts, and checks
    /// that every record ends right, with nothing lost, and that only the batch in flight at the kill is written twice.</summary>
    [Fact]
    public async Task KilledAtAnyOperation_TheNextRunEndsWithEveryRecordRight()
    {
        var random = new Random(7);
        var events = new List<DeliverabilityEvent>();
        for (int i = 0; i < 40; i++)
        {
            string s = $"s{i:00}";
            int n = random.Next(1, 5);
            for (int k = 0; k < n; k++)
            {
                int day = random.Next(0, 40);
                events.Add(random.Next(4) switch
                {
                    0 => HardBounce(s, day, "k" + k),
                    1 => SoftBounce(s, day),
                    2 => Open(s, day),
                    _ => Unsubscribe(s, day),
                });
            }
        }

        events = [.. events.DistinctBy(e => e.Id)];
        List<DeliverabilityEvent> early = events[..(events.Count / 2)];
        Dictionary<string, CrmProjection> expected = Expected(_policy, events);
        var options = new SyncOptions { EventChunkSize = 7, SettlePageSize = 9 };

        int total = await CountOperations();
        total.Should().BeGreaterThan(20, "the second run must have enough operations to kill");
        for (int kill = 1; kill <= total; kill++)
        {
            var ledger = new InMemoryBounceLedger();
            var state = new MemorySyncState();
            var crm = new MemoryCrm();
            var list = new List<DeliverabilityEvent>(early);
            var source = new ListSource("list", list);

            // A completed first run, then more events, and the second run is killed.
            await new SyncEngine(ledger, state, state, _policy, [source], [new SyncSink("crm", crm) { BatchSize = 5 }], options).RunAsync();
            list.AddRange(events[early.Count..]);
            int writesBefore = crm.Writes.Count;
            var fuse = new CrashFuse(kill);
            var store = new FusedStore(state, fuse);
            try
            {
                await new SyncEngine(new FusedLedger(ledger, fuse), store, store, _policy, [source], [new SyncSink("crm", new FusedSink(crm, fuse)) { BatchSize = 5 }], options).RunAsync();
            }
            catch (CrashedException)
            {
            }

            fuse.Blown.Should().BeTrue("the run must have been killed at operation {0}", kill);
            SyncSummary restart = await new SyncEngine(ledger, state, state, _policy, [source], [new SyncSink("crm", crm) { BatchSize = 5 }], options).RunAsync();

            restart.Succeeded.Should().BeTrue();
            crm.Records.Should().BeEquivalentTo(expected, "killed at operation {0}, every record must end right", kill);
            (await state.CountPendingAsync()).Should().Be(0);
            (await state.CountOutboxAsync("crm", 10)).Queued.Should().Be(0);
            int rewrites = crm.Writes.Skip(writesBefore).GroupBy(w => w.SubscriberKey).Sum(g => g.Count() - 1);
            rewrites.Should().BeLessThanOrEqualTo(5, "only the batch in flight at the kill may be written again (kill at {0})", kill);
        }

        async Task<int> CountOperations()
        {
            var ledger = new InMemoryBounceLedger();
            var state = new MemorySyncState();
            var list = new List<DeliverabilityEvent>(early);
            var source = new ListSource("list", list);
            await new SyncEngine(ledger, state, state, _policy, [source], [new SyncSink("crm", new MemoryCrm()) { BatchSize = 5 }], options).RunAsync();
            list.AddRange(events[early.Count..]);
            var fuse = new CrashFuse(int.MaxValue);
            var store = new FusedStore(state, fuse);
            await new SyncEngine(new FusedLedger(ledger, fuse), store, store, _policy, [source], [new SyncSink("crm", new FusedSink(new MemoryCrm(), fuse)) { BatchSize = 5 }], options).RunAsync();
            return fuse.Operations;
        }
    }

    private sealed class SyncProgressRecorder(List<SyncProgress> seen) : IProgress<SyncProgress>
    {
        public void Report(SyncProgress value) => seen.Add(value);
    }
}
