using BounceKit.Classification;
using BounceKit.Events;

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
    protected override SubscriberState InitialState(string subscriberKey) =>
        new() { SubscriberKey = subscriberKey, Status = SubscriberStatus.Subscribed, Why = new(PolicyRule.NoBounce) };

    /// <inheritdoc/>
    protected override SubscriberState OnBounce(SubscriberState state, DeliverabilityEvent e, BounceReading bounce, BounceSeries series)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(e);
        ArgumentNullException.ThrowIfNull(series);
        bool counted = series.Add(e);
        state = state with
        {
            BounceCount = series.Count,
            SoftBounceCount = state.SoftBounceCount + (counted && !bounce.IsHard ? 1 : 0),
            FirstBounce = state.FirstBounce ?? e.Timestamp,
            LastBounce = e.Timestamp,
            LastBounceReason = bounce.Reason,
            LastBounceText = e.Diagnostic,
        };

        if (state.Status == SubscriberStatus.Cleaned)
        {
            return state with { HardBounceDate = e.Timestamp };
        }

        if (state.Status == SubscriberStatus.Unsubscribed)
        {
            return state;
        }

        if (bounce.IsHard)
        {
            return (state.HasEngagement ? _options.EngagedHardBounceAction : _options.HardBounceAction) == BounceAction.Suppress
                ? state with { Status = SubscriberStatus.Cleaned, HardBounceDate = e.Timestamp, Why = new(PolicyRule.HardBounceCleans) }
                : state with { Why = new(PolicyRule.HardBounceNoted, Detail: state.HasEngagement ? "EngagedHardBounceAction" : "HardBounceAction") };
        }

        int limit = state.HasEngagement ? _options.SoftBouncesWithEngagement : _options.SoftBouncesWithoutEngagement;
        return state.SoftBounceCount >= limit
            ? state with
            {
                Status = SubscriberStatus.Cleaned,
                HardBounceDate = e.Timestamp,
                Why = new(PolicyRule.SoftLimitCleans, state.SoftBounceCount, limit, Engaged: state.HasEngagement),
            }
            : state with { Why = new(PolicyRule.BelowSoftLimit, state.SoftBounceCount, limit) };
    }

    /// <inheritdoc/>
    protected override SubscriberState OnEngagement(SubscriberState state, DeliverabilityEvent e, BounceSeries series)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(series);
        if (!_options.ResetOnEngagement || state.Status == SubscriberStatus.Cleaned || series.Count == 0)
        {
            return state;
        }

        series.Clear();
        return state with { BounceCount = 0, SoftBounceCount = 0, FirstBounce = null, Why = new(PolicyRule.EngagementReset, Detail: "engagement") };
    }

    /// <inheritdoc/>
    protected override SubscriberState OnConsent(SubscriberState state, DeliverabilityEvent e)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(e);
        return (e.Kind, state.Status) switch
        {
            (DeliverabilityEventKind.Unsubscribe or DeliverabilityEventKind.Complaint, not SubscriberStatus.Cleaned) =>
                state with { Status = SubscriberStatus.Unsubscribed, Why = new(PolicyRule.ConsentWithdrawn, Detail: e.Kind == DeliverabilityEventKind.Complaint ? "complaint" : "unsubscribe") },
            (DeliverabilityEventKind.Subscribe, SubscriberStatus.Unsubscribed) =>
                state with { Status = SubscriberStatus.Subscribed, Why = new(PolicyRule.Resubscribed) },
            (DeliverabilityEventKind.Subscribe, SubscriberStatus.Cleaned) =>
                state with { Why = new(PolicyRule.CleanedStaysCleaned) },
            _ => state,
        };
    }
}
