using BounceKit.Extensions.DependencyInjection;
using System.ComponentModel.DataAnnotations;

namespace BounceKit.MarketingCloud;

/// <summary>How to reach one Marketing Cloud tenant (business unit) over REST.</summary>
/// <remarks>Bound from <c>BounceKit:MarketingCloud</c> (or <c>BounceKit:MarketingCloud:&lt;name&gt;</c> for a named
/// account) and validated when the host starts. The credentials are those of a server-to-server API integration in an
/// installed package (provider-facts 2.5).</remarks>
public sealed class MarketingCloudOptions : IAdapterHttpSettings
{
    /// <summary>The tenant-specific subdomain, the <c>{subdomain}</c> of
    /// <c>https://{subdomain}.auth.marketingcloudapis.com</c> (for example <c>mc563885gzs27c5t9-63k636ttgm</c>). Required.</summary>
    [Required]
    public string Subdomain { get; set; } = string.Empty;

    /// <summary>The installed package's client id. Required.</summary>
    [Required]
    public string ClientId { get; set; } = string.Empty;

    /// <summary>The installed package's client secret. Required; never logged nor repeated in a message.</summary>
    [Required]
    public string ClientSecret { get; set; } = string.Empty;

    /// <summary>The MID of the business unit to act in; the package's own business unit when empty.</summary>
    public string? AccountId { get; set; }

    /// <summary>Another address for the authentication server (a proxy, a test server); by default
    /// <c>https://{subdomain}.auth.marketingcloudapis.com/</c> from <see cref="Subdomain"/>. REST calls always go to
    /// the <c>rest_instance_url</c> the token response names.</summary>
    public Uri? AuthBaseAddress { get; set; }

    /// <summary>The external key of the staging data extension of bounces that <c>sfmc pull</c> reads; optional.</summary>
    public string? BouncesDataExtensionKey { get; set; }

    /// <summary>The external key of the staging data extension of subscribers that <c>sfmc pull</c> reads; optional.</summary>
    public string? SubscribersDataExtensionKey { get; set; }

    /// <summary>Rows per page when reading a data extension, 1 to 2500 (Marketing Cloud's maximum and the default).</summary>
    [Range(1, 2500)]
    public int PageSize { get; set; } = 2500;

    /// <summary>Requests in flight at once, 1 to 50 (default 10); the rest wait in a queue.</summary>
    [Range(1, 50)]
    public int MaxConcurrentRequests { get; set; } = 10;

    /// <summary>Time allowed for one attempt (default 30 seconds).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Time allowed for one call including its retries (default 3 minutes).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromMinutes(3);
}
