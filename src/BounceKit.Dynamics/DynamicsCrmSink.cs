using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using BounceKit.Diagnostics;
using BounceKit.Dynamics.Internal;
using BounceKit.Policy;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace BounceKit.Dynamics;

/// <summary>Writes <see cref="CrmProjection"/>s onto Dataverse contacts and leads over the Web API v9.2.</summary>
/// <remarks>
/// <para>A subscriber key is the row's GUID: <c>{guid}</c> names a row of <see cref="DynamicsOptions.DefaultEntity"/>,
/// <c>contact:{guid}</c> or <c>lead:{guid}</c> names its table. Any other key is
/// <see cref="CrmWriteOutcome.Rejected"/> without a call.</para>
/// <para>Every update is <c>PATCH {org}/api/data/v9.2/contacts({id})</c> with <c>If-Match: *</c>, so Dataverse updates
/// an existing row and never creates one: a missing row answers 404 (and 412 would be a failed precondition); both are
/// <see cref="CrmWriteOutcome.NotFound"/> (provider-facts 3.2, product errata). Several records go as one
/// <c>POST $batch</c> per <see cref="DynamicsOptions.BatchSize"/> records, without change sets and with
/// <c>Prefer: odata.continue-on-error</c>: a change set is atomic, so one refused record would roll back the others,
/// and the updates are independent. A lone record goes as a single <c>PATCH</c>. At most
/// <see cref="DynamicsOptions.MaxConcurrentRequests"/> calls are in flight.</para>
/// <para>The bounce columns are always written (clearing sets the flag false and the date null). <c>donotbulkemail</c>
/// and <c>donotsendmm</c>, where true means do not send, are written only from a known
/// <see cref="CrmProjection.Consent"/>: Unsubscribed writes true, Subscribed false. The sink never reads first, so
/// it never reports <see cref="CrmWriteOutcome.Unchanged"/>.</para>
/// <para>Per record: 2xx is Written; 404 and 412 NotFound; 408, 429 and 5xx (after the resilience handler's retries,
/// which honour <c>Retry-After</c>) or no answer Retryable; other statuses Rejected with Dataverse's error code and
/// message (addresses masked). A call answered 401 is tried once more with a new token; a second 401 or a failed
/// token request throws <see cref="DynamicsException"/>. Logs never contain a token, the secret or an address.</para>
/// <para>With <see cref="DynamicsOptions.CampaignResponses"/> enabled, a record whose update was Written and whose
/// projection is hard-bounced or unsubscribed also gets a <c>campaignresponse</c> under the configured campaign:
/// created with <c>PATCH campaignresponses({id})</c> and <c>If-None-Match: *</c> (create-only), where the id is derived
/// from the campaign, the record, the response code and the bounce date, so a projection written again finds its
/// response there (412) and adds none. Responses go after the records of the same call (one <c>PATCH</c>, or a
/// follow-up <c>$batch</c>), never in the records' batch: a request inside a batch cannot depend on another's outcome
/// without a change set, and a change set would let a failed response roll back its record. A response that is not
/// created leaves the record <see cref="CrmWriteOutcome.Written"/> (it was), with a message saying which response
/// failed and why, and is logged (event 1506).</para>
/// </remarks>
public sealed class DynamicsCrmSink : ICrmSink
{
    /// <summary>The provider tag of this sink's metrics.</summary>
    internal const string Provider = "dynamics";

    private const string UpdateOperation = "records.update";
    private const string BatchOperation = "records.batch";
    private const string CampaignResponseOperation = "campaignresponses.create";
    private const string CampaignResponseBatchOperation = "campaignresponses.batch";

    private readonly HttpClient _http;
    private readonly DynamicsOptions _options;
    private readonly IDynamicsTokenProvider _tokens;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly Uri _apiBase;

    /// <summary>Creates a sink over <paramref name="httpClient"/>.</summary>
    /// <param name="httpClient">The HTTP client; requests use absolute addresses.</param>
    /// <param name="options">The environment and columns.</param>
    /// <param name="tokenProvider">Supplies tokens; when null, client credentials from <paramref name="options"/> are
    /// used with a token cache of this sink's own.</param>
    /// <param name="logger">Where to log; none by default.</param>
    /// <param name="timeProvider">The clock that decides when a token expires and dates unsubscribe campaign responses;
    /// the system clock by default.</param>
    /// <exception cref="ArgumentException">The organization URL is missing, or credentials are missing while no token
    /// provider is given.</exception>
    public DynamicsCrmSink(HttpClient httpClient, DynamicsOptions options, IDynamicsTokenProvider? tokenProvider = null, ILogger<DynamicsCrmSink>? logger = null, TimeProvider? timeProvider = null)
        : this(httpClient, options, tokenProvider ?? new EntraTokenProvider(() => httpClient, options ?? throw new ArgumentNullException(nameof(options)), TokenCache.Create(timeProvider ?? TimeProvider.System), (ILogger?)logger ?? NullLogger.Instance), (ILogger?)logger, timeProvider)
    {
    }

    internal DynamicsCrmSink(HttpClient httpClient, DynamicsOptions options, IDynamicsTokenProvider tokenProvider, ILogger? logger, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(tokenProvider);
        if (options.OrganizationUrl is not { IsAbsoluteUri: true } org)
        {
            throw new ArgumentException("OrganizationUrl must be an absolute URL such as https://contoso.crm.dynamics.com/.", nameof(options));
        }

        _http = httpClient;
        _options = options;
        _tokens = tokenProvider;
        _logger = logger ?? NullLogger.Instance;
        _time = timeProvider ?? TimeProvider.System;
        _apiBase = new Uri(new Uri(org.GetLeftPart(UriPartial.Authority) + "/"), "api/data/v9.2/");
    }

    /// <inheritdoc />
    /// <exception cref="DynamicsException">No token could be obtained, or Dataverse rejected a fresh token (401).</exception>
    public async Task<IReadOnlyList<CrmWriteResult>> WriteAsync(IReadOnlyList<CrmProjection> projections, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(projections);
        var results = new CrmWriteResult?[projections.Count];
        var pending = new List<Item>(projections.Count);
        DynamicsCampaignResponseOptions campaignResponses = _options.CampaignResponses ?? new DynamicsCampaignResponseOptions();
        DateTimeOffset now = _time.GetUtcNow();
        for (int i = 0; i < projections.Count; i++)
        {
            CrmProjection projection = projections[i] ?? throw new ArgumentException($"Projection {i} is null.", nameof(projections));
            if (RecordKey.TryParse(projection.SubscriberKey, _options.DefaultEntity, out RecordKey key))
            {
                pending.Add(new Item(i, projection.SubscriberKey, key, Payload.For(projection, _options), CampaignResponse.For(projection, key, campaignResponses, now)));
            }
            else
            {
                results[i] = new CrmWriteResult(projection.SubscriberKey ?? string.Empty, CrmWriteOutcome.Rejected, "The subscriber key is not a Dataverse row id: expected {guid}, contact:{guid} or lead:{guid}.");
            }
        }

        var parallel = new ParallelOptions { MaxDegreeOfParallelism = _options.MaxConcurrentRequests, CancellationToken = cancellationToken };
        var tally = new CampaignResponseTally();
        try
        {
            await Parallel.ForEachAsync(pending.Chunk(_options.BatchSize), parallel, async (chunk, ct) =>
            {
                if (chunk.Length == 1)
                {
                    await UpdateAsync(chunk[0], results, ct).ConfigureAwait(false);
                }
                else
                {
                    await BatchAsync(chunk, results, ct).ConfigureAwait(false);
                }

                await CreateCampaignResponsesAsync(chunk, results, tally, ct).ConfigureAwait(false);
            }).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The contract: what was not written is retryable, not lost.
        }

        for (int i = 0; i < results.Length; i++)
        {
            results[i] ??= new CrmWriteResult(projections[i].SubscriberKey, CrmWriteOutcome.Retryable, "Cancelled before it was written.");
        }

        Log.Wrote(
            _logger,
            results.Length,
            results.Count(r => r!.Outcome == CrmWriteOutcome.Written),
            results.Count(r => r!.Outcome == CrmWriteOutcome.NotFound),
            results.Count(r => r!.Outcome == CrmWriteOutcome.Rejected),
            results.Count(r => r!.Outcome == CrmWriteOutcome.Retryable));
        if (tally.Total > 0)
        {
            Log.CampaignResponses(_logger, tally.Created, tally.Existing, tally.Failed);
        }

        return results!;
    }

    private async Task UpdateAsync(Item item, CrmWriteResult?[] results, CancellationToken cancellationToken)
    {
        // Update only: without If-Match a PATCH to a missing id creates the row (provider-facts 3.2).
        Reply? reply = await PatchAsync(item.Key.Path, item.Json, createOnly: false, UpdateOperation, cancellationToken).ConfigureAwait(false);
        results[item.Index] = reply is null
            ? new CrmWriteResult(item.SubscriberKey, CrmWriteOutcome.Retryable, "No answer from Dataverse.")
            : ResultOf(item.SubscriberKey, reply.Status, reply.Body);
    }

    private async Task BatchAsync(Item[] chunk, CrmWriteResult?[] results, CancellationToken cancellationToken)
    {
        (Reply? reply, BatchPartResponse?[]? parts) = await PostBatchAsync([.. chunk.Select(i => (i.Key.Path, i.Json))], createOnly: false, BatchOperation, cancellationToken).ConfigureAwait(false);
        if (reply is null)
        {
            Fill(chunk, results, CrmWriteOutcome.Retryable, "No answer from Dataverse.");
            return;
        }

        if (parts is null)
        {
            (string? code, string? message) = ReadError(reply.Body);
            CrmWriteOutcome outcome = IsTransient(reply.Status) ? CrmWriteOutcome.Retryable : CrmWriteOutcome.Rejected;
            Fill(chunk, results, outcome, "Batch failed: " + DynamicsException.Describe(reply.Status, code, message));
            return;
        }

        for (int i = 0; i < chunk.Length; i++)
        {
            results[chunk[i].Index] = parts[i] is not { } part
                ? new CrmWriteResult(chunk[i].SubscriberKey, CrmWriteOutcome.Retryable, "The batch answer has no response for this record.")
                : ResultOf(chunk[i].SubscriberKey, part.Status, part.Body);
        }
    }

    /// <summary>Creates the campaign responses of the chunk's records that were written, and notes each one that was
    /// not created in its record's message.</summary>
    private async Task CreateCampaignResponsesAsync(Item[] chunk, CrmWriteResult?[] results, CampaignResponseTally tally, CancellationToken cancellationToken)
    {
        // Only after the record's own update succeeded: NotFound, Rejected and Retryable records get none, so a response
        // never describes a state the CRM does not show, nor names a row that does not exist.
        var pending = new List<(Item Item, CampaignResponseRequest Request)>();
        foreach (Item item in chunk)
        {
            if (item.CampaignResponses.Length > 0 && results[item.Index]?.Outcome == CrmWriteOutcome.Written)
            {
                pending.AddRange(item.CampaignResponses.Select(r => (item, r)));
            }
        }

        if (pending.Count == 0)
        {
            return;
        }

        var outcomes = new CreateOutcome?[pending.Count];
        try
        {
            int offset = 0;
            foreach ((Item Item, CampaignResponseRequest Request)[] part in pending.Chunk(_options.BatchSize))
            {
                if (part.Length == 1)
                {
                    CampaignResponseRequest request = part[0].Request;
                    Reply? reply = await PatchAsync(request.Path, request.Json, createOnly: true, CampaignResponseOperation, cancellationToken).ConfigureAwait(false);
                    outcomes[offset] = reply is null ? CreateOutcome.NoAnswer : CreateOutcome.Of(reply.Status, reply.Body);
                }
                else
                {
                    (Reply? reply, BatchPartResponse?[]? parts) = await PostBatchAsync([.. part.Select(p => (p.Request.Path, p.Request.Json))], createOnly: true, CampaignResponseBatchOperation, cancellationToken).ConfigureAwait(false);
                    for (int i = 0; i < part.Length; i++)
                    {
                        outcomes[offset + i] = reply is null ? CreateOutcome.NoAnswer
                            : parts is null ? CreateOutcome.BatchFailed(reply.Status, reply.Body)
                            : parts[i] is { } answer ? CreateOutcome.Of(answer.Status, answer.Body)
                            : CreateOutcome.Unanswered;
                    }
                }

                offset += part.Length;
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The records are written; say so, and which responses were never sent, before the cancellation goes on.
            Report(pending, outcomes, results, tally, CreateOutcome.Cancelled);
            throw;
        }

        Report(pending, outcomes, results, tally, CreateOutcome.Unanswered);
    }

    private void Report(List<(Item Item, CampaignResponseRequest Request)> pending, CreateOutcome?[] outcomes, CrmWriteResult?[] results, CampaignResponseTally tally, CreateOutcome missing)
    {
        var notes = new Dictionary<int, List<string>>();
        var failures = new Dictionary<(string Kind, int Status, string? Code), int>();
        for (int i = 0; i < pending.Count; i++)
        {
            (Item item, CampaignResponseRequest request) = pending[i];
            CreateOutcome outcome = outcomes[i] ?? missing;
            if (outcome.Failure is null)
            {
                tally.Add(outcome.Status == (int)HttpStatusCode.PreconditionFailed ? CampaignResponseTally.ExistingSlot : CampaignResponseTally.CreatedSlot);
                continue;
            }

            tally.Add(CampaignResponseTally.FailedSlot);
            if (!notes.TryGetValue(item.Index, out List<string>? list))
            {
                notes[item.Index] = list = [];
            }

            list.Add($"its {request.Kind} campaign response was not created: {outcome.Failure}");
            failures[(request.Kind, outcome.Status, outcome.ErrorCode)] = failures.GetValueOrDefault((request.Kind, outcome.Status, outcome.ErrorCode)) + 1;
        }

        foreach ((int index, List<string> list) in notes)
        {
            results[index] = results[index]! with { Message = "Written, but " + string.Join("; ", list) };
        }

        foreach (((string kind, int status, string? code), int count) in failures)
        {
            Log.CampaignResponsesFailed(_logger, count, kind, status, code);
        }
    }

    private Task<Reply?> PatchAsync(string path, string json, bool createOnly, string operation, CancellationToken cancellationToken) =>
        SendAsync(
            () =>
            {
                var request = new HttpRequestMessage(HttpMethod.Patch, new Uri(_apiBase, path))
                {
                    Content = new StringContent(json, Encoding.UTF8, "application/json"),
                };

                // If-Match: * updates only (a missing row is 404), If-None-Match: * creates only (an existing one is 412).
                if (createOnly)
                {
                    request.Headers.IfNoneMatch.Add(EntityTagHeaderValue.Any);
                }
                else
                {
                    request.Headers.IfMatch.Add(EntityTagHeaderValue.Any);
                }

                return request;
            },
            operation,
            1,
            cancellationToken);

    /// <summary>One <c>$batch</c> call. Parts holds the answer to each request in order (null where the answer has
    /// none), or is null when the call failed as a whole (Reply null: no answer at all).</summary>
    private async Task<(Reply? Reply, BatchPartResponse?[]? Parts)> PostBatchAsync(IReadOnlyList<(string Path, string Json)> requests, bool createOnly, string operation, CancellationToken cancellationToken)
    {
        string boundary = "batch_" + Guid.NewGuid().ToString("N");
        string body = Multipart.BuildBatch(boundary, _apiBase, requests, createOnly);
        Reply? reply = await SendAsync(
            () =>
            {
                var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_apiBase, "$batch"))
                {
                    Content = new StringContent(body, Encoding.UTF8),
                };
                request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse($"multipart/mixed; boundary={boundary}");

                // Without it Dataverse stops at the first failed request and the rest go unanswered.
                request.Headers.Add("Prefer", "odata.continue-on-error");
                return request;
            },
            operation,
            requests.Count,
            cancellationToken).ConfigureAwait(false);
        if (reply is null || reply.Status != (int)HttpStatusCode.OK || Multipart.BoundaryOf(reply.ContentType) is not { } responseBoundary)
        {
            return (reply, null);
        }

        List<BatchPartResponse> parts = Multipart.ParseBatchResponse(reply.Body, responseBoundary);
        bool byContentId = parts.Count > 0 && parts.TrueForAll(p => p.ContentId is not null);
        var ordered = new BatchPartResponse?[requests.Count];
        for (int i = 0; i < ordered.Length; i++)
        {
            string contentId = (i + 1).ToString(CultureInfo.InvariantCulture);
            ordered[i] = byContentId ? parts.Find(p => p.ContentId == contentId) : i < parts.Count ? parts[i] : null;
        }

        return (reply, ordered);
    }

    /// <summary>One call with a token; a 401 gets one more try with a new token. Null when no answer came after the
    /// resilience handler's retries.</summary>
    private async Task<Reply?> SendAsync(Func<HttpRequestMessage> build, string operation, int records, CancellationToken cancellationToken)
    {
        string token = await _tokens.GetAccessTokenAsync(forceRefresh: false, cancellationToken).ConfigureAwait(false);
        Reply? reply = await ExchangeAsync(build, token, operation, records, cancellationToken).ConfigureAwait(false);
        if (reply?.Status == (int)HttpStatusCode.Unauthorized)
        {
            Log.TokenRejected(_logger, operation);
            token = await _tokens.GetAccessTokenAsync(forceRefresh: true, cancellationToken).ConfigureAwait(false);
            reply = await ExchangeAsync(build, token, operation, records, cancellationToken).ConfigureAwait(false);
            if (reply?.Status == (int)HttpStatusCode.Unauthorized)
            {
                (string? code, string? message) = ReadError(reply.Body);
                throw new DynamicsException(reply.Status, code, message ?? "Dataverse rejected a freshly issued token: check that the app registration is an enabled application user with a security role.", operation);
            }
        }

        return reply;
    }

    private async Task<Reply?> ExchangeAsync(Func<HttpRequestMessage> build, string token, string operation, int records, CancellationToken cancellationToken)
    {
        long started = Stopwatch.GetTimestamp();
        using HttpRequestMessage request = build();
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Headers.Add("OData-Version", "4.0");
        request.Headers.Add("OData-MaxVersion", "4.0");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or TimeoutException or OperationCanceledException or Polly.CircuitBreaker.BrokenCircuitException or Polly.Timeout.TimeoutRejectedException or Polly.RateLimiting.RateLimiterRejectedException && !cancellationToken.IsCancellationRequested)
        {
            string errorType = e.GetType().Name;
            BounceKitMetrics.RecordAdapterRequest(Provider, operation, 0, errorType);
            Log.NoAnswer(_logger, operation, records, errorType);
            return null;
        }

        using (response)
        {
            int status = (int)response.StatusCode;
            Log.Answered(_logger, operation, status, (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            string body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            bool campaignResponses = operation is CampaignResponseOperation or CampaignResponseBatchOperation;

            // A create-only PATCH answered 412 found the response already there: the outcome it exists to reach.
            bool success = response.IsSuccessStatusCode || (operation == CampaignResponseOperation && status == (int)HttpStatusCode.PreconditionFailed);
            BounceKitMetrics.RecordAdapterRequest(Provider, operation, status, success ? null : status.ToString(CultureInfo.InvariantCulture));

            // Campaign responses that were not created are logged by kind and status once their outcomes are known (1506).
            if (!success && !campaignResponses && status != (int)HttpStatusCode.Unauthorized)
            {
                (string? code, _) = ReadError(body);
                Log.CallFailed(_logger, operation, records, status, code, IsTransient(status) ? "retryable" : "not written");
            }

            return new Reply(status, body, response.Content.Headers.ContentType?.ToString());
        }
    }

    private static CrmWriteResult ResultOf(string subscriberKey, int status, string body)
    {
        if (status is >= 200 and < 300)
        {
            return new CrmWriteResult(subscriberKey, CrmWriteOutcome.Written);
        }

        (string? code, string? message) = ReadError(body);
        string text = DynamicsException.Describe(status, code, message);
        CrmWriteOutcome outcome = status switch
        {
            // 404: If-Match: * on a missing row. 412: a failed precondition. Neither wrote anything (product errata).
            404 or 412 => CrmWriteOutcome.NotFound,
            _ when IsTransient(status) => CrmWriteOutcome.Retryable,
            _ => CrmWriteOutcome.Rejected,
        };
        return new CrmWriteResult(subscriberKey, outcome, text);
    }

    private static bool IsTransient(int status) => status is 401 or 408 or 429 or >= 500;

    private static (string? Code, string? Message) ReadError(string body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return (null, null);
        }

        try
        {
            return JsonSerializer.Deserialize(body, DynamicsJsonContext.Default.ErrorBodyWire)?.Read() ?? (null, null);
        }
        catch (JsonException)
        {
            return (null, null); // A gateway may answer with HTML; the status says enough.
        }
    }

    private static void Fill(Item[] chunk, CrmWriteResult?[] results, CrmWriteOutcome outcome, string message)
    {
        foreach (Item item in chunk)
        {
            results[item.Index] = new CrmWriteResult(item.SubscriberKey, outcome, message);
        }
    }

    private sealed record Item(int Index, string SubscriberKey, RecordKey Key, string Json, CampaignResponseRequest[] CampaignResponses);

    /// <summary>How one campaign response fared: <see cref="Failure"/> is null when it was created (2xx) or was already
    /// there (412); <see cref="Status"/> is 0 when no answer came.</summary>
    private readonly record struct CreateOutcome(int Status, string? ErrorCode, string? Failure)
    {
        public static CreateOutcome NoAnswer => new(0, null, "no answer from Dataverse");

        public static CreateOutcome Unanswered => new(0, null, "the batch answer has no response for it");

        public static CreateOutcome Cancelled => new(0, null, "cancelled before it was created");

        public static CreateOutcome Of(int status, string body)
        {
            if (status is (>= 200 and < 300) or (int)HttpStatusCode.PreconditionFailed)
            {
                return new CreateOutcome(status, null, null);
            }

            (string? code, string? message) = ReadError(body);
            return new CreateOutcome(status, code, DynamicsException.Describe(status, code, message));
        }

        public static CreateOutcome BatchFailed(int status, string body)
        {
            (string? code, string? message) = ReadError(body);
            return new CreateOutcome(status, code, "batch failed: " + DynamicsException.Describe(status, code, message));
        }
    }

    /// <summary>Campaign-response counts across the concurrent calls of one write, for the summary log.</summary>
    private sealed class CampaignResponseTally
    {
        public const int CreatedSlot = 0;
        public const int ExistingSlot = 1;
        public const int FailedSlot = 2;

        private readonly int[] _counts = new int[3];

        public int Created => Volatile.Read(ref _counts[CreatedSlot]);

        public int Existing => Volatile.Read(ref _counts[ExistingSlot]);

        public int Failed => Volatile.Read(ref _counts[FailedSlot]);

        public int Total => Created + Existing + Failed;

        public void Add(int slot) => Interlocked.Increment(ref _counts[slot]);
    }

    private sealed record Reply(int Status, string Body, string? ContentType);
}
