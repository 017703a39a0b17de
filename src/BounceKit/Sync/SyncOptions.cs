namespace BounceKit.Sync;

/// <summary>How a <see cref="SyncEngine"/> runs.</summary>
public sealed class SyncOptions
{
    /// <summary>Events stored per ledger transaction while reading sources (default 10,000).</summary>
    public int EventChunkSize { get; set; } = 10_000;

    /// <summary>Subscribers settled and planned per step (default 2,000).</summary>
    public int SettlePageSize { get; set; } = 2_000;

    /// <summary>Failed attempts after which an outbox entry is parked: kept and reported, no longer retried (default 10).</summary>
    public int MaxAttempts { get; set; } = 10;

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(EventChunkSize, nameof(EventChunkSize));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(SettlePageSize, nameof(SettlePageSize));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxAttempts, nameof(MaxAttempts));
    }
}
