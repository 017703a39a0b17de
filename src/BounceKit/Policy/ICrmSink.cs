namespace BounceKit.Policy;

/// <summary>Writes what the CRM should show (<see cref="CrmProjection"/>s) into a CRM: Salesforce CRM, Dynamics 365,
/// or anything else an adapter targets.</summary>
/// <remarks>
/// <para>The contract every sink keeps: one <see cref="CrmWriteResult"/> per projection, in the order given; one bad
/// record never fails the batch; nothing is dropped silently. A record the CRM does not have is
/// <see cref="CrmWriteOutcome.NotFound"/> and is never created. Bounce data and consent stay apart: a sink writes
/// opt-out fields only from <see cref="CrmProjection.Consent"/>, and only when it is known.</para>
/// <para>Transport failures that survive the sink's own retries are reported per record as
/// <see cref="CrmWriteOutcome.Retryable"/> so the caller can try those records again later; a failure that makes
/// further calls pointless (an exhausted daily API limit, rejected credentials) is thrown.</para>
/// </remarks>
public interface ICrmSink
{
    /// <summary>Writes a batch of projections.</summary>
    /// <param name="projections">What each record should show; the subscriber key names the CRM record.</param>
    /// <param name="cancellationToken">Cancels the write; records not yet written are reported as retryable.</param>
    /// <returns>One result per projection, in the same order.</returns>
    Task<IReadOnlyList<CrmWriteResult>> WriteAsync(IReadOnlyList<CrmProjection> projections, CancellationToken cancellationToken = default);
}
