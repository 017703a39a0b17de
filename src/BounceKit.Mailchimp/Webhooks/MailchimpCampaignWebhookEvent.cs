using BounceKit.Mailchimp.Webhooks.Internal;

namespace BounceKit.Mailchimp.Webhooks;

/// <summary>A <c>campaign</c> webhook: a campaign was sent or cancelled.</summary>
/// <remarks>About a campaign, not a member: it maps to no deliverability event. Source: provider-facts section 1.6.</remarks>
public sealed class MailchimpCampaignWebhookEvent : MailchimpWebhookEvent
{
    internal MailchimpCampaignWebhookEvent(WebhookEnvelope envelope, string campaignId)
        : base(envelope)
    {
        CampaignId = campaignId;
        Status = WebhookFields.Optional(Data, WebhookFields.Status) is { } status ? new MailchimpCampaignStatus(status) : null;
    }

    /// <summary>The campaign id (<c>data[id]</c>).</summary>
    public string CampaignId { get; }

    /// <summary>The subject line (<c>data[subject]</c>), if sent. Free text: <see cref="MailchimpWebhookEvent.ToString"/> leaves it out.</summary>
    public string? Subject => WebhookFields.Optional(Data, WebhookFields.Subject);

    /// <summary>Whether it was sent or cancelled (<c>data[status]</c>), if sent.</summary>
    public MailchimpCampaignStatus? Status { get; }

    /// <summary>The reason Mailchimp gives (<c>data[reason]</c>), if any.</summary>
    public string? Reason => WebhookFields.Optional(Data, WebhookFields.Reason);

    private protected override string Details => $", campaign {Redact.Token(CampaignId)}, status {Redact.Token(Status?.ToString())}";
}
