using BounceKit.Policy;

namespace BounceKit.Sync;

/// <summary>A CRM a sync writes to, with the name its outbox entries and confirmed projections are kept under.</summary>
/// <param name="Name">A name unique within the sync and stable across runs (renaming a sink makes the next run write
/// every record again).</param>
/// <param name="Sink">The sink.</param>
public sealed record SyncSink(string Name, ICrmSink Sink)
{
    /// <summary>Records per <see cref="ICrmSink.WriteAsync"/> call (default 200, Salesforce's sObject Collections limit).</summary>
    public int BatchSize { get; init; } = 200;

    /// <summary>The target field's length for the bounce reason (default 255, Salesforce's <c>EmailBouncedReason</c>).</summary>
    public int ReasonLength { get; init; } = 255;
}
