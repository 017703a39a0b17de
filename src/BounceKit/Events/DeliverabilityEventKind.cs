namespace BounceKit.Events;

/// <summary>What happened to a subscriber.</summary>
public enum DeliverabilityEventKind
{
    /// <summary>A message was sent.</summary>
    Sent,

    /// <summary>A message was delivered.</summary>
    Delivered,

    /// <summary>A message bounced.</summary>
    Bounce,

    /// <summary>The subscriber opened a message: engagement.</summary>
    Open,

    /// <summary>The subscriber clicked a link: engagement.</summary>
    Click,

    /// <summary>The subscriber unsubscribed: a consent change, never a bounce.</summary>
    Unsubscribe,

    /// <summary>The subscriber subscribed: a consent change.</summary>
    Subscribe,

    /// <summary>The subscriber reported a message as spam: treated as withdrawing consent.</summary>
    Complaint,
}
