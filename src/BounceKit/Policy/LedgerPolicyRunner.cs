using BounceKit.Diagnostics;
using BounceKit.Events;

namespace BounceKit.Policy;

/// <summary>Applies a policy incrementally on a ledger: store new events, then recompute and store the state of every
/// subscriber they touched, retrying on concurrent writes.</summary>
/// <param name="ledger">Where events and states live.</param>
/// <param name="policy">The policy.</param>
public sealed class LedgerPolicyRunner(IBounceLedger ledger, SuppressionPolicy policy)
{
    private const int MaxAttempts = 10;

    /// <summary>Appends <paramref name="events"/> and brings the touched subscribers' states up to date.</summary>
    /// <param name="events">New events (repeats of stored ones are ignored).</param>
    /// <param name="cancellationToken">Cancels the run; what was stored stays stored.</param>
    /// <returns>The updated states, with their status changes computed over all stored events, ordered by subscriber.</returns>
    /// <exception cref="InvalidOperationException">Some subscriber's state kept changing under concurrent writers.</exception>
    public async Task<IReadOnlyList<PolicyResult>> ApplyAsync(IReadOnlyCollection<DeliverabilityEvent> events, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        ArgumentNullException.ThrowIfNull(policy);
        AppendResult appended = await ledger.AppendAsync(events, cancellationToken).ConfigureAwait(false);
        if (BounceKitMetrics.LedgerEvents.Enabled)
        {
            BounceKitMetrics.LedgerEvents.Add(appended.Stored, new KeyValuePair<string, object?>("outcome", "stored"));
            BounceKitMetrics.LedgerEvents.Add(appended.Duplicates, new KeyValuePair<string, object?>("outcome", "duplicate"));
        }

        IReadOnlyCollection<string> pending = appended.Subscribers;
        var results = new Dictionary<string, PolicyResult>(StringComparer.Ordinal);

        // Read versions before events: a state computed from events read after its version was read is never stale
        // once its compare-and-set succeeds. Reads and writes go in batches: one state write per subscriber would
        // cost one durable commit each.
        for (int attempt = 0; attempt < MaxAttempts && pending.Count > 0; attempt++)
        {
            IReadOnlyDictionary<string, long> versions = await ledger.ReadVersionsAsync(pending, cancellationToken).ConfigureAwait(false);
            ILookup<string, DeliverabilityEvent> stored = await ledger.ReadEventsAsync(pending, cancellationToken).ConfigureAwait(false);
            var writes = new List<(SubscriberState, long)>(pending.Count);
            foreach (string subscriber in pending)
            {
                PolicyResult result = policy.Evaluate(subscriber, stored[subscriber]);
                results[subscriber] = result;
                writes.Add((result.State, versions[subscriber]));
            }

            pending = await ledger.TryWriteStatesAsync(writes, cancellationToken).ConfigureAwait(false);
        }

        if (pending.Count > 0)
        {
            throw new InvalidOperationException($"The state of {pending.Count} subscriber(s) changed under concurrent writers {MaxAttempts} times in a row; try again.");
        }

        return [.. results.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => r.Value)];
    }
}
