using BounceKit.Classification;

namespace BounceKit.MarketingCloud.Planning;

/// <summary>Builds the CRM write-back plan from SFMC's own verdict: flag subscribers that SFMC holds and that bounced in
/// the window, clear CRM flags of subscribers SFMC has active again.</summary>
/// <remarks>
/// <para>A <c>_Bounce</c> row is not proof that an address is dead: SFMC treats hard bounces from untrusted domains like
/// soft ones and keeps mailing. The CRM-worthy signal is the subscriber reaching Held in <c>_Subscribers</c> (product
/// rule 2). Rules (product rule 5 and the <c>sfmc plan</c> contract):</para>
/// <list type="bullet">
/// <item><c>flag</c> every subscriber whose status is <c>held</c> and who has a bounce in
/// [<see cref="SfmcPlanOptions.Since"/>, <see cref="SfmcPlanOptions.Until"/>), dated by the most recent such bounce,
/// with that bounce's reason cut to <see cref="SfmcPlanOptions.ReasonLength"/>; with
/// <see cref="SfmcPlanOptions.RequireHardBounce"/>, only when those bounces include a <c>Hard bounce</c> row;</item>
/// <item><c>clear</c> every CRM-flagged key whose status is <c>active</c> again (an open or click reset it);</item>
/// <item>one row per subscriber, ordered by subscriber key (ordinal); the object comes from the key's prefix.</item>
/// </list>
/// <para>Bounces stream through once and only the latest bounce per subscriber in the window is kept, then subscribers
/// stream through once: memory grows with the subscribers that bounced in the window, not with the extracts.</para>
/// </remarks>
public static class SfmcHeldPlanner
{
    /// <summary>Builds the plan.</summary>
    /// <param name="bounces">The <c>_Bounce</c> rows (any order, any span; outside the window they are ignored).</param>
    /// <param name="subscribers">The <c>_Subscribers</c> rows.</param>
    /// <param name="crmFlagged">Keys the CRM currently has flagged; none when <see langword="null"/>.</param>
    /// <param name="options">The window and limits.</param>
    /// <returns>The plan, ordered by subscriber key.</returns>
    /// <exception cref="ArgumentException">The options are invalid; the message names each problem.</exception>
    public static IReadOnlyList<SfmcPlanRow> Plan(IEnumerable<SfmcBounceRecord> bounces, IEnumerable<SfmcSubscriberRecord> subscribers, IEnumerable<string>? crmFlagged, SfmcPlanOptions options)
    {
        ArgumentNullException.ThrowIfNull(bounces);
        ArgumentNullException.ThrowIfNull(subscribers);
        var plan = new Accumulator(options, crmFlagged);
        foreach (SfmcBounceRecord b in bounces)
        {
            plan.Add(b);
        }

        foreach (SfmcSubscriberRecord s in subscribers)
        {
            plan.Add(s);
        }

        return plan.Rows();
    }

    /// <summary>Builds the plan from asynchronous sources, such as data extension rows read over REST.</summary>
    /// <param name="bounces">The bounce rows.</param>
    /// <param name="subscribers">The subscriber rows, read after the bounces.</param>
    /// <param name="crmFlagged">Keys the CRM currently has flagged; none when <see langword="null"/>.</param>
    /// <param name="options">The window and limits.</param>
    /// <param name="cancellationToken">Cancels the reading.</param>
    /// <returns>The plan, ordered by subscriber key.</returns>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public static async Task<IReadOnlyList<SfmcPlanRow>> PlanAsync(IAsyncEnumerable<SfmcBounceRecord> bounces, IAsyncEnumerable<SfmcSubscriberRecord> subscribers, IEnumerable<string>? crmFlagged, SfmcPlanOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(bounces);
        ArgumentNullException.ThrowIfNull(subscribers);
        var plan = new Accumulator(options, crmFlagged);
        await foreach (SfmcBounceRecord b in bounces.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            plan.Add(b);
        }

        await foreach (SfmcSubscriberRecord s in subscribers.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            plan.Add(s);
        }

        return plan.Rows();
    }

    /// <summary>The CRM object a Salesforce id names: <c>003</c> Contact, <c>00Q</c> Lead, anything else unknown.</summary>
    /// <param name="subscriberKey">The key.</param>
    /// <returns>The object.</returns>
    public static SalesforceObject ObjectOf(string subscriberKey)
    {
        ArgumentNullException.ThrowIfNull(subscriberKey);
        ReadOnlySpan<char> key = subscriberKey.AsSpan().Trim();

        // Salesforce ids are 15 or 18 characters of letters and digits; the prefix alone would also match an address
        // such as "003@example.com".
        if (key.Length is not (15 or 18) || key.ContainsAnyExcept(IdCharacters))
        {
            return SalesforceObject.Unknown;
        }

        return key.StartsWith("003", StringComparison.Ordinal) ? SalesforceObject.Contact
            : key.StartsWith("00Q", StringComparison.Ordinal) ? SalesforceObject.Lead
            : SalesforceObject.Unknown;
    }

    private static string? Truncate(string? text, int length) => text is null || text.Length <= length ? text : text[..length];

    private static readonly System.Buffers.SearchValues<char> IdCharacters =
        System.Buffers.SearchValues.Create("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ");

    /// <summary>The plan's rules, fed one row at a time: bounces first, then subscribers.</summary>
    private sealed class Accumulator
    {
        private readonly SfmcPlanOptions _options;
        private readonly HashSet<string> _flagged;
        private readonly Dictionary<string, Latest> _latest = new(StringComparer.Ordinal);
        private readonly Dictionary<string, SfmcPlanRow> _rows = new(StringComparer.Ordinal);

        public Accumulator(SfmcPlanOptions options, IEnumerable<string>? crmFlagged)
        {
            ArgumentNullException.ThrowIfNull(options);
            if (options.Validate() is { Count: > 0 } errors)
            {
                throw new ArgumentException("Invalid plan options: " + string.Join(" ", errors), nameof(options));
            }

            _options = options;
            _flagged = crmFlagged is null ? [] : new HashSet<string>(crmFlagged.Select(k => k.Trim()).Where(k => k.Length > 0), StringComparer.Ordinal);
        }

        public void Add(SfmcBounceRecord b)
        {
            if (b.EventDate < _options.Since || b.EventDate >= _options.Until)
            {
                return;
            }

            bool hard = b.BounceCategory == SfmcBounceCategory.Hard;
            if (_latest.TryGetValue(b.SubscriberKey, out Latest? seen))
            {
                seen.HasHard |= hard;
                if (b.EventDate > seen.Bounce.EventDate)
                {
                    seen.Bounce = b;
                }
            }
            else
            {
                _latest[b.SubscriberKey] = new Latest(b) { HasHard = hard };
            }
        }

        public void Add(SfmcSubscriberRecord s)
        {
            if (s.IsHeld && _latest.TryGetValue(s.SubscriberKey, out Latest? l) && (!_options.RequireHardBounce || l.HasHard))
            {
                _rows[s.SubscriberKey] = new SfmcPlanRow
                {
                    SubscriberKey = s.SubscriberKey,
                    CrmObject = ObjectOf(s.SubscriberKey),
                    Action = SfmcPlanAction.Flag,
                    HardBounceDate = l.Bounce.EventDate,
                    Reason = Truncate(l.Bounce.SmtpBounceReason, _options.ReasonLength),
                    BounceCategory = l.Bounce.BounceCategory.Value.Length == 0 ? null : l.Bounce.BounceCategory.Value,
                    SmtpCode = l.Bounce.SmtpCode,
                    Email = s.EmailAddress,
                };
            }
            else if (s.IsActive && _flagged.Contains(s.SubscriberKey))
            {
                _rows[s.SubscriberKey] = new SfmcPlanRow
                {
                    SubscriberKey = s.SubscriberKey,
                    CrmObject = ObjectOf(s.SubscriberKey),
                    Action = SfmcPlanAction.Clear,
                    Email = s.EmailAddress,
                };
            }
        }

        public IReadOnlyList<SfmcPlanRow> Rows() => [.. _rows.Values.OrderBy(r => r.SubscriberKey, StringComparer.Ordinal)];
    }

    private sealed class Latest(SfmcBounceRecord bounce)
    {
        public SfmcBounceRecord Bounce { get; set; } = bounce;

        public bool HasHard { get; set; }
    }
}
