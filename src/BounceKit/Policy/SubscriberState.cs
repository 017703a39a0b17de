using BounceKit.Classification;

namespace BounceKit.Policy;

/// <summary>Where a subscriber stands after all its events: the fold of a <see cref="SuppressionPolicy"/>.</summary>
public sealed record SubscriberState
{
    /// <summary>The subscriber.</summary>
    public required string SubscriberKey { get; init; }

    /// <summary>The deliverability status.</summary>
    public required SubscriberStatus Status { get; init; }

    /// <summary>When the status last changed (null while it never has).</summary>
    public DateTimeOffset? StatusSince { get; init; }

    /// <summary>Consent, kept apart from bounces.</summary>
    public ConsentStatus Consent { get; init; }

    /// <summary>Bounces in the current series (a retry series of one job counts once).</summary>
    public int BounceCount { get; init; }

    /// <summary>Soft bounces in the current series.</summary>
    public int SoftBounceCount { get; init; }

    /// <summary>The first bounce of the current series.</summary>
    public DateTimeOffset? FirstBounce { get; init; }

    /// <summary>The most recent bounce, whether or not a series is open.</summary>
    public DateTimeOffset? LastBounce { get; init; }

    /// <summary>The most recent bounce that counts while the subscriber is held or cleaned; null otherwise.</summary>
    public DateTimeOffset? HardBounceDate { get; init; }

    /// <summary>The reason of the most recent bounce.</summary>
    public BounceReason? LastBounceReason { get; init; }

    /// <summary>The diagnostic text of the most recent bounce.</summary>
    public string? LastBounceText { get; init; }

    /// <summary>Whether the subscriber ever opened or clicked.</summary>
    public bool HasEngagement { get; init; }

    /// <summary>The rule that put the subscriber where it is, with its numbers.</summary>
    public PolicyDecision Why { get; init; }

    /// <summary>Why the status is what it is, for example "held: 3 bounces over 19 days, rule MinimumSpan".</summary>
    public string Decision => Why.ToString();

    /// <summary>True exactly while the address is held (SFMC) or cleaned (Mailchimp): what the CRM flag shows.</summary>
    public bool IsSuppressed => Status is SubscriberStatus.Held or SubscriberStatus.Cleaned;
}
