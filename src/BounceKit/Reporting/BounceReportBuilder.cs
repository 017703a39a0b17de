using System.Globalization;
using BounceKit.Classification;
using BounceKit.Events;

namespace BounceKit.Reporting;

/// <summary>Builds a <see cref="BounceReport"/> from deliverability events, one at a time.</summary>
/// <remarks>Repeated event ids count once. A bounce is typed by the hard/soft type its provider gave, else by the
/// classifier; reason and receiving provider come from the classifier when the bounce carries a diagnostic or status
/// (Mailchimp's bounces carry neither: they count under reason <c>unknown</c>). Memory grows with the number of distinct
/// groups and event ids, not with the events.</remarks>
public sealed class BounceReportBuilder
{
    private readonly BounceClassifier _classifier;
    private readonly BounceReportOptions _options;
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
    private readonly Counts _total = new();
    private readonly Dictionary<string, Counts> _domains = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, Counts> _reasons = new(StringComparer.Ordinal);
    private readonly Dictionary<DateOnly, Counts> _days = [];
    private readonly Dictionary<string, Counts> _campaigns = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<string, long>> _blocks = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Creates a builder.</summary>
    /// <param name="classifier">Reads diagnostics; the default classifier when null.</param>
    /// <param name="options">Spike settings; defaults when null.</param>
    public BounceReportBuilder(BounceClassifier? classifier = null, BounceReportOptions? options = null)
    {
        _classifier = classifier ?? BounceClassifier.Default;
        _options = options ?? new BounceReportOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.TrailingDays, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(_options.SpikeFactor, 0);
    }

    /// <summary>Adds an event; a repeated id is ignored.</summary>
    /// <param name="e">The event.</param>
    /// <returns>Whether it was new.</returns>
    public bool Add(DeliverabilityEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        if (!_seen.Add(e.Id))
        {
            return false;
        }

        if (e.Kind is not (DeliverabilityEventKind.Sent or DeliverabilityEventKind.Bounce))
        {
            return true;
        }

        string domain = e.RecipientDomain ?? DeliverabilityEvent.DomainOf(e.Email) ?? "unknown";
        DateOnly day = DateOnly.FromDateTime(e.Timestamp.UtcDateTime);
        string? campaign = e.JobId;
        if (e.Kind == DeliverabilityEventKind.Sent)
        {
            foreach (Counts c in Groups(domain, null, day, campaign))
            {
                c.Sent++;
            }

            return true;
        }

        (BounceType type, string reason, ReceivingProvider provider) = Read(e);
        foreach (Counts c in Groups(domain, reason, day, campaign))
        {
            c.Add(type);
        }

        if (type == BounceType.Block)
        {
            string where = provider != ReceivingProvider.Unknown ? provider.ToString() : domain;
            if (!_blocks.TryGetValue(where, out Dictionary<string, long>? reasons))
            {
                _blocks[where] = reasons = new Dictionary<string, long>(StringComparer.Ordinal);
            }

            reasons[reason] = reasons.GetValueOrDefault(reason) + 1;
        }

        return true;
    }

    /// <summary>Builds the report of everything added so far.</summary>
    /// <returns>The report.</returns>
    public BounceReport Build()
    {
        List<BounceGroup> byDay = [.. _days.OrderBy(d => d.Key).Select(d => d.Value.ToGroup(d.Key.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)))];
        return new BounceReport
        {
            Events = _seen.Count,
            Total = _total.ToGroup("total"),
            ByDomain = MostFirst(_domains),
            ByReason = MostFirst(_reasons),
            ByDay = byDay,
            ByCampaign = MostFirst(_campaigns),
            Spikes = Spikes(),
            Reputation = [.. _blocks
                .Select(p => new ReputationIssue(p.Key, p.Value.Values.Sum(), [.. p.Value.OrderByDescending(r => r.Value).ThenBy(r => r.Key, StringComparer.Ordinal)]))
                .OrderByDescending(r => r.Blocks).ThenBy(r => r.Provider, StringComparer.Ordinal)],
        };
    }

    private List<BounceSpike> Spikes()
    {
        // Days without events count as zero bounces in the baseline.
        var spikes = new List<BounceSpike>();
        foreach ((DateOnly day, Counts counts) in _days.OrderBy(d => d.Key))
        {
            long previous = 0;
            for (int back = 1; back <= _options.TrailingDays; back++)
            {
                previous += _days.TryGetValue(day.AddDays(-back), out Counts? c) ? c.Bounces : 0;
            }

            bool hasHistory = _days.Keys.Any(d => d < day && d >= day.AddDays(-_options.TrailingDays));
            double average = (double)previous / _options.TrailingDays;
            if (hasHistory && counts.Bounces >= _options.SpikeMinimum && counts.Bounces > _options.SpikeFactor * Math.Max(average, 1))
            {
                spikes.Add(new BounceSpike(day, counts.Bounces, average));
            }
        }

        return spikes;
    }

    private (BounceType Type, string Reason, ReceivingProvider Provider) Read(DeliverabilityEvent e)
    {
        BounceType given = e.BounceType switch
        {
            GivenBounceType.Hard => BounceType.Hard,
            GivenBounceType.Soft => BounceType.Soft,
            _ => BounceType.Undetermined,
        };
        if (e.Diagnostic is not { Length: > 0 } && e.EnhancedStatus is null)
        {
            return (given, "unknown", ReceivingProvider.Unknown);
        }

        BounceClassification c = _classifier.Classify(new BounceInput(e.Diagnostic)
        {
            EnhancedStatus = e.EnhancedStatus,
            RecipientDomain = e.RecipientDomain,
            RemoteMta = e.RemoteMta,
        });

        // A provider's hard/soft verdict wins, except that a block stays a block: it is the sender's problem.
        BounceType type = given == BounceType.Undetermined || c.Type == BounceType.Block ? c.Type : given;
        return (type, c.Reason.ToName(), c.Provider);
    }

    private IEnumerable<Counts> Groups(string domain, string? reason, DateOnly day, string? campaign)
    {
        yield return _total;
        yield return Get(_domains, domain);
        if (reason is not null)
        {
            yield return Get(_reasons, reason);
        }

        if (!_days.TryGetValue(day, out Counts? d))
        {
            _days[day] = d = new Counts();
        }

        yield return d;
        if (campaign is not null)
        {
            yield return Get(_campaigns, campaign);
        }
    }

    private static Counts Get(Dictionary<string, Counts> groups, string key)
    {
        if (!groups.TryGetValue(key, out Counts? counts))
        {
            groups[key] = counts = new Counts();
        }

        return counts;
    }

    private static List<BounceGroup> MostFirst(Dictionary<string, Counts> groups) =>
        [.. groups.Select(g => g.Value.ToGroup(g.Key)).OrderByDescending(g => g.Bounces).ThenBy(g => g.Key, StringComparer.Ordinal)];

    private sealed class Counts
    {
        public long Sent { get; set; }

        public long Bounces { get; private set; }

        private long _hard;
        private long _soft;
        private long _block;

        public void Add(BounceType type)
        {
            Bounces++;
            switch (type)
            {
                case BounceType.Hard: _hard++; break;
                case BounceType.Soft: _soft++; break;
                case BounceType.Block: _block++; break;
                default: break;
            }
        }

        public BounceGroup ToGroup(string key) => new(key, Sent, Bounces, _hard, _soft, _block);
    }
}
