using System.Buffers;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using BounceKit.Diagnostics;
using BounceKit.Policy;
using BounceKit.SalesforceCrm.Internal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace BounceKit.SalesforceCrm;

/// <summary>Writes <see cref="CrmProjection"/>s onto Salesforce Contacts and Leads through sObject Collections
/// (<c>PATCH /services/data/{version}/composite/sobjects</c>, <c>allOrNone: false</c>).</summary>
/// <remarks>
/// <para>Each subscriber key must be a 15- or 18-character record id; its prefix routes it (<c>003</c> Contact,
/// <c>00Q</c> Lead) unless <see cref="SalesforceCrmOptions.ObjectType"/> names the object. Records are updated, never
/// created: a record Salesforce does not have is <see cref="CrmWriteOutcome.NotFound"/>. At most
/// <see cref="SalesforceCrmOptions.BatchSize"/> (≤ 200) records go in one call (provider-facts 4.3).</para>
/// <para>Fields written: the hard-bounce flag and its date (null when cleared); the soft-bounce count when
/// <see cref="SalesforceCrmOptions.SoftBounceCountField"/> is set; <c>EmailBouncedReason</c> (≤ 255 characters) and
/// <c>EmailBouncedDate</c> when <see cref="SalesforceCrmOptions.WriteStandardBounceFields"/> is on; the
/// <see cref="SalesforceCrmOptions.OptOutField"/> only from a known <see cref="CrmProjection.Consent"/>, never from a
/// bounce (product rule 4).</para>
/// <para>Per-record errors map to outcomes: <c>ENTITY_IS_DELETED</c>, <c>INVALID_CROSS_REFERENCE_KEY</c> and
/// <c>NOT_FOUND</c> → NotFound; <c>UNABLE_TO_LOCK_ROW</c> and other transient codes → Retryable; anything else →
/// Rejected with Salesforce's status code and message (addresses masked). A call that fails as a whole after the
/// resilience handler's retries (429, 5xx, timeouts) marks its records Retryable; a refused token, 403 (including
/// <c>REQUEST_LIMIT_EXCEEDED</c>) or 404 throws <see cref="SalesforceCrmException"/>, because every further call
/// would fail the same way. A 401 <c>INVALID_SESSION_ID</c> gets one new token and one more try.</para>
/// </remarks>
public sealed class SalesforceCrmSink : ICrmSink
{
    /// <summary>The most records one sObject Collections call may carry (provider-facts 4.3).</summary>
    public const int MaxBatchSize = 200;

    /// <summary>The length of the standard <c>EmailBouncedReason</c> field.</summary>
    public const int EmailBouncedReasonLength = 255;

    private static readonly HashSet<string> NotFoundCodes = new(StringComparer.Ordinal) { "ENTITY_IS_DELETED", "INVALID_CROSS_REFERENCE_KEY", "NOT_FOUND" };

    private static readonly HashSet<string> TransientCodes = new(StringComparer.Ordinal)
    {
        "UNABLE_TO_LOCK_ROW", "REQUEST_RUNNING_TOO_LONG", "SERVER_UNAVAILABLE", "UNKNOWN_EXCEPTION", "ALL_OR_NONE_OPERATION_ROLLED_BACK",
    };

    private readonly HttpClient _http;
    private readonly SalesforceCrmOptions _options;
    private readonly ISalesforceTokenProvider _tokens;
    private readonly ILogger _logger;
    private readonly string _collectionsPath;

    /// <summary>Creates a sink over <paramref name="httpClient"/>.</summary>
    /// <param name="httpClient">The HTTP client; requests use absolute addresses from the token's instance URL.</param>
    /// <param name="options">The org and the field mapping.</param>
    /// <param name="tokenProvider">Where tokens come from; by default the client-credentials flow with
    /// <see cref="SalesforceCrmOptions.LoginUrl"/>, <see cref="SalesforceCrmOptions.ClientId"/> and
    /// <see cref="SalesforceCrmOptions.ClientSecret"/>, with a token kept by this sink.</param>
    /// <param name="logger">Where to log; none by default.</param>
    /// <exception cref="ArgumentException">No token provider is given and the credentials are incomplete, or a setting
    /// is out of range.</exception>
    public SalesforceCrmSink(HttpClient httpClient, SalesforceCrmOptions options, ISalesforceTokenProvider? tokenProvider = null, ILogger<SalesforceCrmSink>? logger = null)
        : this(httpClient, options, tokenProvider, (ILogger?)logger)
    {
    }

    internal SalesforceCrmSink(HttpClient httpClient, SalesforceCrmOptions options, ISalesforceTokenProvider? tokenProvider, ILogger? logger)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.BatchSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.BatchSize, MaxBatchSize);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.HardBounceField);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.HardBounceDateField);
        if (!SalesforceCrmOptionsValidator.IsApiVersion(options.ApiVersion))
        {
            throw new ArgumentException($"ApiVersion '{options.ApiVersion}' is not a REST API version such as v62.0.", nameof(options));
        }

        _http = httpClient;
        _options = options;
        _logger = logger ?? NullLogger.Instance;
        _tokens = tokenProvider ?? new ClientCredentialsTokenProvider(() => httpClient, options, _logger);
        _collectionsPath = $"services/data/{options.ApiVersion}/composite/sobjects";
    }

    /// <summary>Writes a batch of projections, in calls of at most <see cref="SalesforceCrmOptions.BatchSize"/> records.</summary>
    /// <param name="projections">What each record should show; the subscriber key is the Contact or Lead id.</param>
    /// <param name="cancellationToken">Cancels the write; records not yet written are reported as retryable.</param>
    /// <returns>One result per projection, in the same order.</returns>
    /// <exception cref="SalesforceCrmException">The org's API request limit is exhausted, the token was refused, or the
    /// API refused the account; records already written stay written.</exception>
    public async Task<IReadOnlyList<CrmWriteResult>> WriteAsync(IReadOnlyList<CrmProjection> projections, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(projections);
        var results = new CrmWriteResult?[projections.Count];
        var pending = new List<(int Index, string Type)>(projections.Count);
        for (int i = 0; i < projections.Count; i++)
        {
            CrmProjection projection = projections[i] ?? throw new ArgumentException($"Projection {i} is null.", nameof(projections));
            string? type = ObjectTypeOf(projection.SubscriberKey);
            if (type is null)
            {
                results[i] = new CrmWriteResult(projection.SubscriberKey, CrmWriteOutcome.Rejected, "not a Contact or Lead id");
            }
            else
            {
                pending.Add((i, type));
            }
        }

        // Grouped by type so that a call holds at most two chunks of types (Salesforce allows ten).
        List<(int Index, string Type)> ordered = [.. pending.OrderBy(p => p.Type, StringComparer.Ordinal)];
        int batches = 0;
        foreach ((int Index, string Type)[] batch in ordered.Chunk(_options.BatchSize))
        {
            if (cancellationToken.IsCancellationRequested)
            {
                Fill(results, projections, batch, CrmWriteOutcome.Retryable, "cancelled before it was sent");
                continue;
            }

            int index = batches++;
            try
            {
                await WriteBatchAsync(projections, batch, results, index, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                Fill(results, projections, batch, CrmWriteOutcome.Retryable, "cancelled; the call may or may not have been applied");
            }
        }

        CrmWriteResult[] done = [.. results.Select(r => r!)];
        Log.Wrote(
            _logger,
            done.Length,
            batches,
            done.Count(r => r.Outcome == CrmWriteOutcome.Written),
            done.Count(r => r.Outcome == CrmWriteOutcome.NotFound),
            done.Count(r => r.Outcome == CrmWriteOutcome.Rejected),
            done.Count(r => r.Outcome == CrmWriteOutcome.Retryable));
        return done;
    }

    /// <summary>Whether <paramref name="key"/> looks like a Salesforce record id: 15 or 18 ASCII letters and digits.</summary>
    internal static bool IsRecordId(string? key) => key is { Length: 15 or 18 } && key.All(char.IsAsciiLetterOrDigit);

    /// <summary>The sObject a key names, or <see langword="null"/> when it is not a Contact or Lead id.</summary>
    internal string? ObjectTypeOf(string? key)
    {
        if (!IsRecordId(key))
        {
            return null;
        }

        if (!string.IsNullOrWhiteSpace(_options.ObjectType))
        {
            return _options.ObjectType;
        }

        return key.AsSpan(0, 3) switch
        {
            "003" => "Contact",
            "00Q" => "Lead",
            _ => null,
        };
    }

    /// <summary>The timestamp form Salesforce documents for dateTime fields: <c>2026-11-22T09:00:00.000+0000</c>.</summary>
    internal static string FormatDateTime(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'+0000'", CultureInfo.InvariantCulture);

    private async Task WriteBatchAsync(IReadOnlyList<CrmProjection> projections, (int Index, string Type)[] batch, CrmWriteResult?[] results, int batchIndex, CancellationToken cancellationToken)
    {
        byte[] body = BuildBody(projections, batch);
        List<SaveResultWire> saved;
        try
        {
            saved = await SendAsync(body, cancellationToken).ConfigureAwait(false);
        }
        catch (SalesforceCrmException e) when (IsRetryableCallFailure(e))
        {
            Log.BatchFailed(_logger, batchIndex, batch.Length, e.Status, e.ErrorCode, nameof(CrmWriteOutcome.Retryable));
            Fill(results, projections, batch, CrmWriteOutcome.Retryable, CallMessage(e));
            return;
        }
        catch (SalesforceCrmException e) when (e.Status == 400 && e.Operation != SalesforceHttp.TokenOperation)
        {
            // The call as a whole was malformed for Salesforce (a JSON or id-limit error): sending it again changes nothing.
            Log.BatchFailed(_logger, batchIndex, batch.Length, e.Status, e.ErrorCode, nameof(CrmWriteOutcome.Rejected));
            Fill(results, projections, batch, CrmWriteOutcome.Rejected, CallMessage(e));
            return;
        }
        catch (SalesforceCrmException e)
        {
            Log.Stopped(_logger, e.Status, e.ErrorCode);
            throw;
        }

        if (saved.Count != batch.Length)
        {
            Fill(results, projections, batch, CrmWriteOutcome.Retryable, string.Create(CultureInfo.InvariantCulture, $"Salesforce answered {saved.Count} results for {batch.Length} records"));
            return;
        }

        for (int i = 0; i < batch.Length; i++)
        {
            int index = batch[i].Index;
            string key = projections[index].SubscriberKey;
            SaveResultWire result = saved[i];
            if (result.Success)
            {
                results[index] = new CrmWriteResult(key, CrmWriteOutcome.Written);
                continue;
            }

            SaveErrorWire? error = result.Errors?.FirstOrDefault();
            string code = error?.StatusCode ?? "UNKNOWN";
            CrmWriteOutcome outcome = NotFoundCodes.Contains(code) ? CrmWriteOutcome.NotFound
                : TransientCodes.Contains(code) ? CrmWriteOutcome.Retryable
                : CrmWriteOutcome.Rejected;
            string message = code;
            if (!string.IsNullOrWhiteSpace(error?.Message))
            {
                message += ": " + PersonalData.MaskEmailsIn(error.Message);
            }

            if (error?.Fields is { Count: > 0 } fields)
            {
                message += " [" + string.Join(", ", fields) + "]";
            }

            Log.RecordFailed(_logger, key, code);
            results[index] = new CrmWriteResult(key, outcome, message);
        }
    }

    private static bool IsRetryableCallFailure(SalesforceCrmException e) =>
        e.Operation != SalesforceHttp.TokenOperation && (e.Status is 0 or 408 or 429 or >= 500);

    private static string CallMessage(SalesforceCrmException e) =>
        e.Status == 0 ? e.ErrorMessage ?? "no answer" : $"{e.Status.ToString(CultureInfo.InvariantCulture)} {e.ErrorCode}: {PersonalData.MaskEmailsIn(e.ErrorMessage ?? string.Empty)}".TrimEnd(' ', ':');

    private static void Fill(CrmWriteResult?[] results, IReadOnlyList<CrmProjection> projections, (int Index, string Type)[] batch, CrmWriteOutcome outcome, string message)
    {
        foreach ((int index, _) in batch)
        {
            results[index] = new CrmWriteResult(projections[index].SubscriberKey, outcome, message);
        }
    }

    private byte[] BuildBody(IReadOnlyList<CrmProjection> projections, (int Index, string Type)[] batch)
    {
        var buffer = new ArrayBufferWriter<byte>(256 * batch.Length);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteBoolean("allOrNone", false);
            json.WriteStartArray("records");
            foreach ((int index, string type) in batch)
            {
                WriteRecord(json, projections[index], type);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private void WriteRecord(Utf8JsonWriter json, CrmProjection projection, string type)
    {
        json.WriteStartObject();
        json.WriteStartObject("attributes");
        json.WriteString("type", type);
        json.WriteEndObject();
        json.WriteString("id", projection.SubscriberKey);

        // Clearing is explicit: the flag false and the date null, so a record that was flagged stops being flagged.
        json.WriteBoolean(_options.HardBounceField, projection.HardBounce);
        if (projection.HardBounce && projection.HardBounceDate is { } date)
        {
            json.WriteString(_options.HardBounceDateField, FormatDateTime(date));
        }
        else
        {
            json.WriteNull(_options.HardBounceDateField);
        }

        if (!string.IsNullOrWhiteSpace(_options.SoftBounceCountField))
        {
            json.WriteNumber(_options.SoftBounceCountField, projection.SoftBounceCount);
        }

        if (_options.WriteStandardBounceFields)
        {
            // Salesforce shows its bounce alert while these are set, so they mirror the hard-bounce state.
            string? reason = projection.HardBounce ? projection.LastBounceReason : null;
            if (reason is { Length: > EmailBouncedReasonLength })
            {
                reason = reason[..EmailBouncedReasonLength];
            }

            DateTimeOffset? bounced = projection.HardBounce ? projection.LastBounceDate ?? projection.HardBounceDate : null;
            if (reason is null)
            {
                json.WriteNull("EmailBouncedReason");
            }
            else
            {
                json.WriteString("EmailBouncedReason", reason);
            }

            if (bounced is { } when)
            {
                json.WriteString("EmailBouncedDate", FormatDateTime(when));
            }
            else
            {
                json.WriteNull("EmailBouncedDate");
            }
        }

        // Bounces are not consent (product rule 4): the opt-out flag follows only a known consent event.
        if (!string.IsNullOrWhiteSpace(_options.OptOutField) && projection.Consent != ConsentStatus.Unknown)
        {
            json.WriteBoolean(_options.OptOutField, projection.Consent == ConsentStatus.Unsubscribed);
        }

        json.WriteEndObject();
    }

    /// <summary>One sObject Collections call with the account's token; a 401 gets a new token and one more try.</summary>
    private async Task<List<SaveResultWire>> SendAsync(byte[] body, CancellationToken cancellationToken)
    {
        SalesforceAccessToken token = await _tokens.GetTokenAsync(null, cancellationToken).ConfigureAwait(false);
        HttpResponseMessage response = await ExchangeAsync(token, body, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.Unauthorized)
        {
            // INVALID_SESSION_ID: the session expired or was revoked; a fresh token is worth exactly one more try.
            response.Dispose();
            Log.TokenRejected(_logger, SalesforceHttp.UpdateOperation);
            token = await _tokens.GetTokenAsync(token, cancellationToken).ConfigureAwait(false);
            response = await ExchangeAsync(token, body, cancellationToken).ConfigureAwait(false);
        }

        using (response)
        {
            int status = (int)response.StatusCode;
            if (!response.IsSuccessStatusCode)
            {
                SalesforceCrmException error = await SalesforceHttp.ReadErrorAsync(response, SalesforceHttp.UpdateOperation, cancellationToken).ConfigureAwait(false);
                Log.Failed(_logger, SalesforceHttp.UpdateOperation, status, error.ErrorCode);
                throw error;
            }

            try
            {
                List<SaveResultWire> results = await response.Content.ReadFromJsonAsync(SalesforceJsonContext.Default.ListSaveResultWire, cancellationToken).ConfigureAwait(false)
                    ?? throw new JsonException("The body is empty.");
                BounceKitMetrics.RecordAdapterRequest(SalesforceHttp.Provider, SalesforceHttp.UpdateOperation, status, null);
                return results;
            }
            catch (JsonException e)
            {
                BounceKitMetrics.RecordAdapterRequest(SalesforceHttp.Provider, SalesforceHttp.UpdateOperation, status, "invalid_json");
                throw new SalesforceCrmException(0, null, "The response is not the array of SaveResults Salesforce documents.", SalesforceHttp.UpdateOperation, e);
            }
        }
    }

    private Task<HttpResponseMessage> ExchangeAsync(SalesforceAccessToken token, byte[] body, CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Patch, new Uri(token.InstanceUrl, _collectionsPath))
        {
            Content = new ByteArrayContent(body),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.AccessToken);
        request.Headers.Accept.ParseAdd("application/json");
        return SendDisposingAsync(request, cancellationToken);
    }

    private async Task<HttpResponseMessage> SendDisposingAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using (request)
        {
            return await SalesforceHttp.SendAsync(_http, request, SalesforceHttp.UpdateOperation, _logger, cancellationToken).ConfigureAwait(false);
        }
    }
}
