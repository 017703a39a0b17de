using BounceKit.Policy;

namespace BounceKit.Sync;

/// <summary>What a sync remembers between runs besides events and states: which subscribers still need settling, what
/// each sink was last told, and the outbox of writes not yet confirmed (with the failed ones, the dead letters).</summary>
/// <remarks>
/// <para>Every method that changes something is one transaction: durable when its task completes, all or nothing when
/// the process dies on the way. <see cref="SyncEngine"/>'s crash safety rests on that.</para>
/// <para>Implementations: <see cref="InMemorySyncStore"/> and the SQLite ledger in BounceKit.Storage.Sqlite, which
/// keeps the sync tables in the same file as the events.</para>
/// </remarks>
public interface ISyncStore
{
    /// <summary>Marks subscribers whose events changed and whose state and projection must be recomputed.</summary>
    /// <param name="subscriberKeys">The subscribers.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the marks are durable.</returns>
    Task MarkPendingAsync(IReadOnlyCollection<string> subscriberKeys, CancellationToken cancellationToken = default);

    /// <summary>Marked subscribers in key order, after <paramref name="after"/>.</summary>
    /// <param name="after">The last key of the previous page, or null for the first page.</param>
    /// <param name="limit">The page size.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>Up to <paramref name="limit"/> keys.</returns>
    Task<IReadOnlyList<string>> ReadPendingAsync(string? after, int limit, CancellationToken cancellationToken = default);

    /// <summary>How many subscribers are marked.</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The count.</returns>
    Task<long> CountPendingAsync(CancellationToken cancellationToken = default);

    /// <summary>What a sink last confirmed for each of several subscribers.</summary>
    /// <param name="sink">The sink's name.</param>
    /// <param name="subscriberKeys">The subscribers.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The confirmed projections; subscribers the sink never confirmed are absent.</returns>
    Task<IReadOnlyDictionary<string, CrmProjection>> ReadWrittenAsync(string sink, IReadOnlyCollection<string> subscriberKeys, CancellationToken cancellationToken = default);

    /// <summary>The queued outbox entries of several subscribers for one sink.</summary>
    /// <param name="sink">The sink's name.</param>
    /// <param name="subscriberKeys">The subscribers.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The entries; subscribers without one are absent.</returns>
    Task<IReadOnlyDictionary<string, OutboxEntry>> ReadQueuedAsync(string sink, IReadOnlyCollection<string> subscriberKeys, CancellationToken cancellationToken = default);

    /// <summary>Stores a planning step in one transaction: queue <paramref name="writes"/>, drop the queued entries of
    /// <paramref name="cancels"/>, and unmark <paramref name="settled"/>.</summary>
    /// <param name="writes">Writes to queue. An entry already queued for the same sink and subscriber is replaced, with
    /// a new sequence and no attempts, unless it holds the same projection; then it stays as it is.</param>
    /// <param name="cancels">Sink and subscriber pairs whose queued entry is no longer needed (the sink already shows
    /// what it should).</param>
    /// <param name="settled">Subscribers to unmark.</param>
    /// <param name="cancellationToken">Cancels the write; nothing is stored then.</param>
    /// <returns>A task that completes when the step is durable.</returns>
    Task CommitPlanAsync(IReadOnlyCollection<PlannedWrite> writes, IReadOnlyCollection<(string Sink, string SubscriberKey)> cancels, IReadOnlyCollection<string> settled, CancellationToken cancellationToken = default);

    /// <summary>Queued entries of one sink in sequence order.</summary>
    /// <param name="sink">The sink's name.</param>
    /// <param name="afterSequence">The last sequence of the previous page (0 for the first).</param>
    /// <param name="limit">The page size.</param>
    /// <param name="maxAttempts">Entries with this many failed attempts or more are parked and not returned.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>Up to <paramref name="limit"/> entries.</returns>
    Task<IReadOnlyList<OutboxEntry>> ReadOutboxAsync(string sink, long afterSequence, int limit, int maxAttempts, CancellationToken cancellationToken = default);

    /// <summary>Records what a sink did with outbox entries, in one transaction: a written entry becomes the sink's
    /// confirmed projection and leaves the outbox (unless a newer entry replaced it meanwhile); a failed one stays,
    /// with one more attempt, its outcome and its message: a dead letter, retried on the next run.</summary>
    /// <param name="sink">The sink's name.</param>
    /// <param name="completions">The entries and the sink's results.</param>
    /// <param name="at">When the attempt was made.</param>
    /// <param name="cancellationToken">Cancels the write; nothing is stored then.</param>
    /// <returns>A task that completes when the results are durable.</returns>
    Task CompleteAsync(string sink, IReadOnlyCollection<OutboxCompletion> completions, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>Counts a sink's queued entries.</summary>
    /// <param name="sink">The sink's name.</param>
    /// <param name="maxAttempts">The attempts after which an entry is parked.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The counts.</returns>
    Task<OutboxCounts> CountOutboxAsync(string sink, int maxAttempts, CancellationToken cancellationToken = default);

    /// <summary>Entries that failed at least once (the dead letters), by sink and sequence.</summary>
    /// <param name="sink">One sink, or null for all.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The entries.</returns>
    IAsyncEnumerable<OutboxEntry> ReadFailedAsync(string? sink = null, CancellationToken cancellationToken = default);
}

/// <summary>A write waiting in the outbox.</summary>
/// <param name="Sequence">Its position in the outbox; a replaced entry gets a new one.</param>
/// <param name="Sink">The sink's name.</param>
/// <param name="Projection">What the record should show.</param>
/// <param name="Why">The policy decision behind it, for example "held: 3 bounces over 19 days, rule MinimumSpan".</param>
public sealed record OutboxEntry(long Sequence, string Sink, CrmProjection Projection, string Why)
{
    /// <summary>Failed attempts so far.</summary>
    public int Attempts { get; init; }

    /// <summary>The last failed attempt's outcome, or null before any failure.</summary>
    public CrmWriteOutcome? LastOutcome { get; init; }

    /// <summary>The last failed attempt's message (the CRM's status code and text).</summary>
    public string? LastError { get; init; }

    /// <summary>When the last failed attempt was made.</summary>
    public DateTimeOffset? LastAttempt { get; init; }
}

/// <summary>What a sink did with one outbox entry.</summary>
/// <param name="Entry">The entry.</param>
/// <param name="Result">The sink's result for it.</param>
public readonly record struct OutboxCompletion(OutboxEntry Entry, CrmWriteResult Result);

/// <summary>A sink's queued entries.</summary>
/// <param name="Queued">All queued entries.</param>
/// <param name="Failed">Entries that failed at least once (dead letters), parked ones included.</param>
/// <param name="Parked">Entries that failed too often and are no longer retried.</param>
public readonly record struct OutboxCounts(long Queued, long Failed, long Parked);
