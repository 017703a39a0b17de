using BounceKit.Events;
using BounceKit.Mailchimp.Webhooks.Internal;

namespace BounceKit.Mailchimp.Webhooks;

/// <summary>A <c>subscribe</c> webhook: a member joined the audience.</summary>
/// <remarks>Maps to one <see cref="DeliverabilityEventKind.Subscribe"/> event. Source: provider-facts section 1.6.</remarks>
public sealed class MailchimpSubscribeWebhookEvent : MailchimpMemberWebhookEvent
{
    internal MailchimpSubscribeWebhookEvent(WebhookEnvelope envelope, string email)
        : base(envelope, email)
    {
        Merges = WebhookFields.Merges(envelope.Data);
    }

    /// <summary>Mailchimp's own member id (<c>data[id]</c>), if sent; BounceKit keys members by
    /// <see cref="MailchimpMemberWebhookEvent.SubscriberKey"/> instead.</summary>
    public string? MemberId => WebhookFields.Optional(Data, WebhookFields.Id);

    /// <summary>The preferred format (<c>data[email_type]</c>, <c>html</c> or <c>text</c>), if sent.</summary>
    public string? EmailType => WebhookFields.Optional(Data, WebhookFields.EmailType);

    /// <summary>The IP address the opt-in was confirmed from (<c>data[ip_opt]</c>), if sent.</summary>
    public string? IpOpt => WebhookFields.Optional(Data, WebhookFields.IpOpt);

    /// <summary>The IP address of the sign-up form (<c>data[ip_signup]</c>), if sent.</summary>
    public string? IpSignup => WebhookFields.Optional(Data, WebhookFields.IpSignup);

    /// <summary>The merge fields (<c>data[merges][...]</c>), keyed by tag ignoring case; nested keys are written
    /// <c>GROUPINGS[0][name]</c>.</summary>
    public IReadOnlyDictionary<string, string> Merges { get; }

    private protected override IReadOnlyList<DeliverabilityEvent> Map() =>
        [new DeliverabilityEvent(EventId(SubscriberKey), SubscriberKey, FiredAt, DeliverabilityEventKind.Subscribe) { Email = Email }];
}
