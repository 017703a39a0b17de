using BounceKit.Classification;
using BounceKit.Events;
using BounceKit.Policy.Internal;

namespace BounceKit.Policy;

/// <summary>Mailchimp's cleaning rules: Subscribed, Cleaned, Unsubscribed.</summary>
/// <remarks>
/// <para>Rules (provider-facts §1.4, product rule 3): a hard bounce cleans the contact at once; soft bounces clean it
/// after <see cref="MailchimpPolicyOptions.SoftBouncesWithoutEngagement"/> (7) when it never opened or clicked, or
/// <see cref="MailchimpPolicyOptions.SoftBouncesWithEngagement"/> (15) when it did. A cleaned contact stays cleaned
/// (Mailchimp refuses to re-subscribe it, and consent law forbids doing it automatically); an unsubscribed contact
/// becomes subscribed again only through its own subscribe event.</para>
/// </remarks>
public sealed class MailchimpPolicy : SuppressionPolicy
{
    private readonly MailchimpPolicyOptions _options;

    /// <summary>Creates the policy.</summary>
    /// <param name="options">The settings; Mailchimp's defaults when null.</param>
    /// <param name="classifier">Classifies bounces without a given type; the default classifier when null.</param>
    /// <exception cref="ArgumentException">The settings are not valid; the message lists every problem.</exception>
    public MailchimpPolicy(MailchimpPolicyOptions? options = null, BounceClassifier? classifier = null)
        : this(classifier, Valid(options))
    {
    }

    // Validated once, before the base constructor reads CountBlockBounces.
    private MailchimpPolicy(BounceClassifier? classifier, MailchimpPolicyOptions options)
        : base(classifier, options.CountBlockBounces) => _options = options;

    private static MailchimpPolicyOptions Valid(MailchimpPolicyOptions? options)
    {
        MailchimpPolicyOptions valid = options ?? new MailchimpPolicyOptions();
        return Checked(valid, valid.Validate(), "Mailchimp");
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
        ArgumentNullException.ThrowIfNull(series);
        FoldState fold = FoldState.From(state);
        ApplyEngagement(ref fold, e, series);
        return fold.ToState();
    }

    /// <inheritdoc/>
    protected override SubscriberState OnConsent(SubscriberState state, DeliverabilityEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        FoldState fold = FoldState.From(state);
        ApplyConsent(ref fold, e);
        return fold.ToState();
    }

    // The rules, applied to the fold's mutable state (the protected methods above convert to and from it).
    internal override void Initialize(ref FoldState state, string subscriberKey) =>
        state = new FoldState(subscriberKey, SubscriberStatus.Subscribed, new(PolicyRule.NoBounce));

    internal override void ApplyBounce(ref FoldState state, DeliverabilityEvent e, BounceReading bounce, BounceSeries series)
    {
        bool counted = series.Add(e);
        state.BounceCount = series.Count;
        state.SoftBounceCount += counted && !bounce.IsHard ? 1 : 0;
        state.FirstBounce ??= e.Timestamp;
        state.LastBounce = e.Timestamp;
        state.LastBounceReason = bounce.Reason;
        state.LastBounceText = e.Diagnostic;

        if (state.Status == SubscriberStatus.Cleaned)
        {
            state.HardBounceDate = e.Timestamp;
            return;
        }

        if (state.Status == SubscriberStatus.Unsubscribed)
        {
            return;
        }

        if (bounce.IsHard)
        {
            if ((state.HasEngagement ? _options.EngagedHardBounceAction : _options.HardBounceAction) == BounceAction.Suppress)
            {
                state.Status = SubscriberStatus.Cleaned;
                state.HardBounceDate = e.Timestamp;
                state.Why = new(PolicyRule.HardBounceCleans);
            }
            else
            {
                state.Why = new(PolicyRule.HardBounceNoted, Detail: state.HasEngagement ? "EngagedHardBounceAction" : "HardBounceAction");
            }

            return;
        }

        int limit = state.HasEngagement ? _options.SoftBouncesWithEngagement : _options.SoftBouncesWithoutEngagement;
        if (state.SoftBounceCount >= limit)
        {
            state.Status = SubscriberStatus.Cleaned;
            state.HardBounceDate = e.Timestamp;
            state.Why = new(PolicyRule.SoftLimitCleans, state.SoftBounceCount, limit, Engaged: state.HasEngagement);
        }
        else
        {
            state.Why = new(PolicyRule.BelowSoftLimit, state.SoftBounceCount, limit);
        }
    }

    internal override void ApplyEngagement(ref FoldState state, DeliverabilityEvent e, BounceSeries series)
    {
        if (!_options.ResetOnEngagement || state.Status == SubscriberStatus.Cleaned || series.Count == 0)
        {
            return;
        }

        series.Clear();
        state.BounceCount = 0;
        state.SoftBounceCount = 0;
        state.FirstBounce = null;
        state.Why = new(PolicyRule.EngagementReset, Detail: "engagement");
    }

    internal override void ApplyConsent(ref FoldState state, DeliverabilityEvent e)
    {
        switch (e.Kind, state.Status)
        {
            case (DeliverabilityEventKind.Unsubscribe or DeliverabilityEventKind.Complaint, not SubscriberStatus.Cleaned):
                state.Status = SubscriberStatus.Unsubscribed;
                state.Why = new(PolicyRule.ConsentWithdrawn, Detail: e.Kind == DeliverabilityEventKind.Complaint ? "complaint" : "unsubscribe");
                break;
            case (DeliverabilityEventKind.Subscribe, SubscriberStatus.Unsubscribed):
                state.Status = SubscriberStatus.Subscribed;
                state.Why = new(PolicyRule.Resubscribed);
                break;
            case (DeliverabilityEventKind.Subscribe, SubscriberStatus.Cleaned):
                state.Why = new(PolicyRule.CleanedStaysCleaned);
                break;
            default:
                break;
        }
    }
}
