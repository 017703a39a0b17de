using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using BounceKit.Diagnostics;
using BounceKit.Mailchimp.Internal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace BounceKit.Mailchimp;

/// <summary>The parts of the Mailchimp Marketing API v3 that bounce and consent sync need: members, lists, campaigns
/// and campaign email activity.</summary>
/// <remarks>
/// <para>A typed <see cref="HttpClient"/> client. Registered with <c>AddMailchimp</c> it gets Mailchimp's base address,
/// a limit of <see cref="MailchimpOptions.MaxConcurrentRequests"/> requests in flight, and the standard resilience
/// handler (retries of 429, 408 and 5xx with exponential backoff that honours <c>Retry-After</c>, attempt and total
/// timeouts, a circuit breaker). Constructed by hand it uses the <see cref="HttpClient"/> as given.</para>
/// <para>Failures surface as <see cref="MailchimpException"/>. Logs and messages name members by subscriber hash,
/// never by address, and never contain the API key.</para>
/// </remarks>
public sealed class MailchimpClient
{
    /// <summary>The provider tag of this client's metrics.</summary>
    internal const string Provider = "mailchimp";

    private const string MemberFields = "id,email_address,status,list_id,last_changed,member_rating,stats.avg_open_rate,stats.avg_click_rate";

    private readonly HttpClient _http;
    private readonly MailchimpOptions _options;
    private readonly ILogger _logger;
    private readonly AuthenticationHeaderValue _authorization;

    /// <summary>Creates a client over <paramref name="httpClient"/>.</summary>
    /// <param name="httpClient">The HTTP client; its base address is set from <paramref name="options"/> when empty.</param>
    /// <param name="options">The account; <see cref="MailchimpOptions.ApiKey"/> must carry its data center.</param>
    /// <param name="logger">Where to log; none by default.</param>
    /// <exception cref="ArgumentException">The API key has no data-center suffix and no base address is given.</exception>
    public MailchimpClient(HttpClient httpClient, MailchimpOptions options, ILogger<MailchimpClient>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.ApiKey);
        _http = httpClient;
        _options = options;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _http.BaseAddress ??= BaseAddressOf(options);

        // Basic auth: any user name, the key as password (provider-facts 1.1).
        _authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("bouncekit:" + options.ApiKey)));
    }

    /// <summary>Reads a member.</summary>
    /// <param name="listId">The audience.</param>
    /// <param name="emailAddress">The member's address.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The member, or <see langword="null"/> when the address is not on the list (404).</returns>
    /// <exception cref="MailchimpException">Mailchimp answered with another error, or did not answer.</exception>
    public async Task<MailchimpMember?> GetMemberAsync(string listId, string emailAddress, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(listId);
        string path = MemberPath(listId, emailAddress) + "?fields=" + MemberFields;
        MemberWire? member = await SendAsync(HttpMethod.Get, path, "members.get", null, MailchimpJsonContext.Default.MemberWire, notFoundIsNull: true, cancellationToken).ConfigureAwait(false);
        return member?.ToMember();
    }

    /// <summary>Adds or updates a member (<c>PUT /lists/{list_id}/members/{subscriber_hash}</c>).</summary>
    /// <param name="listId">The audience.</param>
    /// <param name="update">What to write; <see cref="MailchimpMemberUpdate.StatusIfNew"/> applies only when the member is created.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The member as Mailchimp stored it.</returns>
    /// <exception cref="InvalidOperationException">The update sets subscribed on a cleaned or unsubscribed member.</exception>
    /// <exception cref="MailchimpException">Mailchimp refused the write, or did not answer.</exception>
    public Task<MailchimpMember> UpsertMemberAsync(string listId, MailchimpMemberUpdate update, CancellationToken cancellationToken = default) =>
        WriteMemberAsync(HttpMethod.Put, "members.upsert", listId, update, cancellationToken);

    /// <summary>Updates an existing member (<c>PATCH /lists/{list_id}/members/{subscriber_hash}</c>).</summary>
    /// <param name="listId">The audience.</param>
    /// <param name="update">What to write.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The member as Mailchimp stored it.</returns>
    /// <exception cref="InvalidOperationException">The update sets subscribed on a cleaned or unsubscribed member.</exception>
    /// <exception cref="MailchimpException">The member does not exist (404), Mailchimp refused the write, or did not answer.</exception>
    public Task<MailchimpMember> UpdateMemberAsync(string listId, MailchimpMemberUpdate update, CancellationToken cancellationToken = default) =>
        WriteMemberAsync(HttpMethod.Patch, "members.update", listId, update, cancellationToken);

    /// <summary>Lists the members of an audience with one status, optionally only those changed since a time.</summary>
    /// <param name="listId">The audience.</param>
    /// <param name="status">The status, typically <see cref="MailchimpMemberStatus.Cleaned"/> or <see cref="MailchimpMemberStatus.Unsubscribed"/>.</param>
    /// <param name="changedSince">Only members whose data changed after this time (<c>since_last_changed</c>).</param>
    /// <param name="cancellationToken">Cancels the listing.</param>
    /// <returns>The members, page by page as Mailchimp returns them.</returns>
    public IAsyncEnumerable<MailchimpMember> GetMembersAsync(string listId, MailchimpMemberStatus status, DateTimeOffset? changedSince = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(listId);
        var path = new StringBuilder($"lists/{Uri.EscapeDataString(listId)}/members?status={Uri.EscapeDataString(status.ToString())}&fields=total_items,members.{MemberFields.Replace(",", ",members.", StringComparison.Ordinal)}");
        if (changedSince is { } since)
        {
            path.Append("&since_last_changed=").Append(Uri.EscapeDataString(WireTime.Format(since)));
        }

        return PageAsync(path.ToString(), "members.list", MailchimpJsonContext.Default.MembersPage, static p => (p.Members, p.TotalItems), static m => m.ToMember(), cancellationToken);
    }

    /// <summary>Lists the ids of the account's audiences.</summary>
    /// <param name="cancellationToken">Cancels the listing.</param>
    /// <returns>The list ids.</returns>
    public IAsyncEnumerable<string> GetListIdsAsync(CancellationToken cancellationToken = default) =>
        PageAsync("lists?fields=total_items,lists.id", "lists.list", MailchimpJsonContext.Default.ListsPage, static p => (p.Lists, p.TotalItems), static l => l.Id ?? throw new FormatException("A list without id."), cancellationToken);

    /// <summary>Lists the campaigns sent since a time, oldest first.</summary>
    /// <param name="sentSince">Only campaigns sent after this time (<c>since_send_time</c>).</param>
    /// <param name="listId">Only campaigns to this audience; all when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the listing.</param>
    /// <returns>The campaigns.</returns>
    public IAsyncEnumerable<MailchimpCampaign> GetCampaignsAsync(DateTimeOffset sentSince, string? listId = null, CancellationToken cancellationToken = default)
    {
        var path = new StringBuilder("campaigns?status=sent&sort_field=send_time&sort_dir=ASC&since_send_time=").Append(Uri.EscapeDataString(WireTime.Format(sentSince)));
        if (listId is not null)
        {
            path.Append("&list_id=").Append(Uri.EscapeDataString(listId));
        }

        return PageAsync(path.ToString(), "campaigns.list", MailchimpJsonContext.Default.CampaignsPage, static p => (p.Campaigns, p.TotalItems), static c => c.ToCampaign(), cancellationToken);
    }

    /// <summary>Reads a campaign's email activity: every member's opens, clicks and bounces (with hard/soft type).</summary>
    /// <param name="campaignId">The campaign.</param>
    /// <param name="since">Only activity after this time (<c>since</c>); all when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the listing.</param>
    /// <returns>One entry per member.</returns>
    public IAsyncEnumerable<MailchimpEmailActivity> GetEmailActivityAsync(string campaignId, DateTimeOffset? since = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(campaignId);
        string path = $"reports/{Uri.EscapeDataString(campaignId)}/email-activity" + (since is { } s ? "?since=" + Uri.EscapeDataString(WireTime.Format(s)) : string.Empty);
        return PageAsync(path, "reports.email-activity", MailchimpJsonContext.Default.EmailActivityPage, static p => (p.Emails, p.TotalItems), e => e.ToActivity(campaignId), cancellationToken);
    }

    private async Task<MailchimpMember> WriteMemberAsync(HttpMethod method, string operation, string listId, MailchimpMemberUpdate update, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(listId);
        ArgumentNullException.ThrowIfNull(update);
        string path = MemberPath(listId, update.EmailAddress);
        if (update.Status == MailchimpMemberStatus.Subscribed)
        {
            // Mailchimp refuses this with 400 "Member In Compliance State", and consent law forbids it; say so
            // before trying, with the fix.
            MemberWire? current = await SendAsync(HttpMethod.Get, path + "?fields=status", "members.get", null, MailchimpJsonContext.Default.MemberWire, notFoundIsNull: true, cancellationToken).ConfigureAwait(false);
            if (current?.Status is { } status && new MailchimpMemberStatus(status).BlocksResubscribe)
            {
                string hash = SubscriberHash.Compute(update.EmailAddress);
                Log.ResubscribeRefused(_logger, hash, listId, status);
                throw new InvalidOperationException($"Member {hash} of list {listId} is {status}; BounceKit never sets a {status} member back to subscribed. Set status 'pending' to ask the person to confirm by email.");
            }
        }

        var body = new MemberWriteWire
        {
            EmailAddress = update.EmailAddress.Trim(),
            Status = update.Status?.ToString(),
            StatusIfNew = method == HttpMethod.Put ? (update.StatusIfNew ?? update.Status)?.ToString() : null,
            MergeFields = update.MergeFields is null ? null : new Dictionary<string, string>(update.MergeFields, StringComparer.Ordinal),
        };
        using HttpContent content = JsonContent.Create(body, MailchimpJsonContext.Default.MemberWriteWire);
        MemberWire? written = await SendAsync(method, path, operation, content, MailchimpJsonContext.Default.MemberWire, notFoundIsNull: false, cancellationToken).ConfigureAwait(false);
        return written!.ToMember();
    }

    private async IAsyncEnumerable<TItem> PageAsync<TPage, TWire, TItem>(
        string path,
        string operation,
        JsonTypeInfo<TPage> pageType,
        Func<TPage, (List<TWire>? Items, int Total)> items,
        Func<TWire, TItem> map,
        [EnumeratorCancellation] CancellationToken cancellationToken)
        where TPage : class
    {
        char separator = path.Contains('?', StringComparison.Ordinal) ? '&' : '?';
        int offset = 0;
        while (true)
        {
            string pagePath = string.Create(CultureInfo.InvariantCulture, $"{path}{separator}count={_options.PageSize}&offset={offset}");
            TPage page = (await SendAsync(HttpMethod.Get, pagePath, operation, null, pageType, notFoundIsNull: false, cancellationToken).ConfigureAwait(false))!;
            (List<TWire>? list, int total) = items(page);
            if (list is null || list.Count == 0)
            {
                yield break;
            }

            foreach (TWire wire in list)
            {
                TItem item;
                try
                {
                    item = map(wire);
                }
                catch (FormatException e)
                {
                    // One unreadable entry never sinks the page.
                    Log.Skipped(_logger, operation, e.Message);
                    continue;
                }

                yield return item;
            }

            offset += list.Count;
            if (offset >= total)
            {
                yield break;
            }
        }
    }

    private async Task<T?> SendAsync<T>(HttpMethod method, string path, string operation, HttpContent? content, JsonTypeInfo<T> responseType, bool notFoundIsNull, CancellationToken cancellationToken)
        where T : class
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        request.Headers.Authorization = _authorization;
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        long started = Stopwatch.GetTimestamp();
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or TimeoutException or OperationCanceledException or Polly.CircuitBreaker.BrokenCircuitException or Polly.Timeout.TimeoutRejectedException && !cancellationToken.IsCancellationRequested)
        {
            string errorType = e.GetType().Name;
            BounceKitMetrics.RecordAdapterRequest(Provider, operation, 0, errorType);
            Log.NoAnswer(_logger, operation, errorType);
            throw new MailchimpException(0, "No answer", $"{errorType}: {e.Message}", operation: operation, innerException: e);
        }

        using (response)
        {
            int status = (int)response.StatusCode;
            Log.Answered(_logger, operation, status, (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            if (response.IsSuccessStatusCode)
            {
                BounceKitMetrics.RecordAdapterRequest(Provider, operation, status, null);
                try
                {
                    return await response.Content.ReadFromJsonAsync(responseType, cancellationToken).ConfigureAwait(false)
                        ?? throw new JsonException("The body is empty.");
                }
                catch (JsonException e)
                {
                    BounceKitMetrics.RecordAdapterRequest(Provider, operation, status, "invalid_json");
                    throw new MailchimpException(status, "Unreadable response", $"The response body is not the JSON Mailchimp documents: {e.Message}", operation: operation, innerException: e);
                }
            }

            if (notFoundIsNull && response.StatusCode == HttpStatusCode.NotFound)
            {
                BounceKitMetrics.RecordAdapterRequest(Provider, operation, status, null);
                return null;
            }

            BounceKitMetrics.RecordAdapterRequest(Provider, operation, status, status.ToString(CultureInfo.InvariantCulture));
            MailchimpException error = await ReadProblemAsync(response, operation, cancellationToken).ConfigureAwait(false);
            Log.Failed(_logger, operation, status, error.Title, error.Instance);
            throw error;
        }
    }

    private static async Task<MailchimpException> ReadProblemAsync(HttpResponseMessage response, string operation, CancellationToken cancellationToken)
    {
        int status = (int)response.StatusCode;
        string? requestId = response.Headers.TryGetValues("X-Request-Id", out IEnumerable<string>? ids) ? ids.FirstOrDefault() : null;
        string body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        ProblemDocument? problem = null;
        if (body.Length > 0)
        {
            try
            {
                problem = JsonSerializer.Deserialize(body, MailchimpJsonContext.Default.ProblemDocument);
            }
            catch (JsonException)
            {
                // Under heavy load Mailchimp may answer 429 or 403 with no JSON body (provider-facts 1.7).
            }
        }

        List<MailchimpFieldError>? errors = problem?.Errors?.Select(e => new MailchimpFieldError(e.Field ?? string.Empty, e.Message ?? string.Empty)).ToList();
        return new MailchimpException(
            status,
            problem?.Title ?? response.ReasonPhrase,
            problem?.Detail,
            problem?.Type,
            problem?.Instance ?? requestId,
            errors,
            operation);
    }

    private static string MemberPath(string listId, string emailAddress) =>
        $"lists/{Uri.EscapeDataString(listId)}/members/{SubscriberHash.Compute(emailAddress)}";

    /// <summary>The API address of an account: <see cref="MailchimpOptions.BaseAddress"/>, else the key's data center;
    /// always ending in '/', so relative paths append to it.</summary>
    internal static Uri BaseAddressOf(MailchimpOptions options)
    {
        Uri uri = options.BaseAddress ?? MailchimpApiKey.BaseAddressFor(options.ApiKey);
        return uri.AbsoluteUri.EndsWith('/') ? uri : new Uri(uri.AbsoluteUri + "/");
    }
}
