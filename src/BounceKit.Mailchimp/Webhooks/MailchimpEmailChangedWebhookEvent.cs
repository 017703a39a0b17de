using BounceKit.Mailchimp.Webhooks.Internal;

namespace BounceKit.Mailchimp.Webhooks;

/// <summary>An <c>upemail</c> webhook: a member's address changed.</summary>
/// <remarks>Maps to no deliverability event. BounceKit's subscriber key is the hash of the address, so the new address
/// is a new subscriber with a clean state, and the bounce history stays with the old address (<see cref="OldSubscriberKey"/>).
/// Source: provider-facts section 1.6.</remarks>
public sealed class MailchimpEmailChangedWebhookEvent : MailchimpWebhookEvent
{
    internal MailchimpEmailChangedWebhookEvent(WebhookEnvelope envelope, string oldEmail, string newEmail)
        : base(envelope)
    {
        OldEmail = oldEmail;
        NewEmail = newEmail;
        OldSubscriberKey = SubscriberHash.Compute(oldEmail);
        NewSubscriberKey = SubscriberHash.Compute(newEmail);
    }

    /// <summary>The previous address (<c>data[old_email]</c>). Personal data: do not log it.</summary>
    public string OldEmail { get; }

    /// <summary>The new address (<c>data[new_email]</c>). Personal data: do not log it.</summary>
    public string NewEmail { get; }

    /// <summary>The subscriber hash of <see cref="OldEmail"/>.</summary>
    public string OldSubscriberKey { get; }

    /// <summary>The subscriber hash of <see cref="NewEmail"/>.</summary>
    public string NewSubscriberKey { get; }

    /// <summary>Mailchimp's new member id (<c>data[new_id]</c>), if sent.</summary>
    public string? NewId => WebhookFields.Optional(Data, WebhookFields.NewId);

    private protected override string Details => $", old member {OldSubscriberKey}, new member {NewSubscriberKey}";
}
