using BounceKit.Diagnostics;
using BounceKit.Events;

namespace BounceKit.Policy;

/// <summary>Applies a policy incrementally on a ledger: store new events, then recompute and store the state of every
/// subscriber they touched, retrying on concurrent writes.</summary>
/// <param name="ledger">Where events and states live.</param>
/// <param name="policy">The policy.</param>
/// <param name="observer">Hears appends, conflicts and stored states (the DI package logs through it); none by default.</param>
public sealed class LedgerPolicyRunner(IBounceLedger ledger, SuppressionPolicy policy, PolicyRunObserver? observer = null)
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
        AppendResult appended = await AppendAsync(events, cancellationToken).ConfigureAwait(false);
        return await SettleAsync(appended.Subscribers, appended.StoredIds ?? events.Select(e => e.Id).ToHashSet(StringComparer.Ordinal), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stores events without settling their subscribers, counting them in the metrics and telling the observer.</summary>
    internal async Task<AppendResult> AppendAsync(IReadOnlyCollection<DeliverabilityEvent> events, CancellationToken cancellationToken)
    {
        AppendResult appended = await ledger.AppendAsync(events, cancellationToken).ConfigureAwait(false);
        if (BounceKitMetrics.LedgerEvents.Enabled)
        {
            BounceKitMetrics.LedgerEvents.Add(appended.Stored, new KeyValuePair<string, object?>("outcome", "stored"));
            BounceKitMetrics.LedgerEvents.Add(appended.Duplicates, new KeyValuePair<string, object?>("outcome", "duplicate"));
        }

        observer?.OnAppended(appended);
        return appended;
    }

    /// <summary>Recomputes the states of <paramref name="subscribers"/> from all their stored events and stores them,
    /// retrying on concurrent writes.</summary>
    /// <param name="subscribers">The subscribers to bring up to date.</param>
    /// <param name="newEventIds">Events this run stored: the observer hears only the status changes they caused.
    /// Null when unknown (for example when a sync settles subscribers an earlier, interrupted run stored events for);
    /// the observer then hears no status changes.</param>
    /// <param name="cancellationToken">Cancels the run; states already stored stay stored.</param>
    /// <returns>The updated states with their status changes computed over all stored events, ordered by subscriber.
    /// Subscribers without stored events get no state and are left out.</returns>
    /// <exception cref="InvalidOperationException">Some subscriber's state kept changing under concurrent writers.</exception>
    /// <remarks>Use it to repair states after a crash between an append and its state writes: the events are stored,
    /// so appending them again touches nobody, but settling their subscribers brings the states up to date.</remarks>
    public async Task<IReadOnlyList<PolicyResult>> SettleAsync(IReadOnlyCollection<string> subscribers, IReadOnlySet<string>? newEventIds = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(subscribers);
        IReadOnlyCollection<string> pending = subscribers;
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
                if (!stored.Contains(subscriber))
                {
                    continue; // no events, no state
                }

                PolicyResult result = policy.Evaluate(subscriber, stored[subscriber]);
                results[subscriber] = result;
                writes.Add((result.State, versions[subscriber]));
            }

            IReadOnlyCollection<string> conflicts = await ledger.TryWriteStatesAsync(writes, cancellationToken).ConfigureAwait(false);
            if (observer is not null)
            {
                Report(observer, newEventIds, pending, conflicts, results, attempt);
            }

            pending = conflicts;
        }

        if (pending.Count > 0)
        {
            throw new InvalidOperationException($"The state of {pending.Count} subscriber(s) changed under concurrent writers {MaxAttempts} times in a row; try again.");
        }

        return [.. results.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => r.Value)];
    }

    private static void Report(PolicyRunObserver observer, IReadOnlySet<string>? newEvents, IReadOnlyCollection<string> written, IReadOnlyCollection<string> conflicts, Dictionary<string, PolicyResult> results, int attempt)
    {
        HashSet<string>? lost = conflicts.Count == 0 ? null : conflicts.ToHashSet(StringComparer.Ordinal);
        foreach (string subscriber in written)
        {
            if (lost?.Contains(subscriber) == true || !results.TryGetValue(subscriber, out PolicyResult? result))
            {
                continue;
            }

            foreach (StateTransition transition in result.Transitions)
            {
                // Transitions are recomputed over the whole history; report only those this run's new events caused.
                if (newEvents?.Contains(transition.EventId) == true)
                {
                    observer.OnTransition(result.State, transition);
                }
            }
        }

        if (lost is not null)
        {
            observer.OnConflict(attempt + 1, lost.Count);
        }
    }
}
