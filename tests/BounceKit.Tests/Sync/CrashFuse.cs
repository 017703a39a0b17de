using BounceKit.Events;
using BounceKit.Policy;
using BounceKit.Sync;

namespace BounceKit.Tests.Sync;

/// <summary>Simulates killing the process at the N-th durable operation: that operation takes effect (odd N) or does
/// not (even N), and from then on nothing does. Wrap every component that persists something with the same fuse.</summary>
internal sealed class CrashFuse(int at)
{
    private int _count;

    public bool Blown { get; private set; }

    public int Operations => _count;

    public async Task<T> Durable<T>(Func<Task<T>> operation)
    {
        Alive();
        int n = ++_count;
        if (n == at && at % 2 == 0)
        {
            Die();
        }

        T result = await operation();
        if (n == at)
        {
            Die();
        }

        return result;
    }

    public async Task Durable(Func<Task> operation) => await Durable(async () =>
    {
        await operation();
        return 0;
    });

    public void Alive()
    {
        if (Blown)
        {
            throw new CrashedException();
        }
    }

    private void Die()
    {
        Blown = true;
        throw new CrashedException();
    }
}

internal sealed class CrashedException() : Exception("killed");

internal sealed class FusedLedger(IBounceLedger inner, CrashFuse fuse) : IBounceLedger
{
    public Task<AppendResult> AppendAsync(IReadOnlyCollection<DeliverabilityEvent> events, CancellationToken cancellationToken = default) =>
        fuse.Durable(() => inner.AppendAsync(events, cancellationToken));

    public Task<IReadOnlyList<DeliverabilityEvent>> ReadEventsAsync(string subscriberKey, CancellationToken cancellationToken = default)
    {
        fuse.Alive();
        return inner.ReadEventsAsync(subscriberKey, cancellationToken);
    }

    public Task<(SubscriberState? State, long Version)> ReadStateAsync(string subscriberKey, CancellationToken cancellationToken = default)
    {
        fuse.Alive();
        return inner.ReadStateAsync(subscriberKey, cancellationToken);
    }

    public Task<bool> TryWriteStateAsync(SubscriberState state, long expectedVersion, CancellationToken cancellationToken = default) =>
        fuse.Durable(() => inner.TryWriteStateAsync(state, expectedVersion, cancellationToken));

    public Task<ILookup<string, DeliverabilityEvent>> ReadEventsAsync(IReadOnlyCollection<string> subscriberKeys, CancellationToken cancellationToken = default)
    {
        fuse.Alive();
        return inner.ReadEventsAsync(subscriberKeys, cancellationToken);
    }

    public Task<IReadOnlyDictionary<string, long>> ReadVersionsAsync(IReadOnlyCollection<string> subscriberKeys, CancellationToken cancellationToken = default)
    {
        fuse.Alive();
        return inner.ReadVersionsAsync(subscriberKeys, cancellationToken);
    }

    public Task<IReadOnlyCollection<string>> TryWriteStatesAsync(IReadOnlyCollection<(SubscriberState State, long ExpectedVersion)> writes, CancellationToken cancellationToken = default) =>
        fuse.Durable(() => inner.TryWriteStatesAsync(writes, cancellationToken));

    public IAsyncEnumerable<SubscriberState> ReadStatesAsync(CancellationToken cancellationToken = default)
    {
        fuse.Alive();
        return inner.ReadStatesAsync(cancellationToken);
    }
}

internal sealed class FusedStore(ISyncStore inner, CrashFuse fuse) : ISyncStore, ICheckpointStore
{
    private readonly ICheckpointStore _checkpoints = (ICheckpointStore)inner;

    public Task MarkPendingAsync(IReadOnlyCollection<string> subscriberKeys, CancellationToken cancellationToken = default) =>
        fuse.Durable(() => inner.MarkPendingAsync(subscriberKeys, cancellationToken));

    public Task<IReadOnlyList<string>> ReadPendingAsync(string? after, int limit, CancellationToken cancellationToken = default)
    {
        fuse.Alive();
        return inner.ReadPendingAsync(after, limit, cancellationToken);
    }

    public Task<long> CountPendingAsync(CancellationToken cancellationToken = default)
    {
        fuse.Alive();
        return inner.CountPendingAsync(cancellationToken);
    }

    public Task<IReadOnlyDictionary<string, CrmProjection>> ReadWrittenAsync(string sink, IReadOnlyCollection<string> subscriberKeys, CancellationToken cancellationToken = default)
    {
        fuse.Alive();
        return inner.ReadWrittenAsync(sink, subscriberKeys, cancellationToken);
    }

    public Task<IReadOnlyDictionary<string, OutboxEntry>> ReadQueuedAsync(string sink, IReadOnlyCollection<string> subscriberKeys, CancellationToken cancellationToken = default)
    {
        fuse.Alive();
        return inner.ReadQueuedAsync(sink, subscriberKeys, cancellationToken);
    }

    public Task CommitPlanAsync(IReadOnlyCollection<PlannedWrite> writes, IReadOnlyCollection<(string Sink, string SubscriberKey)> cancels, IReadOnlyCollection<string> settled, CancellationToken cancellationToken = default) =>
        fuse.Durable(() => inner.CommitPlanAsync(writes, cancels, settled, cancellationToken));

    public Task<IReadOnlyList<OutboxEntry>> ReadOutboxAsync(string sink, long afterSequence, int limit, int maxAttempts, CancellationToken cancellationToken = default)
    {
        fuse.Alive();
        return inner.ReadOutboxAsync(sink, afterSequence, limit, maxAttempts, cancellationToken);
    }

    public Task CompleteAsync(string sink, IReadOnlyCollection<OutboxCompletion> completions, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        fuse.Durable(() => inner.CompleteAsync(sink, completions, at, cancellationToken));

    public Task<OutboxCounts> CountOutboxAsync(string sink, int maxAttempts, CancellationToken cancellationToken = default)
    {
        fuse.Alive();
        return inner.CountOutboxAsync(sink, maxAttempts, cancellationToken);
    }

    public IAsyncEnumerable<OutboxEntry> ReadFailedAsync(string? sink = null, CancellationToken cancellationToken = default)
    {
        fuse.Alive();
        return inner.ReadFailedAsync(sink, cancellationToken);
    }

    public Task<string?> GetCheckpointAsync(string key, CancellationToken cancellationToken = default)
    {
        fuse.Alive();
        return _checkpoints.GetCheckpointAsync(key, cancellationToken);
    }

    public Task SetCheckpointAsync(string key, string value, CancellationToken cancellationToken = default) =>
        fuse.Durable(() => _checkpoints.SetCheckpointAsync(key, value, cancellationToken));
}

internal sealed class FusedSink(ICrmSink inner, CrashFuse fuse) : ICrmSink
{
    public Task<IReadOnlyList<CrmWriteResult>> WriteAsync(IReadOnlyList<CrmProjection> projections, CancellationToken cancellationToken = default) =>
        fuse.Durable(() => inner.WriteAsync(projections, cancellationToken));
}

/// <summary>An <see cref="InMemorySyncStore"/> that also keeps checkpoints, as the SQLite ledger does.</summary>
internal sealed class MemorySyncState : ISyncStore, ICheckpointStore
{
    private readonly InMemorySyncStore _store = new();
    private readonly InMemoryCheckpointStore _checkpoints = new();

    public Task MarkPendingAsync(IReadOnlyCollection<string> subscriberKeys, CancellationToken cancellationToken = default) => _store.MarkPendingAsync(subscriberKeys, cancellationToken);

    public Task<IReadOnlyList<string>> ReadPendingAsync(string? after, int limit, CancellationToken cancellationToken = default) => _store.ReadPendingAsync(after, limit, cancellationToken);

    public Task<long> CountPendingAsync(CancellationToken cancellationToken = default) => _store.CountPendingAsync(cancellationToken);

    public Task<IReadOnlyDictionary<string, CrmProjection>> ReadWrittenAsync(string sink, IReadOnlyCollection<string> subscriberKeys, CancellationToken cancellationToken = default) => _store.ReadWrittenAsync(sink, subscriberKeys, cancellationToken);

    public Task<IReadOnlyDictionary<string, OutboxEntry>> ReadQueuedAsync(string sink, IReadOnlyCollection<string> subscriberKeys, CancellationToken cancellationToken = default) => _store.ReadQueuedAsync(sink, subscriberKeys, cancellationToken);

    public Task CommitPlanAsync(IReadOnlyCollection<PlannedWrite> writes, IReadOnlyCollection<(string Sink, string SubscriberKey)> cancels, IReadOnlyCollection<string> settled, CancellationToken cancellationToken = default) => _store.CommitPlanAsync(writes, cancels, settled, cancellationToken);

    public Task<IReadOnlyList<OutboxEntry>> ReadOutboxAsync(string sink, long afterSequence, int limit, int maxAttempts, CancellationToken cancellationToken = default) => _store.ReadOutboxAsync(sink, afterSequence, limit, maxAttempts, cancellationToken);

    public Task CompleteAsync(string sink, IReadOnlyCollection<OutboxCompletion> completions, DateTimeOffset at, CancellationToken cancellationToken = default) => _store.CompleteAsync(sink, completions, at, cancellationToken);

    public Task<OutboxCounts> CountOutboxAsync(string sink, int maxAttempts, CancellationToken cancellationToken = default) => _store.CountOutboxAsync(sink, maxAttempts, cancellationToken);

    public IAsyncEnumerable<OutboxEntry> ReadFailedAsync(string? sink = null, CancellationToken cancellationToken = default) => _store.ReadFailedAsync(sink, cancellationToken);

    public Task<string?> GetCheckpointAsync(string key, CancellationToken cancellationToken = default) => _checkpoints.GetCheckpointAsync(key, cancellationToken);

    public Task SetCheckpointAsync(string key, string value, CancellationToken cancellationToken = default) => _checkpoints.SetCheckpointAsync(key, value, cancellationToken);
}
