namespace BounceKit.Policy;

/// <summary>A status change, with the event that caused it and why.</summary>
/// <param name="EventId">The event.</param>
/// <param name="At">When.</param>
/// <param name="From">The status before.</param>
/// <param name="To">The status after.</param>
/// <param name="Decision">Why.</param>
public sealed record StateTransition(string EventId, DateTimeOffset At, SubscriberStatus From, SubscriberStatus To, string Decision);
