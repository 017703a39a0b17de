using BounceKit.Classification;
using BounceKit.Events;
using BounceKit.Policy.Internal;

namespace BounceKit.Policy;

/// <summary>Salesforce Marketing Cloud's bounce handling: Active, Bounced, Held.</summary>
/// <remarks>
/// <para>Rules (provider-facts §2.1, product rule 2): a hard bounce from a trusted ISP holds the address at once; any
/// bounce makes it Bounced (SFMC keeps sending); Held when the series has at least <see cref="SfmcPolicyOptions.Count"/>
/// bounces and, in <see cref="HeldThresholdMode.MinimumSpan"/> mode, the first and the latest are at least
/// <see cref="SfmcPolicyOptions.Days"/> days apart (or, in <see cref="HeldThresholdMode.SlidingWindow"/> mode, Count
/// bounces fall within Days days). A retry series of one job counts once. An open or click sets the subscriber back to
/// Active, ends the series and clears the CRM flag. Unsubscribes and complaints change consent only.</para>
/// </remarks>
public sealed class SfmcPolicy : SuppressionPolicy
{
    private readonly SfmcPolicyOptions _options;

    /// <summary>Creates the policy.</summary>
    /// <param name="options">The settings; SFMC's defaults when null.</param>
    /// <param name="classifier">Classifies bounces without a given type; the default classifier when null.</param>
    /// <exception cref="ArgumentException">The settings are not valid; the message lists every problem.</exception>
    public SfmcPolicy(SfmcPolicyOptions? options = null, BounceClassifier? classifier = null)
        : this(classifier, Valid(options))
    {
    }

    // Validated once, before the base constructor reads CountBlockBounces.
    private SfmcPolicy(BounceClassifier? classifier, SfmcPolicyOptions options)
        : base(classifier, options.CountBlockBounces) => _options = options;

    private static SfmcPolicyOptions Valid(SfmcPolicyOptions? options)
    {
        SfmcPolicyOptions valid = options ?? new SfmcPolicyOptions();
        return Checked(valid, valid.Validate(), "SFMC");
    }

    /// <inheritdoc/>
    protected override SubscriberState InitialState(string subscriberKey)
    {
        FoldState state = default;
        Initialize(ref state, subscriberKey);
        return state.ToState();
    }

    /// <inheritdoc/>
    protected override SubscriberState OnBounce(SubscriberState state, DeliverabilityEvent e, BounceReading bounce, BounceSeries series)
    {
        ArgumentNullException.ThrowIfNull(e);
        ArgumentNullException.ThrowIfNull(series);
        FoldState fold = FoldState.From(state);
        ApplyBounce(ref fold, e, bounce, series);
        return fold.ToState();
    }

    /// <inheritdoc/>
    protected override SubscriberState OnEngagement(SubscriberState state, DeliverabilityEvent e, BounceSeries series)
    {
        ArgumentNullException.ThrowIfNull(e);
        ArgumentNullException.ThrowIfNull(series);
        FoldState fold = FoldState.From(state);
        ApplyEngagement(ref fold, e, series);
        return fold.ToState();
    }

    // The rules, applied to the fold's mutable state (the protected methods above convert to and from it).
    internal override void Initialize(ref FoldState state, string subscriberKey) =>
        state = new FoldState(subscriberKey, SubscriberStatus.Active, new(PolicyRule.NoBounce));

    internal override void ApplyBounce(ref FoldState state, DeliverabilityEvent e, BounceReading bounce, BounceSeries series)
    {
        bool counted = series.Add(e);
        bool trusted = bounce.IsHard && state.Status != SubscriberStatus.Held && _options.TrustedIsps.IsTrusted(e.RecipientDomain, e.RemoteMta);
        BounceAction hardAction = !bounce.IsHard ? BounceAction.Count : trusted ? _options.TrustedIspHardBounceAction : _options.OtherHardBounceAction;
        if (state.Status == SubscriberStatus.Held)
        {
            state.HardBounceDate = e.Timestamp;
        }
        else if (hardAction == BounceAction.Suppress)
        {
            state.Status = SubscriberStatus.Held;
            state.Why = new PolicyDecision(trusted ? PolicyRule.TrustedIspHardBounce : PolicyRule.HardBounceHolds, Detail: e.RecipientDomain ?? e.RemoteMta ?? "an unknown domain");
            state.HardBounceDate = e.Timestamp;
        }
        else if (MeetsThreshold(series, out PolicyDecision threshold))
        {
            state.Status = SubscriberStatus.Held;
            state.Why = threshold;
            state.HardBounceDate = e.Timestamp;
        }
        else
        {
            state.Status = SubscriberStatus.Bounced;
            state.Why = new PolicyDecision(PolicyRule.BelowThreshold, series.Count, _options.Count, (int)(series.Last - series.First).TotalDays);
        }

        state.BounceCount = series.Count;
        state.SoftBounceCount += counted && !bounce.IsHard ? 1 : 0;
        state.FirstBounce = series.First;
        state.LastBounce = e.Timestamp;
        state.LastBounceReason = bounce.Reason;
        state.LastBounceText = e.Diagnostic;
    }

    internal override void ApplyEngagement(ref FoldState state, DeliverabilityEvent e, BounceSeries series)
    {
        if (state.Status == SubscriberStatus.Active && series.Count == 0)
        {
            return;
        }

        series.Clear();
        state.Status = SubscriberStatus.Active;
        state.BounceCount = 0;
        state.SoftBounceCount = 0;
        state.FirstBounce = null;
        state.HardBounceDate = null;
        state.Why = new(PolicyRule.EngagementReset, Detail: e.Kind == DeliverabilityEventKind.Open ? "open" : "click");
    }

    // SFMC keeps consent apart: an unsubscribe or complaint changes nothing else.
    internal override void ApplyConsent(ref FoldState state, DeliverabilityEvent e)
    {
    }

    private bool MeetsThreshold(BounceSeries series, out PolicyDecision why)
    {
        why = default;
        if (series.Count < _options.Count)
        {
            return false;
        }

        TimeSpan days = TimeSpan.FromDays(_options.Days);
        if (_options.Mode == HeldThresholdMode.MinimumSpan)
        {
            TimeSpan span = series.Last - series.First;
            why = new PolicyDecision(PolicyRule.MinimumSpan, series.Count, _options.Count, (int)span.TotalDays);
            return span >= days;
        }

        // SlidingWindow: some Count consecutive bounces within Days.
        for (int i = 0; i + _options.Count <= series.Count; i++)
        {
            TimeSpan window = series[i + _options.Count - 1] - series[i];
            if (window <= days)
            {
                why = new PolicyDecision(PolicyRule.SlidingWindow, _options.Count, _options.Count, (int)Math.Ceiling(window.TotalDays));
                return true;
            }
        }

        return false;
    }
}
