using BounceKit.Events;
using BounceKit.Policy;
using BounceKit.Sync.Internal;

namespace BounceKit.Sync;

/// <summary>Brings CRMs in line with what the events say: sources → ledger → policy → CRM projection → diff against
/// what each sink last confirmed → outbox → sinks. Incremental, resumable, and safe to kill at any moment.</summary>
/// <remarks>
/// <para>A run has three steps, each made of small transactions:</para>
/// <list type="number">
/// <item><b>Reading.</b> Each source reads from its checkpoint. Events are stored in chunks; before a chunk is stored
/// its subscribers are marked pending. A source's new checkpoint is stored only after all its events are.</item>
/// <item><b>Planning.</b> Pending subscribers are settled page by page: their state is recomputed from all stored events,
/// projected for each sink and compared with what the sink last confirmed. Differences are queued in the outbox (a
/// newer projection replaces a queued one) and the page is unmarked, in one transaction.</item>
/// <item><b>Writing.</b> Each sink gets its outbox in sequence order, in batches. Written records become the sink's
/// confirmed projection and leave the outbox; failed ones stay as dead letters with their reason and are retried on the
/// next run, up to <see cref="SyncOptions.MaxAttempts"/>.</item>
/// </list>
/// <para>Killed at any point, the next run finds every event either stored or still ahead of its source's checkpoint,
/// every subscriber either planned or still pending, every write either confirmed or still queued. A record is written
/// again only when the process died between the CRM's answer and the confirmation's commit; the write carries absolute
/// values, so repeating it leaves the record as it should be. A stale projection is never written after a newer one:
/// the outbox holds one entry per sink and subscriber.</para>
/// <para>One engine serves one partition of subscribers at a time: run several workers over disjoint subscriber keys
/// (see docs/scaling.md), not two over the same keys.</para>
/// </remarks>
public sealed class SyncEngine
{
    private readonly IBounceLedger _ledger;
    private readonly ISyncStore _store;
    private readonly ICheckpointStore _checkpoints;
    private readonly SuppressionPolicy _policy;
    private readonly IReadOnlyList<IEventSource> _sources;
    private readonly IReadOnlyList<SyncSink> _sinks;
    private readonly SyncOptions _options;
    private readonly TimeProvider _time;
    private readonly LedgerPolicyRunner _runner;

    /// <summary>Creates an engine.</summary>
    /// <param name="ledger">Events and states.</param>
    /// <param name="store">Pending subscribers, confirmed projections and the outbox (the SQLite ledger is one).</param>
    /// <param name="checkpoints">The sources' positions (the SQLite ledger is one).</param>
    /// <param name="policy">The suppression policy.</param>
    /// <param name="sources">Where events come from; names must be unique.</param>
    /// <param name="sinks">Where projections go; names must be unique.</param>
    /// <param name="options">Chunk and page sizes, attempts; defaults when null.</param>
    /// <param name="timeProvider">The clock for attempt times; <see cref="TimeProvider.System"/> when null.</param>
    /// <param name="observer">Hears the ledger appends and conflicts (the DI package logs through it).</param>
    public SyncEngine(
        IBounceLedger ledger,
        ISyncStore store,
        ICheckpointStore checkpoints,
        SuppressionPolicy policy,
        IEnumerable<IEventSource> sources,
        IEnumerable<SyncSink> sinks,
        SyncOptions? options = null,
        TimeProvider? timeProvider = null,
        PolicyRunObserver? observer = null)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(checkpoints);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(sources);
        ArgumentNullException.ThrowIfNull(sinks);
        _ledger = ledger;
        _store = store;
        _checkpoints = checkpoints;
        _policy = policy;
        _sources = [.. sources];
        _sinks = [.. sinks];
        _options = options ?? new SyncOptions();
        _options.Validate();
        _time = timeProvider ?? TimeProvider.System;
        _runner = new LedgerPolicyRunner(ledger, policy, observer);
        RequireUnique(_sources.Select(s => s.Name), "source");
        RequireUnique(_sinks.Select(s => s.Name), "sink");
        foreach (SyncSink sink in _sinks)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sink.BatchSize, $"{sink.Name}.{nameof(SyncSink.BatchSize)}");
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sink.ReasonLength, $"{sink.Name}.{nameof(SyncSink.ReasonLength)}");
        }
    }

    /// <summary>Runs a sync: read, plan, write.</summary>
    /// <param name="progress">Hears progress in each step.</param>
    /// <param name="cancellationToken">Stops the run between transactions; the next run continues where it stopped.</param>
    /// <returns>What the run did. A failing source or sink is reported there, not thrown, and the other sources and
    /// sinks still run.</returns>
    public async Task<SyncSummary> RunAsync(IProgress<SyncProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        long started = _time.GetTimestamp();
        var sources = _sources.Select(s => new SyncSourceSummary(s.Name)).ToArray();
        var sinks = _sinks.Select(s => new SyncSinkSummary(s.Name)).ToArray();
        long planned = 0;
        bool cancelled = false;
        try
        {
            for (int i = 0; i < _sources.Count; i++)
            {
                sources[i] = await ReadSourceAsync(_sources[i], progress, cancellationToken).ConfigureAwait(false);
            }

            planned = await PlanPendingAsync(sinks, progress, cancellationToken).ConfigureAwait(false);
            for (int i = 0; i < _sinks.Count; i++)
            {
                sinks[i] = await WriteSinkAsync(_sinks[i], sinks[i], progress, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            cancelled = true;
        }

        for (int i = 0; i < _sinks.Count; i++)
        {
            OutboxCounts counts = await _store.CountOutboxAsync(_sinks[i].Name, _options.MaxAttempts, CancellationToken.None).ConfigureAwait(false);
            sinks[i] = sinks[i] with { DeadLetters = counts.Failed, Parked = counts.Parked };
        }

        return new SyncSummary
        {
            DryRun = false,
            EventsRead = sources.Sum(s => s.Read),
            EventsStored = sources.Sum(s => s.Stored),
            SubscribersPlanned = planned,
            Sources = sources,
            Sinks = sinks,
            Elapsed = _time.GetElapsedTime(started),
            Cancelled = cancelled,
        };
    }

    /// <summary>A dry run: reads the sources without moving their checkpoints, computes what every sink would be told
    /// and why, and stores and writes nothing.</summary>
    /// <param name="onWrite">Hears each write a run would make now, in subscriber order per sink, then the writes
    /// queued by earlier runs that this plan does not replace.</param>
    /// <param name="progress">Hears progress.</param>
    /// <param name="cancellationToken">Cancels the dry run.</param>
    /// <returns>What a run would do.</returns>
    /// <remarks>The new events are held in memory, grouped by subscriber, so the dry run needs memory in proportion to
    /// what the sources return; a run does not.</remarks>
    public async Task<SyncSummary> PlanAsync(Action<PlannedWrite> onWrite, IProgress<SyncProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(onWrite);
        long started = _time.GetTimestamp();
        var fresh = new Dictionary<string, Dictionary<string, (DeliverabilityEvent Event, int Source)>>(StringComparer.Ordinal);
        var sources = new SyncSourceSummary[_sources.Count];
        for (int i = 0; i < _sources.Count; i++)
        {
            IEventSource source = _sources[i];
            long read = 0;
            string? error = null;
            try
            {
                // Checkpoint writes go to a store that is never committed: the real checkpoints do not move.
                await foreach (DeliverabilityEvent e in source.ReadNewAsync(new DeferredCheckpointStore(_checkpoints), cancellationToken).ConfigureAwait(false))
                {
                    read++;
                    if (!fresh.TryGetValue(e.SubscriberKey, out Dictionary<string, (DeliverabilityEvent, int)>? byId))
                    {
                        fresh[e.SubscriberKey] = byId = new(StringComparer.Ordinal);
                    }

                    byId.TryAdd(e.Id, (e, i));
                    if (read % 10_000 == 0)
                    {
                        Report(progress, SyncPhase.Reading, source.Name, read, null);
                    }
                }
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                error = e.Message;
            }

            sources[i] = new SyncSourceSummary(source.Name) { Read = read, Error = error };
        }

        var keys = new SortedSet<string>(fresh.Keys.Where(_options.Owns), StringComparer.Ordinal);
        for (string? after = null; ;)
        {
            IReadOnlyList<string> page = await _store.ReadPendingAsync(after, _options.SettlePageSize, cancellationToken).ConfigureAwait(false);
            if (page.Count == 0)
            {
                break;
            }

            keys.UnionWith(page.Where(_options.Owns));
            after = page[^1];
        }

        var planned = new long[_sinks.Count];
        var newEvents = new long[_sources.Count];
        long subscribers = 0;
        foreach (string[] page in keys.Chunk(_options.SettlePageSize))
        {
            ILookup<string, DeliverabilityEvent> stored = await _ledger.ReadEventsAsync(page, cancellationToken).ConfigureAwait(false);
            var states = new List<SubscriberState>(page.Length);
            foreach (string key in page)
            {
                var events = stored[key].ToDictionary(e => e.Id, StringComparer.Ordinal);
                if (fresh.TryGetValue(key, out Dictionary<string, (DeliverabilityEvent Event, int Source)>? incoming))
                {
                    foreach ((string id, (DeliverabilityEvent e, int source)) in incoming)
                    {
                        if (events.TryAdd(id, e))
                        {
                            newEvents[source]++;
                        }
                    }
                }

                if (events.Count > 0)
                {
                    states.Add(_policy.Evaluate(key, events.Values).State);
                }
            }

            subscribers += states.Count;
            for (int s = 0; s < _sinks.Count; s++)
            {
                SyncSink sink = _sinks[s];
                IReadOnlyDictionary<string, CrmProjection> written = await _store.ReadWrittenAsync(sink.Name, page, cancellationToken).ConfigureAwait(false);
                IReadOnlyDictionary<string, OutboxEntry> queued = await _store.ReadQueuedAsync(sink.Name, page, cancellationToken).ConfigureAwait(false);
                foreach (SubscriberState state in states)
                {
                    CrmProjection projection = CrmProjection.From(state, sink.ReasonLength);
                    CrmProjection? previous = written.GetValueOrDefault(state.SubscriberKey);
                    if (projection == previous)
                    {
                        continue;
                    }

                    OutboxEntry? entry = queued.GetValueOrDefault(state.SubscriberKey);
                    bool same = entry?.Projection == projection;
                    planned[s]++;
                    onWrite(new PlannedWrite(sink.Name, projection, previous, state.Decision) { Queued = same, LastError = same ? entry!.LastError : null });
                }
            }

            Report(progress, SyncPhase.Planning, null, subscribers, keys.Count);
        }

        for (int s = 0; s < _sinks.Count; s++)
        {
            SyncSink sink = _sinks[s];
            for (long cursor = 0; ;)
            {
                IReadOnlyList<OutboxEntry> batch = await _store.ReadOutboxAsync(sink.Name, cursor, _options.SettlePageSize, _options.MaxAttempts, cancellationToken).ConfigureAwait(false);
                if (batch.Count == 0)
                {
                    break;
                }

                cursor = batch[^1].Sequence;
                OutboxEntry[] untouched = [.. batch.Where(e => _options.Owns(e.Projection.SubscriberKey) && !keys.Contains(e.Projection.SubscriberKey))];
                IReadOnlyDictionary<string, CrmProjection> written = await _store.ReadWrittenAsync(sink.Name, [.. untouched.Select(e => e.Projection.SubscriberKey)], cancellationToken).ConfigureAwait(false);
                foreach (OutboxEntry entry in untouched)
                {
                    planned[s]++;
                    onWrite(new PlannedWrite(sink.Name, entry.Projection, written.GetValueOrDefault(entry.Projection.SubscriberKey), entry.Why) { Queued = true, LastError = entry.LastError });
                }
            }
        }

        for (int i = 0; i < sources.Length; i++)
        {
            sources[i] = sources[i] with { Stored = newEvents[i] };
        }

        var sinks = new SyncSinkSummary[_sinks.Count];
        for (int s = 0; s < _sinks.Count; s++)
        {
            OutboxCounts counts = await _store.CountOutboxAsync(_sinks[s].Name, _options.MaxAttempts, cancellationToken).ConfigureAwait(false);
            sinks[s] = new SyncSinkSummary(_sinks[s].Name) { Planned = planned[s], DeadLetters = counts.Failed, Parked = counts.Parked };
        }

        return new SyncSummary
        {
            DryRun = true,
            EventsRead = sources.Sum(s => s.Read),
            EventsStored = newEvents.Sum(),
            SubscribersPlanned = subscribers,
            Sources = sources,
            Sinks = sinks,
            Elapsed = _time.GetElapsedTime(started),
        };
    }

    private async Task<SyncSourceSummary> ReadSourceAsync(IEventSource source, IProgress<SyncProgress>? progress, CancellationToken cancellationToken)
    {
        var checkpoints = new DeferredCheckpointStore(_checkpoints);
        var chunk = new List<DeliverabilityEvent>(Math.Min(_options.EventChunkSize, 100_000));
        long read = 0;
        long stored = 0;
        string? error = null;
        IAsyncEnumerator<DeliverabilityEvent> events = source.ReadNewAsync(checkpoints, cancellationToken).GetAsyncEnumerator(cancellationToken);
        await using (events.ConfigureAwait(false))
        {
            // Each full chunk is stored before the source is asked for more; the source's checkpoint write, made when
            // it runs out, is held back until the last chunk is stored too.
            while (true)
            {
                try
                {
                    if (!await events.MoveNextAsync().ConfigureAwait(false))
                    {
                        break;
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    // Only the source's own failures are caught here; the ledger's propagate. What the source returned
                    // before failing is kept below, and its checkpoint stays, so the rest is read again next run.
                    error = e.Message;
                    break;
                }

                chunk.Add(events.Current);
                read++;
                if (chunk.Count >= _options.EventChunkSize)
                {
                    stored += await StoreAsync(chunk, cancellationToken).ConfigureAwait(false);
                    Report(progress, SyncPhase.Reading, source.Name, read, null);
                }
            }
        }

        stored += await StoreAsync(chunk, cancellationToken).ConfigureAwait(false);
        if (error is null)
        {
            await checkpoints.CommitAsync(cancellationToken).ConfigureAwait(false);
            Report(progress, SyncPhase.Reading, source.Name, read, read);
        }

        return new SyncSourceSummary(source.Name) { Read = read, Stored = stored, Error = error };
    }

    private async Task<long> StoreAsync(List<DeliverabilityEvent> chunk, CancellationToken cancellationToken)
    {
        if (chunk.Count == 0)
        {
            return 0;
        }

        // Marked before stored: a crash in between leaves a pending subscriber with nothing new, never new events
        // whose subscriber nobody settles.
        await _store.MarkPendingAsync([.. chunk.Select(e => e.SubscriberKey).Distinct(StringComparer.Ordinal)], cancellationToken).ConfigureAwait(false);
        AppendResult appended = await _runner.AppendAsync(chunk, cancellationToken).ConfigureAwait(false);
        chunk.Clear();
        return appended.Stored;
    }

    private async Task<long> PlanPendingAsync(SyncSinkSummary[] sinks, IProgress<SyncProgress>? progress, CancellationToken cancellationToken)
    {
        long total = await _store.CountPendingAsync(cancellationToken).ConfigureAwait(false);
        long done = 0;
        long settled = 0;
        for (string? after = null; ;)
        {
            IReadOnlyList<string> all = await _store.ReadPendingAsync(after, _options.SettlePageSize, cancellationToken).ConfigureAwait(false);
            if (all.Count == 0)
            {
                break;
            }

            after = all[^1];
            string[] page = [.. all.Where(_options.Owns)]; // other workers' subscribers stay pending for them
            if (page.Length == 0)
            {
                continue;
            }

            IReadOnlyList<PolicyResult> results = await _runner.SettleAsync(page, null, cancellationToken).ConfigureAwait(false);
            var writes = new List<PlannedWrite>();
            var cancels = new List<(string, string)>();
            for (int s = 0; s < _sinks.Count; s++)
            {
                SyncSink sink = _sinks[s];
                IReadOnlyDictionary<string, CrmProjection> written = await _store.ReadWrittenAsync(sink.Name, page, cancellationToken).ConfigureAwait(false);
                long queued = 0;
                foreach (PolicyResult result in results)
                {
                    CrmProjection projection = CrmProjection.From(result.State, sink.ReasonLength);
                    CrmProjection? previous = written.GetValueOrDefault(projection.SubscriberKey);
                    if (projection == previous)
                    {
                        cancels.Add((sink.Name, projection.SubscriberKey));
                    }
                    else
                    {
                        writes.Add(new PlannedWrite(sink.Name, projection, previous, result.State.Decision));
                        queued++;
                    }
                }

                sinks[s] = sinks[s] with { Planned = sinks[s].Planned + queued };
            }

            await _store.CommitPlanAsync(writes, cancels, page, cancellationToken).ConfigureAwait(false);
            settled += results.Count;
            done += page.Length;
            Report(progress, SyncPhase.Planning, null, done, _options.PartitionCount == 1 ? Math.Max(total, done) : null);
        }

        return settled;
    }

    private async Task<SyncSinkSummary> WriteSinkAsync(SyncSink sink, SyncSinkSummary summary, IProgress<SyncProgress>? progress, CancellationToken cancellationToken)
    {
        OutboxCounts counts = await _store.CountOutboxAsync(sink.Name, _options.MaxAttempts, cancellationToken).ConfigureAwait(false);
        long? total = _options.PartitionCount == 1 ? counts.Queued - counts.Parked : null; // counts span all partitions
        long done = 0;
        Report(progress, SyncPhase.Writing, sink.Name, 0, total);
        for (long cursor = 0; ;)
        {
            IReadOnlyList<OutboxEntry> read = await _store.ReadOutboxAsync(sink.Name, cursor, sink.BatchSize, _options.MaxAttempts, cancellationToken).ConfigureAwait(false);
            if (read.Count == 0)
            {
                return summary;
            }

            cursor = read[^1].Sequence;
            OutboxEntry[] batch = _options.PartitionCount == 1 ? [.. read] : [.. read.Where(e => _options.Owns(e.Projection.SubscriberKey))];
            if (batch.Length == 0)
            {
                continue;
            }

            IReadOnlyList<CrmWriteResult> results;
            try
            {
                results = await sink.Sink.WriteAsync([.. batch.Select(e => e.Projection)], cancellationToken).ConfigureAwait(false);
                if (results.Count != batch.Length)
                {
                    throw new InvalidOperationException($"The sink returned {results.Count} results for {batch.Length} records; a sink must return one result per record.");
                }
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // A failure that makes further calls pointless (an exhausted API limit, rejected credentials): the batch
                // stays queued, untouched, for the next run.
                return summary with { Error = e.Message };
            }

            bool stopping = cancellationToken.IsCancellationRequested;
            var completions = new List<OutboxCompletion>(batch.Length);
            for (int i = 0; i < batch.Length; i++)
            {
                CrmWriteResult result = results[i];
                bool ok = result.Outcome is CrmWriteOutcome.Written or CrmWriteOutcome.Unchanged;
                if (ok || !stopping)
                {
                    // When stopping, records the sink did not get to are not failures: they stay queued as they were.
                    completions.Add(new OutboxCompletion(batch[i], result));
                    summary = Tally(summary, result.Outcome);
                }
            }

            await _store.CompleteAsync(sink.Name, completions, _time.GetUtcNow(), CancellationToken.None).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            done += batch.Length;
            Report(progress, SyncPhase.Writing, sink.Name, done, total is { } all ? Math.Max(all, done) : null);
        }
    }

    private static SyncSinkSummary Tally(SyncSinkSummary summary, CrmWriteOutcome outcome) => outcome switch
    {
        CrmWriteOutcome.Written or CrmWriteOutcome.Unchanged => summary with { Written = summary.Written + 1 },
        CrmWriteOutcome.NotFound => summary with { NotFound = summary.NotFound + 1 },
        CrmWriteOutcome.Rejected => summary with { Rejected = summary.Rejected + 1 },
        _ => summary with { Retryable = summary.Retryable + 1 },
    };

    private static void Report(IProgress<SyncProgress>? progress, SyncPhase phase, string? name, long done, long? total) =>
        progress?.Report(new SyncProgress(phase, name, done, total));

    private static void RequireUnique(IEnumerable<string> names, string what)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (string name in names)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(name, what);
            if (!seen.Add(name))
            {
                throw new ArgumentException($"Two {what}s are named '{name}'; {what} names must be unique.", what + "s");
            }
        }
    }
}
