using BounceKit.Policy;

namespace BounceKit.Sync;

/// <summary>A write a sync plans: what a sink's record should show, what the sink last confirmed, and why.</summary>
/// <param name="Sink">The sink's name.</param>
/// <param name="Projection">What the record should show.</param>
/// <param name="Previous">What the sink last confirmed; null when it was never written.</param>
/// <param name="Why">The policy decision behind it.</param>
public sealed record PlannedWrite(string Sink, CrmProjection Projection, CrmProjection? Previous, string Why)
{
    /// <summary>True when the write was already queued by an earlier run (possibly failed and now retried).</summary>
    public bool Queued { get; init; }

    /// <summary>For a queued write that failed before: the last failure's message.</summary>
    public string? LastError { get; init; }
}
