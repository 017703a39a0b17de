namespace BounceKit.Sync;

/// <summary>The steps of a sync, in order.</summary>
public enum SyncPhase
{
    /// <summary>Reading sources and storing their events.</summary>
    Reading,

    /// <summary>Recomputing the states of the subscribers whose events changed, and queuing the writes that follow.</summary>
    Planning,

    /// <summary>Writing the outbox to the sinks.</summary>
    Writing,
}

/// <summary>How far a sync got.</summary>
/// <param name="Phase">The step.</param>
/// <param name="Name">The source or sink, while reading or writing.</param>
/// <param name="Done">Events read, subscribers planned or records written so far in this step.</param>
/// <param name="Total">The step's total when known in advance (planning and writing), else null.</param>
public readonly record struct SyncProgress(SyncPhase Phase, string? Name, long Done, long? Total);
