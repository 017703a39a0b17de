namespace BounceKit.Policy;

/// <summary>Lower-case names of policy values, as the CLI and reports write them.</summary>
public static class PolicyNames
{
    /// <summary>The name of a status: <c>active</c>, <c>bounced</c>, <c>held</c>, <c>subscribed</c>, <c>cleaned</c>, <c>unsubscribed</c>.</summary>
    /// <param name="status">The status.</param>
    /// <returns>The name.</returns>
    public static string ToName(this SubscriberStatus status) => status switch
    {
        SubscriberStatus.Active => "active",
        SubscriberStatus.Bounced => "bounced",
        SubscriberStatus.Held => "held",
        SubscriberStatus.Subscribed => "subscribed",
        SubscriberStatus.Cleaned => "cleaned",
        _ => "unsubscribed",
    };

    /// <summary>The name of a consent status: <c>unknown</c>, <c>subscribed</c>, <c>unsubscribed</c>.</summary>
    /// <param name="consent">The consent status.</param>
    /// <returns>The name.</returns>
    public static string ToName(this ConsentStatus consent) => consent switch
    {
        ConsentStatus.Subscribed => "subscribed",
        ConsentStatus.Unsubscribed => "unsubscribed",
        _ => "unknown",
    };
}
