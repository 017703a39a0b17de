using System.Runtime.CompilerServices;
using BounceKit.Policy;

namespace BounceKit.Sync;

/// <summary>An <see cref="ISyncStore"/> in memory: for tests and single-process use with an in-memory ledger. Thread-safe.</summary>
public sealed class InMemorySyncStore : ISyncStore
{
    private readonly Lock _lock = new();
    private readonly SortedSet<string> _pending = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Sink, string Key), CrmProjection> _written = [];
    private readonly Dictionary<(string Sink, string Key), OutboxEntry> _outbox = [];
    private long _sequence;

    /// <inheritdoc/>
    public Task MarkPendingAsync(IReadOnlyCollection<string> subscriberKeys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(subscriberKeys);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            _pending.UnionWith(subscriberKeys);
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<string>> ReadPendingAsync(string? after, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        lock (_lock)
        {
            IEnumerable<string> keys = after is null ? _pending : _pending.Where(k => string.CompareOrdinal(k, after) > 0);
            return Task.FromResult<IReadOnlyList<string>>([.. keys.Take(limit)]);
        }
    }

    /// <inheritdoc/>
    public Task<long> CountPendingAsync(CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult((long)_pending.Count);
        }
    }

    /// <inheritdoc/>
    public Task<IReadOnlyDictionary<string, CrmProjection>> ReadWrittenAsync(string sink, IReadOnlyCollection<string> subscriberKeys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(subscriberKeys);
        lock (_lock)
        {
            var found = new Dictionary<string, CrmProjection>(StringComparer.Ordinal);
            foreach (string key in subscriberKeys)
            {
                if (_written.TryGetValue((sink, key), out CrmProjection? projection))
                {
                    found[key] = projection;
                }
            }

            return Task.FromResult<IReadOnlyDictionary<string, CrmProjection>>(found);
        }
    }

    /// <inheritdoc/>
    public Task<IReadOnlyDictionary<string, OutboxEntry>> ReadQueuedAsync(string sink, IReadOnlyCollection<string> subscriberKeys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(subscriberKeys);
        lock (_lock)
        {
            var found = new Dictionary<string, OutboxEntry>(StringComparer.Ordinal);
            foreach (string key in subscriberKeys)
            {
                if (_outbox.TryGetValue((sink, key), out OutboxEntry? entry))
                {
                    found[key] = entry;
                }
            }

            return Task.FromResult<IReadOnlyDictionary<string, OutboxEntry>>(found);
        }
    }

    /// <inheritdoc/>
    public Task CommitPlanAsync(IReadOnlyCollection<PlannedWrite> writes, IReadOnlyCollection<(string Sink, string SubscriberKey)> cancels, IReadOnlyCollection<string> settled, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(writes);
        ArgumentNullException.ThrowIfNull(cancels);
        ArgumentNullException.ThrowIfNull(settled);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            foreach (PlannedWrite write in writes)
            {
                var key = (write.Sink, write.Projection.SubscriberKey);
                if (_outbox.TryGetValue(key, out OutboxEntry? queued) && queued.Projection == write.Projection)
                {
                    continue;
                }

                _outbox[key] = new OutboxEntry(++_sequence, write.Sink, write.Projection, write.Why);
            }

            foreach ((string sink, string subscriber) in cancels)
            {
                _outbox.Remove((sink, subscriber));
            }

            _pending.ExceptWith(settled);
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<OutboxEntry>> ReadOutboxAsync(string sink, long afterSequence, int limit, int maxAttempts, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<OutboxEntry>>([.. _outbox.Values
                .Where(e => e.Sink == sink && e.Sequence > afterSequence && e.Attempts < maxAttempts)
                .OrderBy(e => e.Sequence)
                .Take(limit)]);
        }
    }

    /// <inheritdoc/>
    public Task CompleteAsync(string sink, IReadOnlyCollection<OutboxCompletion> completions, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(completions);
        lock (_lock)
        {
            foreach ((OutboxEntry entry, CrmWriteResult result) in completions)
            {
                var key = (sink, entry.Projection.SubscriberKey);
                bool current = _outbox.TryGetValue(key, out OutboxEntry? queued) && queued.Sequence == entry.Sequence;
                if (result.Outcome is CrmWriteOutcome.Written or CrmWriteOutcome.Unchanged)
                {
                    _written[key] = entry.Projection;
                    if (current)
                    {
                        _outbox.Remove(key);
                    }
                }
                else if (current)
                {
                    _outbox[key] = queued! with { Attempts = queued.Attempts + 1, LastOutcome = result.Outcome, LastError = result.Message, LastAttempt = at };
                }
            }
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public Task<OutboxCounts> CountOutboxAsync(string sink, int maxAttempts, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            long queued = 0, failed = 0, parked = 0;
            foreach (OutboxEntry entry in _outbox.Values)
            {
                if (entry.Sink != sink)
                {
                    continue;
                }

                queued++;
                failed += entry.Attempts > 0 ? 1 : 0;
                parked += entry.Attempts >= maxAttempts ? 1 : 0;
            }

            return Task.FromResult(new OutboxCounts(queued, failed, parked));
        }
    }

    /// <inheritdoc/>
    public async IAsyncEnumerable<OutboxEntry> ReadFailedAsync(string? sink = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        OutboxEntry[] failed;
        lock (_lock)
        {
            failed = [.. _outbox.Values.Where(e => e.Attempts > 0 && (sink is null || e.Sink == sink)).OrderBy(e => e.Sink, StringComparer.Ordinal).ThenBy(e => e.Sequence)];
        }

        foreach (OutboxEntry entry in failed)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return entry;
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }
}
