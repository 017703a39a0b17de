using System.Globalization;
using System.Runtime.CompilerServices;
using BounceKit.Events;
using BounceKit.Mailchimp.Internal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace BounceKit.Mailchimp;

/// <summary>Reads a Mailchimp account's deliverability events through the Marketing API: campaign bounces with their
/// hard/soft type, opens and clicks, cleaned members and unsubscribes.</summary>
/// <remarks>
/// <para>What becomes what (every event's subscriber key is the member id, the subscriber hash):</para>
/// <list type="table">
/// <item><term>email activity <c>bounce</c>, <c>type</c> hard/soft</term><description>a bounce with that type; the campaign is the job, so Mailchimp's retries of one send count once</description></item>
/// <item><term>email activity <c>open</c> / <c>click</c></term><description>an open / a click (engagement: resets SFMC-style bounce state, and marks a Mailchimp member as engaged)</description></item>
/// <item><term>member <c>cleaned</c></term><description>a hard bounce at <c>last_changed</c>: Mailchimp's own verdict (the API does not say whether an abuse report caused it; webhooks do)</description></item>
/// <item><term>member <c>unsubscribed</c></term><description>an unsubscribe at <c>last_changed</c> (consent, never a bounce)</description></item>
/// </list>
/// <para>Event ids are stable (<c>mailchimp:activity:…</c>, <c>mailchimp:member:…</c>), so reading a span twice adds
/// nothing to a ledger. <see cref="ReadNewAsync"/> resumes from a checkpoint that is written only after the whole
/// span was handed over.</para>
/// </remarks>
public sealed class MailchimpEventSource
{
    private static readonly MailchimpMemberStatus[] MemberStatusesRead = [MailchimpMemberStatus.Cleaned, MailchimpMemberStatus.Unsubscribed];

    private readonly MailchimpClient _client;
    private readonly MailchimpOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    /// <summary>Creates a source over <paramref name="client"/>.</summary>
    /// <param name="client">The API client.</param>
    /// <param name="options">The account's options (list, look-back spans).</param>
    /// <param name="timeProvider">The clock; the system clock by default.</param>
    /// <param name="logger">Where to log; none by default.</param>
    public MailchimpEventSource(MailchimpClient client, MailchimpOptions options, TimeProvider? timeProvider = null, ILogger<MailchimpEventSource>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        _client = client;
        _options = options;
        _time = timeProvider ?? TimeProvider.System;
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    /// <summary>Reads the events between two times.</summary>
    /// <param name="since">The start (inclusive).</param>
    /// <param name="until">The end (exclusive); now by default.</param>
    /// <param name="listId">One audience; by default <see cref="MailchimpOptions.ListId"/>, or every audience of the account.</param>
    /// <param name="cancellationToken">Cancels the reading.</param>
    /// <returns>Members' events first (cleaned, unsubscribed), then campaign activity, campaign by campaign.</returns>
    /// <exception cref="MailchimpException">The API failed after its retries.</exception>
    public async IAsyncEnumerable<DeliverabilityEvent> ReadAsync(DateTimeOffset since, DateTimeOffset? until = null, string? listId = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        DateTimeOffset end = until ?? _time.GetUtcNow();
        listId ??= _options.ListId;
        var lists = new List<string>();
        if (listId is not null)
        {
            lists.Add(listId);
        }
        else
        {
            await foreach (string id in _client.GetListIdsAsync(cancellationToken).ConfigureAwait(false))
            {
                lists.Add(id);
            }
        }

        int count = 0;
        foreach (string list in lists)
        {
            foreach (MailchimpMemberStatus status in MemberStatusesRead)
            {
                await foreach (MailchimpMember member in _client.GetMembersAsync(list, status, since, cancellationToken).ConfigureAwait(false))
                {
                    if (FromMember(member, end) is { } e)
                    {
                        count++;
                        yield return e;
                    }
                }
            }
        }

        // Activity on a campaign keeps arriving after the send, so campaigns sent a while before 'since' are read too.
        await foreach (MailchimpCampaign campaign in _client.GetCampaignsAsync(since - _options.CampaignLookback, listId, cancellationToken).ConfigureAwait(false))
        {
            await foreach (MailchimpEmailActivity activity in _client.GetEmailActivityAsync(campaign.Id, since, cancellationToken).ConfigureAwait(false))
            {
                foreach (MailchimpActivity item in activity.Activity)
                {
                    if (item.Timestamp >= since && item.Timestamp < end && FromActivity(activity, item) is { } e)
                    {
                        count++;
                        yield return e;
                    }
                }
            }
        }

        Log.Read(_logger, count, lists.Count, since, end);
    }

    /// <summary>Reads the events since the last completed run and then moves the checkpoint to now.</summary>
    /// <param name="checkpoints">Where the position is kept (the SQLite ledger is one).</param>
    /// <param name="listId">One audience; by default <see cref="MailchimpOptions.ListId"/>, or every audience.</param>
    /// <param name="cancellationToken">Cancels the reading; the checkpoint then stays where it was.</param>
    /// <returns>The events. The first run starts <see cref="MailchimpOptions.InitialLookback"/> ago; later runs start
    /// <see cref="MailchimpOptions.Overlap"/> before the previous run's end.</returns>
    public async IAsyncEnumerable<DeliverabilityEvent> ReadNewAsync(ICheckpointStore checkpoints, string? listId = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(checkpoints);
        listId ??= _options.ListId;
        string key = CheckpointKey(listId);
        DateTimeOffset until = _time.GetUtcNow();
        string? stored = await checkpoints.GetCheckpointAsync(key, cancellationToken).ConfigureAwait(false);
        DateTimeOffset since = stored is not null && DateTimeOffset.TryParse(stored, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out DateTimeOffset last)
            ? last - _options.Overlap
            : until - _options.InitialLookback;

        await foreach (DeliverabilityEvent e in ReadAsync(since, until, listId, cancellationToken).ConfigureAwait(false))
        {
            yield return e;
        }

        // Only reached when the caller took every event: a run that stops early re-reads next time.
        await checkpoints.SetCheckpointAsync(key, until.ToString("O", CultureInfo.InvariantCulture), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The checkpoint key of a list: <c>mailchimp:&lt;dc&gt;:&lt;list&gt;</c> (<c>*</c> for every list).</summary>
    /// <param name="listId">The audience; by default <see cref="MailchimpOptions.ListId"/>, or every audience.</param>
    /// <returns>The key.</returns>
    public string CheckpointKey(string? listId) =>
        $"mailchimp:{(MailchimpApiKey.TryGetDataCenter(_options.ApiKey, out string dc) ? dc : "-")}:{listId ?? _options.ListId ?? "*"}";

    private static DeliverabilityEvent? FromMember(MailchimpMember member, DateTimeOffset until)
    {
        if (member.LastChanged is not { } at || at >= until || member.EmailAddress.Length == 0)
        {
            return null;
        }

        bool cleaned = member.Status == MailchimpMemberStatus.Cleaned;
        return new DeliverabilityEvent(
            $"mailchimp:member:{member.ListId}:{member.Id}:{member.Status}:{Stamp(at)}",
            member.Id,
            at,
            cleaned ? DeliverabilityEventKind.Bounce : DeliverabilityEventKind.Unsubscribe)
        {
            Email = member.EmailAddress,
            BounceType = cleaned ? GivenBounceType.Hard : GivenBounceType.Unknown,
            RecipientDomain = DeliverabilityEvent.DomainOf(member.EmailAddress),
        };
    }

    private static DeliverabilityEvent? FromActivity(MailchimpEmailActivity activity, MailchimpActivity item)
    {
        DeliverabilityEventKind? kind = item.Action switch
        {
            "bounce" => DeliverabilityEventKind.Bounce,
            "open" => DeliverabilityEventKind.Open,
            "click" => DeliverabilityEventKind.Click,
            _ => null,
        };
        if (kind is null)
        {
            return null;
        }

        return new DeliverabilityEvent($"mailchimp:activity:{activity.CampaignId}:{activity.EmailId}:{item.Action}:{Stamp(item.Timestamp)}", activity.EmailId, item.Timestamp, kind.Value)
        {
            Email = activity.EmailAddress.Length == 0 ? null : activity.EmailAddress,
            JobId = activity.CampaignId,
            BounceType = item.BounceType,
            RecipientDomain = DeliverabilityEvent.DomainOf(activity.EmailAddress),
        };
    }

    private static string Stamp(DateTimeOffset t) => t.UtcDateTime.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);
}
