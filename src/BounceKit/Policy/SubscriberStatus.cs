namespace BounceKit.Policy;

/// <summary>A subscriber's deliverability status under a suppression policy. SFMC uses Active, Bounced and Held;
/// Mailchimp uses Subscribed, Cleaned and Unsubscribed.</summary>
public enum SubscriberStatus
{
    /// <summary>SFMC: mail is sent normally.</summary>
    Active,

    /// <summary>SFMC: bounced at least once; SFMC keeps sending until Held.</summary>
    Bounced,

    /// <summary>SFMC: undeliverable; suppressed from every send. What a CRM's hard-bounce flag reflects.</summary>
    Held,

    /// <summary>Mailchimp: subscribed.</summary>
    Subscribed,

    /// <summary>Mailchimp: cleaned after a hard bounce or too many soft bounces; never re-subscribed automatically.</summary>
    Cleaned,

    /// <summary>Mailchimp: unsubscribed.</summary>
    Unsubscribed,
}
