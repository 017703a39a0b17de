namespace BounceKit.MarketingCloud.Planning;

/// <summary>One row of the CRM write-back plan: one subscriber, one action.</summary>
public sealed record SfmcPlanRow
{
    /// <summary>The subscriber key (the CRM record id).</summary>
    public required string SubscriberKey { get; init; }

    /// <summary>The CRM object, from the key's prefix.</summary>
    public required SalesforceObject CrmObject { get; init; }

    /// <summary>Flag or clear.</summary>
    public required SfmcPlanAction Action { get; init; }

    /// <summary>For <see cref="SfmcPlanAction.Flag"/>: the most recent bounce in the window.</summary>
    public DateTimeOffset? HardBounceDate { get; init; }

    /// <summary>For <see cref="SfmcPlanAction.Flag"/>: that bounce's diagnostic, truncated to the target field's length.</summary>
    public string? Reason { get; init; }

    /// <summary>For <see cref="SfmcPlanAction.Flag"/>: that bounce's SFMC category.</summary>
    public string? BounceCategory { get; init; }

    /// <summary>For <see cref="SfmcPlanAction.Flag"/>: that bounce's SMTP code.</summary>
    public int? SmtpCode { get; init; }

    /// <summary>The address from <c>_Subscribers</c>, when known.</summary>
    public string? Email { get; init; }
}
