using System.Numerics;
using System.Runtime.InteropServices;
using BounceKit.Classification;
using BounceKit.Diagnostics;
using BounceKit.Events;
using BounceKit.Policy.Internal;

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
        FoldScratch scratch = FoldScratch.Rent();
        int used = 0;
        try
        {
            used = Gather(events, scratch);
            int count = Order(scratch, used);
            DeliverabilityEvent[] ordered = scratch.Events;
            for (int i = 0; i < count; i++)
            {
                DeliverabilityEvent e = ordered[i];
                if (!string.Equals(e.SubscriberKey, subscriberKey, StringComparison.Ordinal))
                {
                    throw new ArgumentException($"Event '{e.Id}' belongs to subscriber '{e.SubscriberKey}', not '{subscriberKey}': evaluate each subscriber's events on their own.", nameof(events));
                }
            }

            return Fold(subscriberKey, ordered.AsSpan(0, count), scratch);
        }
        finally
        {
            scratch.Return(used);
        }
    }

    // The fold itself: one mutable state, one public state built at the end. Built-in policies apply events to the
    // mutable state directly; a custom policy's protected methods see and return immutable states as before.
    private PolicyResult Fold(string subscriberKey, ReadOnlySpan<DeliverabilityEvent> ordered, FoldScratch scratch)
    {
        BounceSeries series = scratch.Series;
        List<StateTransition> transitions = scratch.Transitions;
        FoldState state = default;
        Initialize(ref state, subscriberKey);
        foreach (DeliverabilityEvent e in ordered)
        {
            SubscriberStatus before = state.Status;
            switch (e.Kind)
            {
                case DeliverabilityEventKind.Bounce:
                    BounceReading reading = Interpret(e);
                    if (_countBlockBounces || !reading.IsBlock)
                    {
                        ApplyBounce(ref state, e, reading, series);
                    }
                    else
                    {
                        state.LastBounce = e.Timestamp;
                        state.LastBounceReason = reading.Reason;
                        state.LastBounceText = e.Diagnostic;
                    }

                    break;
                case DeliverabilityEventKind.Open or DeliverabilityEventKind.Click:
                    state.HasEngagement = true;
                    ApplyEngagement(ref state, e, series);
                    break;
                case DeliverabilityEventKind.Unsubscribe or DeliverabilityEventKind.Complaint:
                    state.Consent = ConsentStatus.Unsubscribed;
                    ApplyConsent(ref state, e);
                    break;
                case DeliverabilityEventKind.Subscribe:
                    state.Consent = ConsentStatus.Subscribed;
                    ApplyConsent(ref state, e);
                    break;
                default:
                    break;
            }

            if (state.Status != before)
            {
                state.StatusSince = e.Timestamp;
                transitions.Add(new StateTransition(e.Id, e.Timestamp, before, state.Status, state.Why));
                if (BounceKitMetrics.PolicyTransitions.Enabled)
                {
                    BounceKitMetrics.PolicyTransitions.Add(1, new KeyValuePair<string, object?>("from", before.ToName()), new KeyValuePair<string, object?>("to", state.Status.ToName()));
                }
            }
        }

        // An exactly sized array: the scratch list is reused by the thread's next fold.
        return new PolicyResult(state.ToState(), transitions.Count == 0 ? [] : transitions.ToArray());
    }

    /// <summary>Sets the state before any event. Built-in policies override it; a custom policy's
    /// <see cref="InitialState"/> is converted.</summary>
    internal virtual void Initialize(ref FoldState state, string subscriberKey) =>
        state = FoldState.From(InitialState(subscriberKey));

    /// <summary>Applies a bounce that counts; by default through <see cref="OnBounce"/>.</summary>
    internal virtual void ApplyBounce(ref FoldState state, DeliverabilityEvent e, BounceReading bounce, BounceSeries series) =>
        state = FoldState.From(OnBounce(state.ToState(), e, bounce, series));

    /// <summary>Applies an open or click (engagement already recorded); by default through <see cref="OnEngagement"/>.</summary>
    internal virtual void ApplyEngagement(ref FoldState state, DeliverabilityEvent e, BounceSeries series) =>
        state = FoldState.From(OnEngagement(state.ToState(), e, series));

    /// <summary>Applies a consent change (consent already updated); by default through <see cref="OnConsent"/>.</summary>
    internal virtual void ApplyConsent(ref FoldState state, DeliverabilityEvent e) =>
        state = FoldState.From(OnConsent(state.ToState(), e));

    // Copies the events into the scratch buffer; returns how many.
    private static int Gather(IEnumerable<DeliverabilityEvent> events, FoldScratch scratch)
    {
        DeliverabilityEvent[] buffer = scratch.Events;
        if (events is ICollection<DeliverabilityEvent> collection)
        {
            int count = collection.Count;
            if (count > buffer.Length)
            {
                buffer = scratch.Grow(count, 0);
            }

            collection.CopyTo(buffer, 0);
            return count;
        }

        int n = 0;
        foreach (DeliverabilityEvent e in events)
        {
            if (n == buffer.Length)
            {
                buffer = scratch.Grow(n + 1, n);
            }

            buffer[n++] = e;
        }

        return n;
    }

    // Order by time (ties by id), then drop repeated ids, keeping the first of each in that order. Returns how many
    // events remain at the start of the buffer.
    private static int Order(FoldScratch scratch, int count)
    {
        Span<DeliverabilityEvent> all = scratch.Events.AsSpan(0, count);
        if (all.Length <= SmallHistory)
        {
            // A subscriber's history is usually short and often nearly sorted: insertion sort on UTC ticks read once
            // into a stack array beats a general sort through a comparison delegate.
            Span<long> ticks = stackalloc long[SmallHistory];
            for (int i = 0; i < all.Length; i++)
            {
                ticks[i] = all[i].Timestamp.UtcTicks;
            }

            for (int i = 1; i < all.Length; i++)
            {
                DeliverabilityEvent e = all[i];
                long t = ticks[i];
                int j = i - 1;
                while (j >= 0 && (ticks[j] > t || (ticks[j] == t && string.CompareOrdinal(all[j].Id, e.Id) > 0)))
                {
                    all[j + 1] = all[j];
                    ticks[j + 1] = ticks[j];
                    j--;
                }

                all[j + 1] = e;
                ticks[j + 1] = t;
            }
        }
        else
        {
            all.Sort(CompareEvents);
        }

        int n = 0;
        if (all.Length > PairwiseDeduplication)
        {
            HashSet<string> seen = scratch.SeenIds;
            foreach (DeliverabilityEvent e in all)
            {
                if (seen.Add(e.Id))
                {
                    all[n++] = e;
                }
            }

            return n;
        }

        // A few ids: compare each with those kept, through a cheap fingerprint first (ids of one subscriber's events
        // usually differ in length or in their first or last characters), the characters only when fingerprints agree.
        Span<ulong> fingerprints = stackalloc ulong[PairwiseDeduplication];
        foreach (DeliverabilityEvent e in all)
        {
            ulong fingerprint = Fingerprint(e.Id);
            if (!Seen(all[..n], fingerprints[..n], e.Id, fingerprint))
            {
                fingerprints[n] = fingerprint;
                all[n++] = e;
            }
        }

        return n;
    }

    private const int SmallHistory = 16;
    private const int PairwiseDeduplication = 32;

    // Equal ids give equal fingerprints; different ids usually do not: the length with the first and last four characters.
    private static ulong Fingerprint(string id)
    {
        ReadOnlySpan<char> s = id;
        if (s.Length < 4)
        {
            ulong packed = (ulong)s.Length;
            foreach (char c in s)
            {
                packed = (packed << 16) | c;
            }

            return packed;
        }

        ulong head = MemoryMarshal.Read<ulong>(MemoryMarshal.AsBytes(s[..4]));
        ulong tail = MemoryMarshal.Read<ulong>(MemoryMarshal.AsBytes(s[^4..]));
        return tail ^ BitOperations.RotateLeft(head, 23) ^ ((ulong)s.Length * 0x9E3779B97F4A7C15UL);
    }

    private static bool Seen(ReadOnlySpan<DeliverabilityEvent> kept, ReadOnlySpan<ulong> fingerprints, string id, ulong fingerprint)
    {
        for (int i = 0; i < kept.Length; i++)
        {
            if (fingerprints[i] == fingerprint && string.Equals(kept[i].Id, id, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static readonly Comparison<DeliverabilityEvent> CompareEvents = Compare;

    private static int Compare(DeliverabilityEvent a, DeliverabilityEvent b)
    {
        long x = a.Timestamp.UtcTicks, y = b.Timestamp.UtcTicks;
        return x != y ? x.CompareTo(y) : string.CompareOrdinal(a.Id, b.Id);
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
/// <remarks>The series a fold passes to a policy is valid for that fold only: its storage is reused by the thread's
/// next fold, so a custom policy must not keep it.</remarks>
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
