using BounceKit.Events;

namespace BounceKit.Policy;

/// <summary>Stores deliverability events and each subscriber's policy state, so a policy survives restarts and
/// incremental runs.</summary>
/// <remarks>
/// <para>Appends are idempotent: an event id already stored is ignored. State is versioned per subscriber for optimistic
/// concurrency: <see cref="TryWriteStateAsync"/> succeeds only when the stored version is the one the writer read, so
/// several writers (processes or nodes on a shared database) never overwrite each other's work silently.</para>
/// <para>Implementations: <c>InMemoryBounceLedger</c> (tests, single process) and <c>SqliteBounceLedger</c> in
/// BounceKit.Storage.Sqlite (the embedded default).</para>
/// </remarks>
public interface IBounceLedger
{
    /// <summary>Stores events, ignoring ids already stored. Durable when the task completes.</summary>
    /// <param name="events">The events.</param>
    /// <param name="cancellationToken">Cancels the append; nothing is stored then.</param>
    /// <returns>How many events were new and which subscribers received at least one.</returns>
    Task<AppendResult> AppendAsync(IReadOnlyCollection<DeliverabilityEvent> events, CancellationToken cancellationToken = default);

    /// <summary>All stored events of a subscriber, in no particular order.</summary>
    /// <param name="subscriberKey">The subscriber.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The events.</returns>
    Task<IReadOnlyList<DeliverabilityEvent>> ReadEventsAsync(string subscriberKey, CancellationToken cancellationToken = default);

    /// <summary>A subscriber's stored state and its version (0 when none is stored).</summary>
    /// <param name="subscriberKey">The subscriber.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The state, or null, and the version.</returns>
    Task<(SubscriberState? State, long Version)> ReadStateAsync(string subscriberKey, CancellationToken cancellationToken = default);

    /// <summary>Stores a subscriber's state if its stored version is still <paramref name="expectedVersion"/>.</summary>
    /// <param name="state">The new state.</param>
    /// <param name="expectedVersion">The version read before computing the state.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>False when another writer stored a newer state first; read again and retry.</returns>
    Task<bool> TryWriteStateAsync(SubscriberState state, long expectedVersion, CancellationToken cancellationToken = default);

    /// <summary>The stored events of several subscribers, read at once.</summary>
    /// <param name="subscriberKeys">The subscribers.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The events by subscriber; subscribers without events are absent.</returns>
    Task<ILookup<string, DeliverabilityEvent>> ReadEventsAsync(IReadOnlyCollection<string> subscriberKeys, CancellationToken cancellationToken = default);

    /// <summary>The stored state versions of several subscribers (0 for those without a state).</summary>
    /// <param name="subscriberKeys">The subscribers.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The versions by subscriber.</returns>
    Task<IReadOnlyDictionary<string, long>> ReadVersionsAsync(IReadOnlyCollection<string> subscriberKeys, CancellationToken cancellationToken = default);

    /// <summary>Stores several states at once (one transaction), each only if its stored version is still the expected one.</summary>
    /// <param name="writes">The states and the versions they were computed from.</param>
    /// <param name="cancellationToken">Cancels the write; nothing is stored then.</param>
    /// <returns>The subscribers whose write lost to another writer; every other state was stored.</returns>
    Task<IReadOnlyCollection<string>> TryWriteStatesAsync(IReadOnlyCollection<(SubscriberState State, long ExpectedVersion)> writes, CancellationToken cancellationToken = default);

    /// <summary>Every subscriber with a stored state, ordered by key.</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The states.</returns>
    IAsyncEnumerable<SubscriberState> ReadStatesAsync(CancellationToken cancellationToken = default);
}

/// <summary>What an append stored.</summary>
/// <param name="Subscribers">The subscribers that received at least one new event.</param>
/// <param name="Stored">Events that were new.</param>
/// <param name="Duplicates">Events whose id was already stored (ignored).</param>
public sealed record AppendResult(IReadOnlyCollection<string> Subscribers, int Stored, int Duplicates)
{
    /// <summary>The ids of the events that were new, when the ledger reports them (both built-in ledgers do); the
    /// runner then reports only the status changes those events caused.</summary>
    public IReadOnlySet<string>? StoredIds { get; init; }
}
