using System.Globalization;
using BounceKit.Classification;
using BounceKit.Events;

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
        : base(classifier)
    {
        _options = options ?? new SfmcPolicyOptions();
        IReadOnlyList<string> errors = _options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid SFMC policy settings: " + string.Join(" ", errors), nameof(options));
        }
    }

    /// <inheritdoc/>
    protected override SubscriberState InitialState(string subscriberKey) =>
        new() { SubscriberKey = subscriberKey, Status = SubscriberStatus.Active, Decision = "active: no bounce" };

    /// <inheritdoc/>
    protected override SubscriberState OnBounce(SubscriberState state, DeliverabilityEvent e, BounceReading bounce, BounceSeries series)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(e);
        ArgumentNullException.ThrowIfNull(series);
        bool counted = series.Add(e);
        DateTimeOffset first = series.Dates.First();
        state = state with
        {
            BounceCount = series.Count,
            SoftBounceCount = state.SoftBounceCount + (counted && !bounce.IsHard ? 1 : 0),
            FirstBounce = first,
            LastBounce = e.Timestamp,
            LastBounceReason = bounce.Reason,
            LastBounceText = e.Diagnostic,
        };

        if (state.Status == SubscriberStatus.Held)
        {
            return state with { HardBounceDate = e.Timestamp };
        }

        if (bounce.IsHard && _options.TrustedIsps.IsTrusted(e.RecipientDomain, e.RemoteMta))
        {
            return state with
            {
                Status = SubscriberStatus.Held,
                HardBounceDate = e.Timestamp,
                Decision = $"held: hard bounce from trusted ISP {e.RecipientDomain ?? e.RemoteMta}",
            };
        }

        if (MeetsThreshold(series, out string why))
        {
            return state with { Status = SubscriberStatus.Held, HardBounceDate = e.Timestamp, Decision = "held: " + why };
        }

        return state with
        {
            Status = SubscriberStatus.Bounced,
            Decision = string.Create(CultureInfo.InvariantCulture, $"bounced: {series.Count} of {_options.Count} bounces, {Span(series)} days since the first"),
        };
    }

    /// <inheritdoc/>
    protected override SubscriberState OnEngagement(SubscriberState state, DeliverabilityEvent e, BounceSeries series)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(e);
        ArgumentNullException.ThrowIfNull(series);
        if (state.Status == SubscriberStatus.Active && series.Count == 0)
        {
            return state;
        }

        series.Clear();
        return state with
        {
            Status = SubscriberStatus.Active,
            BounceCount = 0,
            SoftBounceCount = 0,
            FirstBounce = null,
            HardBounceDate = null,
            Decision = $"active: {e.Kind.ToString().ToLowerInvariant()} after bounces resets the series",
        };
    }

    private bool MeetsThreshold(BounceSeries series, out string why)
    {
        why = "";
        if (series.Count < _options.Count)
        {
            return false;
        }

        DateTimeOffset[] dates = [.. series.Dates];
        TimeSpan days = TimeSpan.FromDays(_options.Days);
        if (_options.Mode == HeldThresholdMode.MinimumSpan)
        {
            TimeSpan span = dates[^1] - dates[0];
            why = string.Create(CultureInfo.InvariantCulture, $"{dates.Length} bounces over {(int)span.TotalDays} days, rule MinimumSpan");
            return span >= days;
        }

        // SlidingWindow: some Count consecutive bounces within Days.
        for (int i = 0; i + _options.Count <= dates.Length; i++)
        {
            TimeSpan window = dates[i + _options.Count - 1] - dates[i];
            if (window <= days)
            {
                why = string.Create(CultureInfo.InvariantCulture, $"{_options.Count} bounces within {(int)Math.Ceiling(window.TotalDays)} days, rule SlidingWindow");
                return true;
            }
        }

        return false;
    }

    private static int Span(BounceSeries series) => (int)(series.Dates.Last() - series.Dates.First()).TotalDays;
}
