using BounceKit.Policy;

namespace BounceKit.MarketingCloud.Planning;

/// <summary>A subscriber whose SFMC status and BounceKit's replay of its bounces disagree.</summary>
/// <param name="SubscriberKey">The subscriber.</param>
/// <param name="SfmcStatus">SFMC's status (<c>_Subscribers.Status</c>).</param>
/// <param name="BounceKitStatus">The status BounceKit's SFMC policy computes from the bounce rows.</param>
/// <param name="Decision">BounceKit's reason, for example "bounced: 2 of 3 bounces, 9 days since the first".</param>
public sealed record SfmcReconciliationRow(string SubscriberKey, string SfmcStatus, SubscriberStatus BounceKitStatus, string Decision);
