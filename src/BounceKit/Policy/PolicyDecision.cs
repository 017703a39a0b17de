using System.Globalization;

namespace BounceKit.Policy;

/// <summary>Which rule put a subscriber where it is.</summary>
public enum PolicyRule
{
    /// <summary>No bounce yet.</summary>
    NoBounce,

    /// <summary>SFMC: bounced, threshold not reached.</summary>
    BelowThreshold,

    /// <summary>SFMC: a hard bounce from a trusted ISP.</summary>
    TrustedIspHardBounce,

    /// <summary>SFMC: Count bounces with the first and latest at least Days apart.</summary>
    MinimumSpan,

    /// <summary>SFMC: Count bounces within Days.</summary>
    SlidingWindow,

    /// <summary>An open or click after bounces ended the series.</summary>
    EngagementReset,

    /// <summary>Mailchimp: soft bounces below the cleaning limit.</summary>
    BelowSoftLimit,

    /// <summary>Mailchimp: a hard bounce cleaned the contact.</summary>
    HardBounceCleans,

    /// <summary>Mailchimp: the soft-bounce limit cleaned the contact.</summary>
    SoftLimitCleans,

    /// <summary>The contact unsubscribed or complained.</summary>
    ConsentWithdrawn,

    /// <summary>The contact subscribed again.</summary>
    Resubscribed,

    /// <summary>A cleaned contact stays cleaned.</summary>
    CleanedStaysCleaned,

    /// <summary>SFMC: a hard bounce held at once because <see cref="SfmcPolicyOptions.OtherHardBounceAction"/> is Suppress.</summary>
    HardBounceHolds,

    /// <summary>Mailchimp: a hard bounce noted without cleaning because the hard-bounce action is Count.</summary>
    HardBounceNoted,
}

/// <summary>Why a subscriber is where it is: the rule and its numbers. Formatted only when read, so folding many
/// events builds no strings.</summary>
/// <param name="Rule">The rule.</param>
/// <param name="Count">Bounces counted.</param>
/// <param name="Limit">The threshold or limit.</param>
/// <param name="Days">Days spanned.</param>
/// <param name="Detail">Extra text: the trusted domain, or the event kind.</param>
/// <param name="Engaged">Mailchimp: whether the contact has engagement history.</param>
public readonly record struct PolicyDecision(PolicyRule Rule, int Count = 0, int Limit = 0, int Days = 0, string? Detail = null, bool Engaged = false)
{
    /// <summary>The decision in words, for example "held: 3 bounces over 19 days, rule MinimumSpan".</summary>
    /// <returns>The text.</returns>
    public override string ToString() => Rule switch
    {
        PolicyRule.NoBounce => "no bounce",
        PolicyRule.BelowThreshold => Invariant($"bounced: {Count} of {Limit} bounces, {Days} days since the first"),
        PolicyRule.TrustedIspHardBounce => $"held: hard bounce from trusted ISP {Detail}",
        PolicyRule.MinimumSpan => Invariant($"held: {Count} bounces over {Days} days, rule MinimumSpan"),
        PolicyRule.SlidingWindow => Invariant($"held: {Count} bounces within {Days} days, rule SlidingWindow"),
        PolicyRule.EngagementReset => $"active: {Detail} after bounces resets the series",
        PolicyRule.BelowSoftLimit => Invariant($"subscribed: {Count} of {Limit} soft bounces"),
        PolicyRule.HardBounceCleans => "cleaned: hard bounce",
        PolicyRule.SoftLimitCleans => Invariant($"cleaned: {Count} soft bounces, limit {Limit} ({(Engaged ? "with" : "without")} engagement history)"),
        PolicyRule.ConsentWithdrawn => $"unsubscribed: {Detail}",
        PolicyRule.Resubscribed => "subscribed: the contact subscribed again",
        PolicyRule.HardBounceHolds => $"held: hard bounce from {Detail}, OtherHardBounceAction Suppress",
        PolicyRule.HardBounceNoted => $"subscribed: hard bounce noted, not cleaned ({Detail} Count)",
        _ => "cleaned: a cleaned contact is never re-subscribed automatically",
    };

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
