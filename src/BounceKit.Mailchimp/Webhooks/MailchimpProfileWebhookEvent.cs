using BounceKit.Mailchimp.Webhooks.Internal;

namespace BounceKit.Mailchimp.Webhooks;

/// <summary>A <c>profile</c> webhook: a member's merge fields or preferences changed.</summary>
/// <remarks>Not a deliverability fact: it maps to no event. Source: provider-facts section 1.6.</remarks>
public sealed class MailchimpProfileWebhookEvent : MailchimpMemberWebhookEvent
{
    internal MailchimpProfileWebhookEvent(WebhookEnvelope envelope, string email)
        : base(envelope, email)
    {
        Merges = WebhookFields.Merges(envelope.Data);
    }

    /// <summary>Mailchimp's own member id (<c>data[id]</c>), if sent.</summary>
    public string? MemberId => WebhookFields.Optional(Data, WebhookFields.Id);

    /// <summary>The preferred format (<c>data[email_type]</c>), if sent.</summary>
    public string? EmailType => WebhookFields.Optional(Data, WebhookFields.EmailType);

    /// <summary>The IP address the opt-in was confirmed from (<c>data[ip_opt]</c>), if sent.</summary>
    public string? IpOpt => WebhookFields.Optional(Data, WebhookFields.IpOpt);

    /// <summary>The merge fields (<c>data[merges][...]</c>), keyed by tag ignoring case; nested keys are written
    /// <c>GROUPINGS[0][name]</c>.</summary>
    public IReadOnlyDictionary<string, string> Merges { get; }
}
