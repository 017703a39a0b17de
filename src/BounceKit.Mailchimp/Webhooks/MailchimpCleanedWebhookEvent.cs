using BounceKit.Events;
using BounceKit.Mailchimp.Webhooks.Internal;

namespace BounceKit.Mailchimp.Webhooks;

/// <summary>A <c>cleaned</c> webhook: Mailchimp removed a member from sending after a hard bounce or an abuse report.</summary>
/// <remarks>This is Mailchimp's only bounce signal: there is no soft-bounce webhook, and <c>hard</c> also covers soft
/// bounces that reached Mailchimp's threshold (7, or up to 15 with engagement). <see cref="Reason"/>
/// <see cref="MailchimpCleanedReason.Hard"/> maps to a hard <see cref="DeliverabilityEventKind.Bounce"/>,
/// <see cref="MailchimpCleanedReason.Abuse"/> to a <see cref="DeliverabilityEventKind.Complaint"/>, and a reason
/// Mailchimp has not documented to nothing. Source: provider-facts sections 1.4 and 1.6.</remarks>
public sealed class MailchimpCleanedWebhookEvent : MailchimpMemberWebhookEvent
{
    internal MailchimpCleanedWebhookEvent(WebhookEnvelope envelope, string email, MailchimpCleanedReason reason)
        : base(envelope, email)
    {
        Reason = reason;
    }

    /// <summary>Why the member was cleaned (<c>data[reason]</c>).</summary>
    public MailchimpCleanedReason Reason { get; }

    /// <summary>The campaign that bounced or was reported (<c>data[campaign_id]</c>), if sent.</summary>
    public string? CampaignId => WebhookFields.Optional(Data, WebhookFields.CampaignId);

    private protected override string MemberDetails => $", reason {Redact.Token(Reason.ToString())}, campaign {Redact.Token(CampaignId)}";

    private protected override IReadOnlyList<DeliverabilityEvent> Map()
    {
        if (Reason == MailchimpCleanedReason.Hard)
        {
            return [new DeliverabilityEvent(EventId(SubscriberKey), SubscriberKey, FiredAt, DeliverabilityEventKind.Bounce)
            {
                Email = Email,
                JobId = CampaignId,
                BounceType = GivenBounceType.Hard,
                RecipientDomain = RecipientDomain,
            }];
        }

        return Reason == MailchimpCleanedReason.Abuse
            ? [new DeliverabilityEvent(EventId(SubscriberKey), SubscriberKey, FiredAt, DeliverabilityEventKind.Complaint) { Email = Email, JobId = CampaignId }]
            : [];
    }
}
