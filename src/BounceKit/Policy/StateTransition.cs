namespace BounceKit.Policy;

/// <summary>A status change, with the event that caused it and why.</summary>
/// <param name="EventId">The event.</param>
/// <param name="At">When.</param>
/// <param name="From">The status before.</param>
/// <param name="To">The status after.</param>
/// <param name="Why">Why: the rule and its numbers.</param>
public sealed record StateTransition(string EventId, DateTimeOffset At, SubscriberStatus From, SubscriberStatus To, PolicyDecision Why)
{
    /// <summary>Why, in words, for example "held: 3 bounces over 19 days, rule MinimumSpan" (formatted when read, so
    /// folding builds no strings).</summary>
    public string Decision => Why.ToString();
}
