using BounceKit.Extensions.DependencyInjection;
using System.ComponentModel.DataAnnotations;

namespace BounceKit.Mailchimp;

/// <summary>How to reach one Mailchimp account.</summary>
/// <remarks>Bound from <c>BounceKit:Mailchimp</c> (or <c>BounceKit:Mailchimp:&lt;name&gt;</c> for a named account)
/// and validated when the host starts.</remarks>
public sealed class MailchimpOptions : IAdapterHttpSettings
{
    /// <summary>The Marketing API key, ending in its data center (<c>…-us14</c>). Required.</summary>
    [Required]
    public string ApiKey { get; set; } = string.Empty;

    /// <summary>Another base address for the API (a proxy, a test server); by default
    /// <c>https://&lt;dc&gt;.api.mailchimp.com/3.0/</c> from <see cref="ApiKey"/>.</summary>
    public Uri? BaseAddress { get; set; }

    /// <summary>The audience (list) read when a call names none; optional.</summary>
    public string? ListId { get; set; }

    /// <summary>Requests in flight at once, 1 to 10 (default 10): Mailchimp allows each key 10 simultaneous
    /// connections and answers 429 beyond that.</summary>
    [Range(1, 10)]
    public int MaxConcurrentRequests { get; set; } = 10;

    /// <summary>Items per page when listing, 1 to 1000 (Mailchimp's maximum; default 500).</summary>
    [Range(1, 1000)]
    public int PageSize { get; set; } = 500;

    /// <summary>Time allowed for one attempt (default 30 seconds; Mailchimp itself gives up after 120).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:02:00")]
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Time allowed for one call including its retries (default 3 minutes).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromMinutes(3);

    /// <summary>How far back the event source reads campaigns whose activity may still change (opens and bounces
    /// keep arriving after a send; default 30 days).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "365.00:00:00")]
    public TimeSpan CampaignLookback { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Where the event source starts on its first run (default 30 days before now).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "3650.00:00:00")]
    public TimeSpan InitialLookback { get; set; } = TimeSpan.FromDays(30);

    /// <summary>How much each run re-reads before its checkpoint, for reports that arrive late (default 1 hour);
    /// repeats are harmless because event ids are stable.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "7.00:00:00")]
    public TimeSpan Overlap { get; set; } = TimeSpan.FromHours(1);
}
