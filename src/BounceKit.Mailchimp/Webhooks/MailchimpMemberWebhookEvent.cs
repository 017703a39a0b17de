using BounceKit.Events;
using BounceKit.Mailchimp.Webhooks.Internal;

namespace BounceKit.Mailchimp.Webhooks;

/// <summary>A webhook about one audience member, named by <c>data[email]</c>: <c>subscribe</c>, <c>unsubscribe</c>,
/// <c>profile</c> and <c>cleaned</c>.</summary>
/// <remarks><see cref="MailchimpWebhookEvent.ToString"/> shows <see cref="SubscriberKey"/>, never <see cref="Email"/>.</remarks>
public abstract class MailchimpMemberWebhookEvent : MailchimpWebhookEvent
{
    private protected MailchimpMemberWebhookEvent(WebhookEnvelope envelope, string email)
        : base(envelope)
    {
        Email = email;
        SubscriberKey = SubscriberHash.Compute(email);
    }

    /// <summary>The member's address (<c>data[email]</c>). Personal data: do not log it.</summary>
    public string Email { get; }

    /// <summary>The member id BounceKit uses as the subscriber key: <see cref="SubscriberHash.Compute"/> of
    /// <see cref="Email"/>, not <c>data[id]</c>.</summary>
    public string SubscriberKey { get; }

    /// <summary>The domain of <see cref="Email"/> in lower case, or <see langword="null"/> when the address has none.</summary>
    public string? RecipientDomain => DeliverabilityEvent.DomainOf(Email);

    private protected override string Details => ", member " + SubscriberKey + MemberDetails;

    /// <summary>What the subclass adds after the member, starting with ", ".</summary>
    private protected virtual string MemberDetails => string.Empty;
}
