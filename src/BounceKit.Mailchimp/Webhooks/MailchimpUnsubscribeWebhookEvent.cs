using BounceKit.Events;
using BounceKit.Mailchimp.Webhooks.Internal;

namespace BounceKit.Mailchimp.Webhooks;

/// <summary>An <c>unsubscribe</c> webhook: a member unsubscribed or was deleted.</summary>
/// <remarks>Maps to an <see cref="DeliverabilityEventKind.Unsubscribe"/> event and, when <see cref="Reason"/> is
/// <see cref="MailchimpUnsubscribeReason.Abuse"/>, a <see cref="DeliverabilityEventKind.Complaint"/> as well.
/// Source: provider-facts section 1.6.</remarks>
public sealed class MailchimpUnsubscribeWebhookEvent : MailchimpMemberWebhookEvent
{
    internal MailchimpUnsubscribeWebhookEvent(WebhookEnvelope envelope, string email)
        : base(envelope, email)
    {
        Merges = WebhookFields.Merges(envelope.Data);
        Action = WebhookFields.Optional(Data, WebhookFields.Action) is { } action ? new MailchimpUnsubscribeAction(action) : null;
        Reason = WebhookFields.Optional(Data, WebhookFields.Reason) is { } reason ? new MailchimpUnsubscribeReason(reason) : null;
    }

    /// <summary>Mailchimp's own member id (<c>data[id]</c>), if sent.</summary>
    public string? MemberId => WebhookFields.Optional(Data, WebhookFields.Id);

    /// <summary>Whether the member was unsubscribed or deleted (<c>data[action]</c>), if sent.</summary>
    public MailchimpUnsubscribeAction? Action { get; }

    /// <summary>Why (<c>data[reason]</c>: <c>manual</c> or <c>abuse</c>), if sent.</summary>
    public MailchimpUnsubscribeReason? Reason { get; }

    /// <summary>The campaign the member unsubscribed from (<c>data[campaign_id]</c>), if any.</summary>
    public string? CampaignId => WebhookFields.Optional(Data, WebhookFields.CampaignId);

    /// <summary>The merge fields (<c>data[merges][...]</c>), keyed by tag ignoring case.</summary>
    public IReadOnlyDictionary<string, string> Merges { get; }

    private protected override string MemberDetails =>
        $", action {Redact.Token(Action?.ToString())}, reason {Redact.Token(Reason?.ToString())}, campaign {Redact.Token(CampaignId)}";

    private protected override IReadOnlyList<DeliverabilityEvent> Map()
    {
        var unsubscribe = new DeliverabilityEvent(EventId(SubscriberKey), SubscriberKey, FiredAt, DeliverabilityEventKind.Unsubscribe)
        {
            Email = Email,
            JobId = CampaignId,
        };
        return Reason == MailchimpUnsubscribeReason.Abuse
            ? [unsubscribe, new DeliverabilityEvent(EventId(SubscriberKey, ":complaint"), SubscriberKey, FiredAt, DeliverabilityEventKind.Complaint) { Email = Email, JobId = CampaignId }]
            : [unsubscribe];
    }
}
