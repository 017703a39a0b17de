namespace BounceKit.Events;

/// <summary>Remembers how far an event source has read, so the next run resumes there.</summary>
/// <remarks>A source writes its checkpoint only after every event up to it was handed over, so a crash re-reads
/// some events rather than losing any; events carry stable ids, and ledgers ignore repeats. Implementations:
/// <see cref="InMemoryCheckpointStore"/> and the SQLite ledger (same file as the events).</remarks>
public interface ICheckpointStore
{
    /// <summary>Reads a checkpoint.</summary>
    /// <param name="key">The source's key, for example <c>mailchimp:us14:list-id</c>.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The stored value, or <see langword="null"/> when the source never completed a run.</returns>
    Task<string?> GetCheckpointAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Stores a checkpoint, replacing the previous one.</summary>
    /// <param name="key">The source's key.</param>
    /// <param name="value">The source's own encoding of its position.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the value is durable.</returns>
    Task SetCheckpointAsync(string key, string value, CancellationToken cancellationToken = default);
}
