namespace BounceKit.Reporting;

/// <summary>Bounce counts and rates by domain, reason, day and campaign, spikes, and reputation trouble by provider.</summary>
public sealed class BounceReport
{
    /// <summary>Distinct events read.</summary>
    public required long Events { get; init; }

    /// <summary>All sends and bounces together.</summary>
    public required BounceGroup Total { get; init; }

    /// <summary>By recipient domain, most bounces first.</summary>
    public required IReadOnlyList<BounceGroup> ByDomain { get; init; }

    /// <summary>By bounce reason (taxonomy names), most bounces first.</summary>
    public required IReadOnlyList<BounceGroup> ByReason { get; init; }

    /// <summary>By day (UTC), in date order.</summary>
    public required IReadOnlyList<BounceGroup> ByDay { get; init; }

    /// <summary>By campaign or job, most bounces first.</summary>
    public required IReadOnlyList<BounceGroup> ByCampaign { get; init; }

    /// <summary>Days far above their trailing average, in date order.</summary>
    public required IReadOnlyList<BounceSpike> Spikes { get; init; }

    /// <summary>Block bounces grouped by receiving provider, most first.</summary>
    public required IReadOnlyList<ReputationIssue> Reputation { get; init; }
}
