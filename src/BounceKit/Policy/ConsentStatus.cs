namespace BounceKit.Policy;

/// <summary>Whether the subscriber agreed to receive mail. A separate stream: bounces never change it.</summary>
public enum ConsentStatus
{
    /// <summary>No consent event seen.</summary>
    Unknown,

    /// <summary>Subscribed.</summary>
    Subscribed,

    /// <summary>Unsubscribed or complained.</summary>
    Unsubscribed,
}
