using BounceKit.Extensions.DependencyInjection;
using System.ComponentModel.DataAnnotations;

namespace BounceKit.SalesforceCrm;

/// <summary>How to reach one Salesforce org and which fields of Contact and Lead hold the bounce data.</summary>
/// <remarks>Bound from <c>BounceKit:SalesforceCrm</c> (or <c>BounceKit:SalesforceCrm:&lt;name&gt;</c> for a named
/// account) and validated when the host starts. The credentials are those of a connected app with the
/// client-credentials flow enabled and a run-as user (provider-facts 4.5). Field names are configurable because
/// <c>Hard_Bounce__c</c> and <c>Hard_Bounce_Date__c</c> are project conventions, not standard fields (provider-facts
/// 4.1, product rule 5).</remarks>
public sealed class SalesforceCrmOptions : IAdapterHttpSettings
{
    /// <summary>The org's My Domain login URL, for example <c>https://acme.my.salesforce.com</c>; the token is requested
    /// from <c>{LoginUrl}/services/oauth2/token</c>. Required unless the host registers an
    /// <see cref="ISalesforceTokenProvider"/>.</summary>
    public Uri? LoginUrl { get; set; }

    /// <summary>The connected app's consumer key. Required unless the host registers an
    /// <see cref="ISalesforceTokenProvider"/>.</summary>
    public string? ClientId { get; set; }

    /// <summary>The connected app's consumer secret. Required unless the host registers an
    /// <see cref="ISalesforceTokenProvider"/>; never logged nor repeated in a message.</summary>
    public string? ClientSecret { get; set; }

    /// <summary>The REST API version, <c>vNN.N</c> (default <c>v62.0</c>).</summary>
    public string ApiVersion { get; set; } = "v62.0";

    /// <summary>The sObject every subscriber key names (<c>Contact</c>, <c>Lead</c> or another object with the same
    /// fields); when empty (the default) the key's id prefix decides: <c>003</c> Contact, <c>00Q</c> Lead.</summary>
    public string? ObjectType { get; set; }

    /// <summary>The checkbox that is true while the subscriber is hard-bounced (default <c>Hard_Bounce__c</c>).</summary>
    [Required]
    public string HardBounceField { get; set; } = "Hard_Bounce__c";

    /// <summary>The date/time field of the most recent qualifying bounce, null when cleared (default
    /// <c>Hard_Bounce_Date__c</c>).</summary>
    [Required]
    public string HardBounceDateField { get; set; } = "Hard_Bounce_Date__c";

    /// <summary>A number field for the soft bounces of the current series; not written when empty (the default).</summary>
    public string? SoftBounceCountField { get; set; }

    /// <summary>Also write the standard <c>EmailBouncedReason</c> (cut to 255 characters) and <c>EmailBouncedDate</c>
    /// while hard-bounced, and clear them when the flag is cleared (default false: Salesforce's own bounce management
    /// may own them).</summary>
    public bool WriteStandardBounceFields { get; set; }

    /// <summary>The opt-out checkbox written from known consent only (Subscribed → false, Unsubscribed → true), never
    /// from a bounce (default <c>HasOptedOutOfEmail</c>); empty to never write consent.</summary>
    public string? OptOutField { get; set; } = "HasOptedOutOfEmail";

    /// <summary>Records per sObject Collections call, 1 to 200 (Salesforce's maximum and the default).</summary>
    [Range(1, 200)]
    public int BatchSize { get; set; } = 200;

    /// <summary>Requests in flight at once, 1 to 25 (default 4).</summary>
    [Range(1, 25)]
    public int MaxConcurrentRequests { get; set; } = 4;

    /// <summary>Time allowed for one attempt (default 60 seconds).</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Time allowed for one call including its retries (default 5 minutes).</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromMinutes(5);
}
