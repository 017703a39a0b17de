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

    /// <summary>How many workers share the subscribers (default 1: this engine handles everyone).</summary>
    /// <remarks>With several workers on one ledger database, each plans and writes only the subscribers of its own
    /// <see cref="PartitionIndex"/> (see <see cref="SyncPartition.Of"/>); reading sources may be done by any or all of
    /// them, since repeated events are ignored. See docs/scaling.md.</remarks>
    public int PartitionCount { get; set; } = 1;

    /// <summary>This worker's partition, from 0 to <see cref="PartitionCount"/> - 1 (default 0).</summary>
    public int PartitionIndex { get; set; }

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(PartitionCount, nameof(PartitionCount));
        if (PartitionIndex < 0 || PartitionIndex >= PartitionCount)
        {
            throw new ArgumentOutOfRangeException(nameof(PartitionIndex), PartitionIndex, $"The partition index must be from 0 to {PartitionCount - 1}.");
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(EventChunkSize, nameof(EventChunkSize));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(SettlePageSize, nameof(SettlePageSize));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxAttempts, nameof(MaxAttempts));
    }

    internal bool Owns(string subscriberKey) => PartitionCount == 1 || SyncPartition.Of(subscriberKey, PartitionCount) == PartitionIndex;
}
