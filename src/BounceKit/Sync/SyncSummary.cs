namespace BounceKit.Sync;

/// <summary>What a sync run (or a dry run) did.</summary>
public sealed record SyncSummary
{
    /// <summary>True for a dry run: nothing was stored or written.</summary>
    public required bool DryRun { get; init; }

    /// <summary>Events the sources returned.</summary>
    public long EventsRead { get; init; }

    /// <summary>Events that were new to the ledger (a dry run counts those not stored yet).</summary>
    public long EventsStored { get; init; }

    /// <summary>Subscribers whose state was recomputed.</summary>
    public long SubscribersPlanned { get; init; }

    /// <summary>Per source, in configuration order.</summary>
    public required IReadOnlyList<SyncSourceSummary> Sources { get; init; }

    /// <summary>Per sink, in configuration order.</summary>
    public required IReadOnlyList<SyncSinkSummary> Sinks { get; init; }

    /// <summary>How long the run took.</summary>
    public TimeSpan Elapsed { get; init; }

    /// <summary>True when the run was cancelled before it finished; the next run continues where it stopped.</summary>
    public bool Cancelled { get; init; }

    /// <summary>True when every step finished, no sink failed and no record failed in this run.</summary>
    public bool Succeeded => !Cancelled && Sources.All(s => s.Error is null) && Sinks.All(s => s.Error is null && s.Failed == 0);
}

/// <summary>What a sync read from one source.</summary>
/// <param name="Name">The source's name.</param>
public sealed record SyncSourceSummary(string Name)
{
    /// <summary>Events the source returned.</summary>
    public long Read { get; init; }

    /// <summary>Events that were new to the ledger.</summary>
    public long Stored { get; init; }

    /// <summary>Why the source stopped early, or null. Its checkpoint did not move; what it returned before the
    /// failure is stored and the next run reads it again (repeats are ignored).</summary>
    public string? Error { get; init; }
}

/// <summary>What a sync did for one sink.</summary>
/// <param name="Name">The sink's name.</param>
public sealed record SyncSinkSummary(string Name)
{
    /// <summary>Writes this run queued (a dry run: writes it would make, including those queued before).</summary>
    public long Planned { get; init; }

    /// <summary>Records the sink confirmed.</summary>
    public long Written { get; init; }

    /// <summary>Records the CRM does not have.</summary>
    public long NotFound { get; init; }

    /// <summary>Records the CRM refused.</summary>
    public long Rejected { get; init; }

    /// <summary>Records not written because of a temporary failure.</summary>
    public long Retryable { get; init; }

    /// <summary>Records that failed in this run: <see cref="NotFound"/> + <see cref="Rejected"/> + <see cref="Retryable"/>.</summary>
    public long Failed => NotFound + Rejected + Retryable;

    /// <summary>Dead letters after the run: entries that failed at least once and wait for the next run.</summary>
    public long DeadLetters { get; init; }

    /// <summary>Entries that failed <see cref="SyncOptions.MaxAttempts"/> times and are no longer retried.</summary>
    public long Parked { get; init; }

    /// <summary>Why the sink stopped (an exhausted API limit, rejected credentials), or null.</summary>
    public string? Error { get; init; }
}
