namespace BounceKit.Policy;

/// <summary>What happened to one record of a CRM write.</summary>
public enum CrmWriteOutcome
{
    /// <summary>The record now shows the projection.</summary>
    Written,

    /// <summary>The record already showed the projection; nothing was sent.</summary>
    Unchanged,

    /// <summary>The CRM has no such record; it was not created.</summary>
    NotFound,

    /// <summary>The CRM refused the record (validation, permissions, unknown field); retrying will not help.</summary>
    Rejected,

    /// <summary>The record was not written because of a temporary failure (throttling, lock, timeout); try again.</summary>
    Retryable,
}
