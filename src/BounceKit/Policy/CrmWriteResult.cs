namespace BounceKit.Policy;

/// <summary>The outcome of writing one <see cref="CrmProjection"/>.</summary>
/// <param name="SubscriberKey">The record.</param>
/// <param name="Outcome">What happened.</param>
/// <param name="Message">Why, for <see cref="CrmWriteOutcome.Rejected"/>, <see cref="CrmWriteOutcome.Retryable"/> and
/// <see cref="CrmWriteOutcome.NotFound"/>: the CRM's status code and message (addresses masked).</param>
public sealed record CrmWriteResult(string SubscriberKey, CrmWriteOutcome Outcome, string? Message = null);
