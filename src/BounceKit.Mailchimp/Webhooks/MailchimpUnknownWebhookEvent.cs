using BounceKit.Mailchimp.Webhooks.Internal;

namespace BounceKit.Mailchimp.Webhooks;

/// <summary>A webhook whose <c>type</c> BounceKit does not know, such as the beta SMS types (<c>smsSubscribe</c>,
/// <c>smsUnsubscribe</c>, <c>upsms</c>, <c>smsCampaign</c>) or a type Mailchimp adds later.</summary>
/// <remarks>Not an error, so a new Mailchimp type never fails a delivery (which Mailchimp would retry and may end by
/// disabling the webhook). Only <c>type</c> and <c>fired_at</c> are required; the fields are in
/// <see cref="MailchimpWebhookEvent.Data"/>. Maps to no deliverability event.</remarks>
public sealed class MailchimpUnknownWebhookEvent : MailchimpWebhookEvent
{
    internal MailchimpUnknownWebhookEvent(WebhookEnvelope envelope)
        : base(envelope)
    {
    }

    private protected override string Details => $", {Data.Count} data fields";
}
