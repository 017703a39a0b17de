namespace BounceKit.Policy;

/// <summary>The outcome of writing one <see cref="CrmProjection"/>.</summary>
/// <param name="SubscriberKey">The record.</param>
/// <param name="Outcome">What happened.</param>
/// <param name="Message">Why, for <see cref="CrmWriteOutcome.Rejected"/>, <see cref="CrmWriteOutcome.Retryable"/> and
/// <see cref="CrmWriteOutcome.NotFound"/>: the CRM's status code and message (addresses masked). On a
/// <see cref="CrmWriteOutcome.Written"/> record, a side write of the sink's that failed (for example a Dynamics
/// campaign response that was not created); null when there is nothing to add.</param>
public sealed record CrmWriteResult(string SubscriberKey, CrmWriteOutcome Outcome, string? Message = null);
