using BounceKit.Extensions.DependencyInjection;
namespace BounceKit.Dynamics;

/// <summary>How to reach one Dataverse environment and which columns to write.</summary>
/// <remarks>Bound from <c>BounceKit:Dynamics</c> (or <c>BounceKit:Dynamics:&lt;name&gt;</c> for a named account) and
/// validated when the host starts. Authentication is server-to-server as an application user (provider-facts 3.5).
/// Bounce data goes to the custom columns named here; consent goes only to <c>donotbulkemail</c> and
/// <c>donotsendmm</c>, and only when a projection's consent is known (product rule 4).</remarks>
public sealed class DynamicsOptions : IAdapterHttpSettings
{
    /// <summary>The environment's address, for example <c>https://contoso.crm.dynamics.com/</c>. Required.</summary>
    public Uri? OrganizationUrl { get; set; }

    /// <summary>How the token is obtained (default <see cref="DynamicsAuthentication.ClientSecret"/>).</summary>
    public DynamicsAuthentication Authentication { get; set; } = DynamicsAuthentication.ClientSecret;

    /// <summary>The Microsoft Entra tenant id (a GUID) or a verified domain. Required for client credentials.</summary>
    public string? TenantId { get; set; }

    /// <summary>The app registration's application (client) id. Required for client credentials.</summary>
    public string? ClientId { get; set; }

    /// <summary>The app registration's client secret. Required for client credentials; never logged nor repeated in a
    /// message.</summary>
    public string? ClientSecret { get; set; }

    /// <summary>The token endpoint; by default
    /// <c>https://login.microsoftonline.com/{TenantId}/oauth2/v2.0/token</c> (another cloud, a proxy, a test server).</summary>
    public Uri? TokenUrl { get; set; }

    /// <summary>The scope asked for; by default <c>https://{OrganizationUrl host}/.default</c>.</summary>
    public string? Scope { get; set; }

    /// <summary>The table a bare GUID subscriber key names (default <see cref="DynamicsEntity.Contact"/>). A key
    /// <c>lead:{guid}</c> or <c>contact:{guid}</c> names its table itself.</summary>
    public DynamicsEntity DefaultEntity { get; set; } = DynamicsEntity.Contact;

    /// <summary>The Boolean column set true while the subscriber is hard-bounced (default <c>new_hardbounce</c>). Required.</summary>
    public string HardBounceField { get; set; } = "new_hardbounce";

    /// <summary>The Date and Time column for the most recent qualifying bounce, null while not hard-bounced (default
    /// <c>new_hardbouncedate</c>). Required.</summary>
    public string HardBounceDateField { get; set; } = "new_hardbouncedate";

    /// <summary>A Whole Number column for the soft bounces in the current series; not written when null (default).</summary>
    public string? SoftBounceCountField { get; set; }

    /// <summary>A Date and Time column for the most recent bounce of any kind; not written when null (default).</summary>
    public string? LastBounceDateField { get; set; }

    /// <summary>A text column for the most recent bounce's reason; not written when null (default).</summary>
    public string? LastBounceReasonField { get; set; }

    /// <summary>The reason text is cut to this length, 1 to 4000 (default 500, the column length the docs suggest).</summary>
    public int LastBounceReasonMaxLength { get; set; } = 500;

    /// <summary>Whether known consent is written to <c>donotbulkemail</c> and <c>donotsendmm</c> (default true).
    /// Unknown consent is never written.</summary>
    public bool WriteConsent { get; set; } = true;

    /// <summary>Optional <c>campaignresponse</c> records for hard bounces and unsubscribes, created after the record's
    /// update succeeded; off unless <see cref="DynamicsCampaignResponseOptions.Enabled"/> (bound from
    /// <c>BounceKit:Dynamics:CampaignResponses</c>).</summary>
    public DynamicsCampaignResponseOptions CampaignResponses { get; set; } = new();

    /// <summary>Requests per <c>$batch</c> call, 1 to 1000 (Dataverse's maximum; default 100): record updates, and
    /// separately the campaign responses that follow them. With 1 every request is a single <c>PATCH</c>.</summary>
    public int BatchSize { get; set; } = 100;

    /// <summary>Calls in flight at once, 1 to 52 (Dataverse's concurrent-request limit per user; default 4).</summary>
    public int MaxConcurrentRequests { get; set; } = 4;

    /// <summary>Time allowed for one attempt (default 60 seconds; a batch of 1000 takes a while).</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Time allowed for one call including its retries (default 5 minutes).</summary>
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromMinutes(5);
}
