using BounceKit.Classification;
using BounceKit.Diagnostics;
using BounceKit.Events;

namespace BounceKit.Policy;

/// <summary>A suppression policy: a pure fold of one subscriber's events into a <see cref="SubscriberState"/>.</summary>
/// <remarks>Order-independent: events are de-duplicated by id and applied in timestamp order (ties by id), so late or
/// shuffled input gives the same state as sorted input. Bounces without a given hard/soft type are classified from
/// their diagnostic.</remarks>
public abstract class SuppressionPolicy
{
    private readonly BounceClassifier _classifier;
    private readonly bool _countBlockBounces;

    /// <summary>Creates the policy.</summary>
    /// <param name="classifier">Classifies bounces that carry no hard/soft type; the default classifier when null.</param>
    /// <param name="countBlockBounces">Whether bounces the classifier calls blocks (policy, reputation, content: the
    /// sender's problem, not the address's) count towards suppression. When false they are recorded as the last bounce
    /// but change nothing else.</param>
    protected SuppressionPolicy(BounceClassifier? classifier, bool countBlockBounces = true)
    {
        _classifier = classifier ?? BounceClassifier.Default;
        _countBlockBounces = countBlockBounces;
    }

    /// <summary>Folds one subscriber's events.</summary>
    /// <param name="subscriberKey">The subscriber.</param>
    /// <param name="events">Its events, in any order, possibly repeated.</param>
    /// <returns>The final state and every status change.</returns>
    /// <exception cref="ArgumentException">An event belongs to another subscriber.</exception>
    public PolicyResult Evaluate(string subscriberKey, IEnumerable<DeliverabilityEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        DeliverabilityEvent[] ordered = Order(events);
        foreach (DeliverabilityEvent e in ordered)
        {
            if (!string.Equals(e.SubscriberKey, subscriberKey, StringComparison.Ordinal))
            {
                throw new ArgumentException($"Event '{e.Id}' belongs to subscriber '{e.SubscriberKey}', not '{subscriberKey}': evaluate each subscriber's events on their own.", nameof(events));
            }
        }

        SubscriberState state = InitialState(subscriberKey);
        List<StateTransition>? transitions = null;
        var series = new BounceSeries();
        foreach (DeliverabilityEvent e in ordered)
        {
            SubscriberState next = e.Kind switch
            {
                DeliverabilityEventKind.Bounce => Interpret(e) is var reading && (_countBlockBounces || !reading.IsBlock)
                    ? OnBounce(state, e, reading, series)
                    : state with { LastBounce = e.Timestamp, LastBounceReason = reading.Reason, LastBounceText = e.Diagnostic },
                // Each 'with' is a copy; folding millions of events is allocation-bound, so copy only on a change.
                DeliverabilityEventKind.Open or DeliverabilityEventKind.Click => OnEngagement(state.HasEngagement ? state : state with { HasEngagement = true }, e, series),
                DeliverabilityEventKind.Unsubscribe or DeliverabilityEventKind.Complaint => OnConsent(WithConsent(state, ConsentStatus.Unsubscribed), e),
                DeliverabilityEventKind.Subscribe => OnConsent(WithConsent(state, ConsentStatus.Subscribed), e),
                _ => state,
            };

            if (next.Status != state.Status)
            {
                next = next with { StatusSince = e.Timestamp };
                (transitions ??= []).Add(new StateTransition(e.Id, e.Timestamp, state.Status, next.Status, next.Why));
                if (BounceKitMetrics.PolicyTransitions.Enabled)
                {
                    BounceKitMetrics.PolicyTransitions.Add(1, new KeyValuePair<string, object?>("from", state.Status.ToName()), new KeyValuePair<string, object?>("to", next.Status.ToName()));
                }
            }

            state = next;
        }

        return new PolicyResult(state, (IReadOnlyList<StateTransition>?)transitions ?? []);
    }

    private static SubscriberState WithConsent(SubscriberState state, ConsentStatus consent) =>
        state.Consent == consent ? state : state with { Consent = consent };

    // Order by time (ties by id), then drop repeated ids. A subscriber has few events, so the repeats are found by
    // comparing ids pairwise below a small size (no hashing, no second sort); larger histories use a set.
    private static DeliverabilityEvent[] Order(IEnumerable<DeliverabilityEvent> events)
    {
        DeliverabilityEvent[] all = [.. events];
        if (all.Length <= 16)
        {
            // A subscriber's history is usually short and often nearly sorted: insertion sort on UTC ticks beats a
            // general sort through a comparison delegate.
            for (int i = 1; i < all.Length; i++)
            {
                DeliverabilityEvent e = all[i];
                int j = i - 1;
                while (j >= 0 && Compare(all[j], e) > 0)
                {
                    all[j + 1] = all[j];
                    j--;
                }

                all[j + 1] = e;
            }
        }
        else
        {
            Array.Sort(all, Compare);
        }

        int n = 0;
        HashSet<string>? seen = all.Length > 32 ? new HashSet<string>(StringComparer.Ordinal) : null;
        foreach (DeliverabilityEvent e in all)
        {
            if (seen is not null ? seen.Add(e.Id) : !Seen(all, n, e.Id))
            {
                all[n++] = e;
            }
        }

        Array.Resize(ref all, n);
        return all;
    }

    private static int Compare(DeliverabilityEvent a, DeliverabilityEvent b)
    {
        long x = a.Timestamp.UtcTicks, y = b.Timestamp.UtcTicks;
        return x != y ? x.CompareTo(y) : string.CompareOrdinal(a.Id, b.Id);
    }

    private static bool Seen(DeliverabilityEvent[] kept, int count, string id)
    {
        for (int i = 0; i < count; i++)
        {
            if (string.Equals(kept[i].Id, id, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Returns <paramref name="options"/> when <paramref name="errors"/> is empty.</summary>
    /// <typeparam name="TOptions">The settings type.</typeparam>
    /// <param name="options">The settings.</param>
    /// <param name="errors">What their <c>Validate()</c> reported.</param>
    /// <param name="policy">The policy's name for the message, such as "SFMC".</param>
    /// <returns>The settings.</returns>
    /// <exception cref="ArgumentException">There are errors; the message lists every one.</exception>
    protected static TOptions Checked<TOptions>(TOptions options, IReadOnlyList<string> errors, string policy)
    {
        ArgumentNullException.ThrowIfNull(errors);
        return errors.Count == 0
            ? options
            : throw new ArgumentException($"Invalid {policy} policy settings: " + string.Join(" ", errors), nameof(options));
    }

    /// <summary>The state before any event.</summary>
    /// <param name="subscriberKey">The subscriber.</param>
    /// <returns>The initial state.</returns>
    protected abstract SubscriberState InitialState(string subscriberKey);

    /// <summary>Applies a bounce.</summary>
    /// <param name="state">The state before.</param>
    /// <param name="e">The bounce.</param>
    /// <param name="bounce">How the bounce was read: hard or soft, and why.</param>
    /// <param name="series">The bounces of the current series, by job.</param>
    /// <returns>The state after.</returns>
    protected abstract SubscriberState OnBounce(SubscriberState state, DeliverabilityEvent e, BounceReading bounce, BounceSeries series);

    /// <summary>Applies an open or click.</summary>
    /// <param name="state">The state before (engagement already recorded).</param>
    /// <param name="e">The event.</param>
    /// <param name="series">The bounces of the current series.</param>
    /// <returns>The state after.</returns>
    protected abstract SubscriberState OnEngagement(SubscriberState state, DeliverabilityEvent e, BounceSeries series);

    /// <summary>Applies a consent change (consent already updated). By default the status is unchanged.</summary>
    /// <param name="state">The state before.</param>
    /// <param name="e">The event.</param>
    /// <returns>The state after.</returns>
    protected virtual SubscriberState OnConsent(SubscriberState state, DeliverabilityEvent e) => state;

    private BounceReading Interpret(DeliverabilityEvent e)
    {
        BounceReason? reason = null;
        bool block = false;
        bool? hard = e.BounceType switch
        {
            GivenBounceType.Hard => true,
            GivenBounceType.Soft => false,
            _ => null,
        };
        if (e.Diagnostic is { Length: > 0 } || e.EnhancedStatus is not null)
        {
            BounceClassification c = _classifier.Classify(new BounceInput(e.Diagnostic)
            {
                EnhancedStatus = e.EnhancedStatus,
                RecipientDomain = e.RecipientDomain,
                RemoteMta = e.RemoteMta,
            });
            reason = c.Reason;
            block = e.BounceType == GivenBounceType.Unknown && c.Type == BounceType.Block;
            hard ??= c.IsHardBounce;
        }

        return new BounceReading(hard ?? false, reason, block);
    }
}

/// <summary>How a bounce was read.</summary>
/// <param name="IsHard">Whether it counts as a hard bounce.</param>
/// <param name="Reason">The classified reason; null when the bounce carried no diagnostic to classify.</param>
/// <param name="IsBlock">Whether the classifier called it a block (and the provider gave no hard/soft type).</param>
public readonly record struct BounceReading(bool IsHard, BounceReason? Reason, bool IsBlock = false);

/// <summary>The final state of a subscriber and the status changes on the way.</summary>
/// <param name="State">The final state.</param>
/// <param name="Transitions">Every status change, in order.</param>
public sealed record PolicyResult(SubscriberState State, IReadOnlyList<StateTransition> Transitions);

/// <summary>The bounces of the current series, one entry per job (a retry series counts once, dated by its first bounce).</summary>
public sealed class BounceSeries
{
    private readonly List<(string Job, DateTimeOffset First, bool HasJob)> _bounces = [];

    /// <summary>How many bounces (jobs) the series holds.</summary>
    public int Count => _bounces.Count;

    /// <summary>The date of the bounce at <paramref name="index"/>, oldest first.</summary>
    /// <param name="index">0 to <see cref="Count"/> - 1.</param>
    public DateTimeOffset this[int index] => _bounces[index].First;

    /// <summary>The first bounce of the series.</summary>
    public DateTimeOffset First => _bounces[0].First;

    /// <summary>The latest bounce of the series.</summary>
    public DateTimeOffset Last => _bounces[^1].First;

    /// <summary>Adds a bounce; returns false when its job is already in the series.</summary>
    /// <param name="e">The bounce.</param>
    /// <returns>Whether it counted.</returns>
    public bool Add(DeliverabilityEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        // A bounce without a job is its own series entry, keyed by its (unique) event id.
        string job = e.JobId is { Length: > 0 } j ? j : e.Id;
        bool hasJob = e.JobId is { Length: > 0 };
        foreach ((string existing, _, bool existingHasJob) in _bounces)
        {
            if (existingHasJob == hasJob && string.Equals(existing, job, StringComparison.Ordinal))
            {
                return false;
            }
        }

        _bounces.Add((job, e.Timestamp, hasJob));
        return true;
    }

    /// <summary>Ends the series.</summary>
    public void Clear() => _bounces.Clear();
}
