using BounceKit.Diagnostics;

namespace BounceKit.Mailchimp;

/// <summary>One member's activity on one campaign (<c>GET /reports/{campaign_id}/email-activity</c>).</summary>
public sealed class MailchimpEmailActivity
{
    /// <summary>The campaign.</summary>
    public required string CampaignId { get; init; }

    /// <summary>The audience.</summary>
    public required string ListId { get; init; }

    /// <summary>The member id (subscriber hash).</summary>
    public required string EmailId { get; init; }

    /// <summary>The address.</summary>
    public required string EmailAddress { get; init; }

    /// <summary>Opens, clicks and bounces, oldest first as Mailchimp lists them.</summary>
    public required IReadOnlyList<MailchimpActivity> Activity { get; init; }

    /// <summary>The campaign, member id and number of activities, with the address masked.</summary>
    /// <returns>A short description.</returns>
    public override string ToString() => $"{CampaignId} {EmailId} {PersonalData.MaskEmail(EmailAddress)} ({Activity.Count} activities)";
}
