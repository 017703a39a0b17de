using BounceKit.Events;
using BounceKit.Policy;

namespace BounceKit.MarketingCloud.Planning;

/// <summary>Compares SFMC's statuses with BounceKit's own SFMC policy replayed over the bounce rows.</summary>
/// <remarks>A disagreement is a question, not an error: the extracts carry bounces only, so an open that reset a
/// subscriber in SFMC is invisible here (SFMC active, BounceKit held), bounces older than the data views' six months
/// are missing, and Salesforce does not publish its trusted-domain list. Subscribers that are unsubscribed in SFMC,
/// and subscribers without bounces, are not compared.</remarks>
public static class SfmcReconciliation
{
    /// <summary>Lists the subscribers whose statuses disagree, ordered by key.</summary>
    /// <param name="bounces">The bounce rows.</param>
    /// <param name="subscribers">The subscriber rows.</param>
    /// <param name="policy">The policy to replay; <see cref="SfmcPolicy"/> with default settings when null.</param>
    /// <returns>The disagreements.</returns>
    public static IReadOnlyList<SfmcReconciliationRow> Compare(IEnumerable<SfmcBounceRecord> bounces, IEnumerable<SfmcSubscriberRecord> subscribers, SfmcPolicy? policy = null)
    {
        ArgumentNullException.ThrowIfNull(bounces);
        ArgumentNullException.ThrowIfNull(subscribers);
        policy ??= new SfmcPolicy();
        var bySubscriber = new Dictionary<string, List<DeliverabilityEvent>>(StringComparer.Ordinal);
        foreach (SfmcBounceRecord b in bounces)
        {
            if (!bySubscriber.TryGetValue(b.SubscriberKey, out List<DeliverabilityEvent>? list))
            {
                bySubscriber[b.SubscriberKey] = list = [];
            }

            list.Add(SfmcBounceEvents.ToEvent(b));
        }

        var rows = new List<SfmcReconciliationRow>();
        foreach (SfmcSubscriberRecord s in subscribers)
        {
            if (!bySubscriber.TryGetValue(s.SubscriberKey, out List<DeliverabilityEvent>? events) || s.Status.Equals("unsubscribed", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            SubscriberState state = policy.Evaluate(s.SubscriberKey, events).State;
            if (!string.Equals(state.Status.ToName(), s.Status.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                rows.Add(new SfmcReconciliationRow(s.SubscriberKey, s.Status, state.Status, state.Decision));
            }
        }

        rows.Sort((a, b) => string.CompareOrdinal(a.SubscriberKey, b.SubscriberKey));
        return rows;
    }
}
