using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using BounceKit.Diagnostics;
using BounceKit.MarketingCloud.Rest.Internal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using BounceKit.Extensions.DependencyInjection;

namespace BounceKit.MarketingCloud;

/// <summary>The parts of the Marketing Cloud REST API that bounce sync needs: an OAuth2 client-credentials token,
/// and reading and upserting data extension rows.</summary>
/// <remarks>
/// <para>A typed <see cref="HttpClient"/> client. Registered with <c>AddMarketingCloud</c> it gets a limit of
/// <see cref="MarketingCloudOptions.MaxConcurrentRequests"/> requests in flight and the standard resilience handler
/// (retries of 429, 408 and 5xx with exponential backoff that honours <c>Retry-After</c>, attempt and total timeouts,
/// a circuit breaker), and shares one token with every other client of the same account. Constructed by hand it uses
/// the <see cref="HttpClient"/> as given and keeps its own token.</para>
/// <para>The token is requested once and reused until <see cref="TokenRefreshMargin"/> before it expires, never per
/// call; concurrent callers wait for one token request. A REST call answered 401 drops the token and is tried once
/// more with a new one. REST calls go to the <c>rest_instance_url</c> of the token response (provider-facts 2.5).</para>
/// <para>Failures surface as <see cref="MarketingCloudException"/>. Logs and messages never contain the client secret,
/// a token, or a row's values.</para>
/// </remarks>
public sealed class MarketingCloudClient
{
    /// <summary>The most rows one upsert call carries: Marketing Cloud recommends at most 50 (provider-facts 2.6).</summary>
    public const int MaxUpsertBatchSize = 50;

    /// <summary>The provider tag of this client's metrics.</summary>
    internal const string Provider = "marketingcloud";

    /// <summary>The operation name of token requests.</summary>
    internal const string TokenOperation = "auth.token";

    private const string ReadOperation = "rows.read";
    private const string UpsertOperation = "rows.upsert";

    private readonly HttpClient _http;
    private readonly MarketingCloudOptions _options;
    private readonly AccessTokenCache<AccessToken> _tokens;
    private readonly ILogger _logger;
    private readonly Uri _tokenAddress;

    /// <summary>Creates a client over <paramref name="httpClient"/> that keeps its own token.</summary>
    /// <param name="httpClient">The HTTP client; requests use absolute addresses, so its base address is not used.</param>
    /// <param name="options">The account.</param>
    /// <param name="logger">Where to log; none by default.</param>
    /// <param name="timeProvider">The clock that decides when the token expires; the system clock by default.</param>
    /// <exception cref="ArgumentException">The subdomain, client id or client secret is empty.</exception>
    public MarketingCloudClient(HttpClient httpClient, MarketingCloudOptions options, ILogger<MarketingCloudClient>? logger = null, TimeProvider? timeProvider = null)
        : this(httpClient, options, TokenCache.Create(timeProvider ?? TimeProvider.System), logger)
    {
    }

    internal MarketingCloudClient(HttpClient httpClient, MarketingCloudOptions options, AccessTokenCache<AccessToken> tokens, ILogger? logger)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(tokens);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Subdomain);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.ClientId);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.ClientSecret);
        _http = httpClient;
        _options = options;
        _tokens = tokens;
        _logger = logger ?? NullLogger.Instance;
        _tokenAddress = new Uri(AuthAddressOf(options), "v2/token");
    }

    /// <summary>How long before its expiry a token is replaced (at most; half the lifetime of a token that lives
    /// less than twice this).</summary>
    public static TimeSpan TokenRefreshMargin => TokenCache.RefreshMargin;

    /// <summary>Reads every row of a data extension, page by page
    /// (<c>GET /data/v1/customobjectdata/key/{key}/rowset</c>).</summary>
    /// <param name="externalKey">The data extension's external key.</param>
    /// <param name="filter">A Marketing Cloud <c>$filter</c> such as <c>Status eq 'held'</c>; every row when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the listing.</param>
    /// <returns>The rows, with keys and values merged into <see cref="DataExtensionRow.Fields"/> (names lower-cased
    /// by Marketing Cloud, compared ignoring case).</returns>
    /// <exception cref="MarketingCloudException">Marketing Cloud refused a page or the token, or did not answer.</exception>
    public IAsyncEnumerable<DataExtensionRow> GetRowsAsync(string externalKey, string? filter = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(externalKey);
        return ReadRowsAsync(externalKey, filter, cancellationToken);
    }

    /// <summary>Inserts or updates rows of a data extension by primary key
    /// (<c>POST /hub/v1/dataevents/key:{key}/rowset</c>), in batches of at most <see cref="MaxUpsertBatchSize"/>.</summary>
    /// <param name="externalKey">The data extension's external key.</param>
    /// <param name="rows">The rows; each needs at least one key field.</param>
    /// <param name="cancellationToken">Cancels the upsert; batches already sent stay written.</param>
    /// <returns>The batches sent and those that failed with their rows. A refused batch does not stop the others.</returns>
    /// <exception cref="ArgumentException">A row has no key field (checked before anything is sent).</exception>
    /// <exception cref="MarketingCloudException">No token could be obtained (operation <c>auth.token</c>): no batch can
    /// succeed then, so none is tried further.</exception>
    public async Task<DataExtensionUpsertResult> UpsertRowsAsync(string externalKey, IEnumerable<DataExtensionRow> rows, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(externalKey);
        ArgumentNullException.ThrowIfNull(rows);
        List<DataExtensionRow> all = [.. rows];
        int keyless = all.FindIndex(r => r is null || r.Keys.Count == 0);
        if (keyless >= 0)
        {
            throw new ArgumentException($"Row {keyless} has no key field; Marketing Cloud upserts by primary key.", nameof(rows));
        }

        string path = $"hub/v1/dataevents/key:{Uri.EscapeDataString(externalKey)}/rowset";
        var failures = new List<DataExtensionBatchFailure>();
        int batches = 0;
        int written = 0;
        foreach (DataExtensionRow[] batch in all.Chunk(MaxUpsertBatchSize))
        {
            int index = batches++;
            byte[] body = JsonSerializer.SerializeToUtf8Bytes(batch.Select(RowWriteWire.From).ToList(), MarketingCloudJsonContext.Default.ListRowWriteWire);
            try
            {
                await SendAsync<object>(HttpMethod.Post, path, UpsertOperation, body, null, cancellationToken).ConfigureAwait(false);
                written += batch.Length;
            }
            catch (MarketingCloudException e) when (e.Operation != TokenOperation)
            {
                // One refused batch (a bad value, a throttle that outlasted the retries) never sinks the rest.
                Log.BatchFailed(_logger, index, batch.Length, externalKey, e.Status, e.ErrorCode);
                failures.Add(new DataExtensionBatchFailure(index, batch, e));
            }
        }

        Log.Upserted(_logger, written, externalKey, batches, failures.Count);
        return new DataExtensionUpsertResult(batches, written, failures);
    }

    private async IAsyncEnumerable<DataExtensionRow> ReadRowsAsync(string externalKey, string? filter, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string path = $"data/v1/customobjectdata/key/{Uri.EscapeDataString(externalKey)}/rowset";
        string filterQuery = filter is null ? string.Empty : "&$filter=" + Uri.EscapeDataString(filter);
        int page = 1;
        int rows = 0;
        while (true)
        {
            string pagePath = string.Create(CultureInfo.InvariantCulture, $"{path}?$page={page}&$pageSize={_options.PageSize}{filterQuery}");
            RowsetPageWire wire = (await SendAsync(HttpMethod.Get, pagePath, ReadOperation, null, MarketingCloudJsonContext.Default.RowsetPageWire, cancellationToken).ConfigureAwait(false))!;
            if (wire.Items is not { Count: > 0 } items)
            {
                break;
            }

            foreach (RowWire item in items)
            {
                DataExtensionRow row;
                try
                {
                    row = item.ToRow();
                }
                catch (Exception e) when (e is FormatException or ArgumentException)
                {
                    // One unreadable row never sinks the page.
                    Log.Skipped(_logger, externalKey, e.Message);
                    continue;
                }

                rows++;
                yield return row;
            }

            int pageSize = wire.PageSize > 0 ? wire.PageSize : _options.PageSize;
            int pageNumber = wire.Page > 0 ? wire.Page : page;
            if ((long)pageNumber * pageSize >= wire.Count || wire.Links is null || !wire.Links.ContainsKey("next"))
            {
                break;
            }

            page = pageNumber + 1;
        }

        Log.Read(_logger, rows, externalKey, page);
    }

    /// <summary>One REST call with the account's token; a 401 drops the token and the call is tried once more.</summary>
    private async Task<T?> SendAsync<T>(HttpMethod method, string path, string operation, byte[]? body, JsonTypeInfo<T>? responseType, CancellationToken cancellationToken)
        where T : class
    {
        long started = Stopwatch.GetTimestamp();
        AccessToken token = await GetTokenAsync(cancellationToken).ConfigureAwait(false);
        HttpResponseMessage response = await ExchangeAsync(method, new Uri(token.RestInstance, path), token.Value, body, operation, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.Unauthorized)
        {
            // The token was revoked or expired early; a fresh one is worth exactly one more try.
            response.Dispose();
            Log.TokenRejected(_logger, operation);
            _tokens.Invalidate(token);
            token = await GetTokenAsync(cancellationToken).ConfigureAwait(false);
            response = await ExchangeAsync(method, new Uri(token.RestInstance, path), token.Value, body, operation, cancellationToken).ConfigureAwait(false);
        }

        using (response)
        {
            return await ReadAsync(response, operation, responseType, started, cancellationToken).ConfigureAwait(false);
        }
    }

    private ValueTask<AccessToken> GetTokenAsync(CancellationToken cancellationToken) =>
        _tokens.GetAsync(RequestTokenAsync, cancellationToken);

    private async Task<AccessToken> RequestTokenAsync(CancellationToken cancellationToken)
    {
        long started = Stopwatch.GetTimestamp();
        var request = new TokenRequestWire
        {
            ClientId = _options.ClientId,
            ClientSecret = _options.ClientSecret,
            AccountId = string.IsNullOrWhiteSpace(_options.AccountId) ? null : _options.AccountId,
        };
        byte[] body = JsonSerializer.SerializeToUtf8Bytes(request, MarketingCloudJsonContext.Default.TokenRequestWire);
        using HttpResponseMessage response = await ExchangeAsync(HttpMethod.Post, _tokenAddress, null, body, TokenOperation, cancellationToken).ConfigureAwait(false);
        TokenResponseWire wire = (await ReadAsync(response, TokenOperation, MarketingCloudJsonContext.Default.TokenResponseWire, started, cancellationToken).ConfigureAwait(false))!;
        if (string.IsNullOrEmpty(wire.AccessToken) || wire.ExpiresIn is not > 0 ||
            !Uri.TryCreate(wire.RestInstanceUrl, UriKind.Absolute, out Uri? restInstance))
        {
            throw new MarketingCloudException((int)response.StatusCode, null, "The token response lacks access_token, expires_in or an absolute rest_instance_url.", operation: TokenOperation);
        }

        if (!restInstance.AbsoluteUri.EndsWith('/'))
        {
            restInstance = new Uri(restInstance.AbsoluteUri + "/"); // So that relative paths append to it.
        }

        TimeSpan lifetime = TimeSpan.FromSeconds(wire.ExpiresIn.Value);
        Log.TokenIssued(_logger, wire.ExpiresIn.Value, restInstance.GetLeftPart(UriPartial.Authority));
        return new AccessToken(wire.AccessToken, restInstance, _tokens.RefreshAtFor(lifetime));
    }

    private async Task<HttpResponseMessage> ExchangeAsync(HttpMethod method, Uri address, string? bearer, byte[]? body, string operation, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, address);
        if (body is not null)
        {
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        }

        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        try
        {
            return await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or TimeoutException or OperationCanceledException or Polly.CircuitBreaker.BrokenCircuitException or Polly.Timeout.TimeoutRejectedException && !cancellationToken.IsCancellationRequested)
        {
            string errorType = e.GetType().Name;
            BounceKitMetrics.RecordAdapterRequest(Provider, operation, 0, errorType);
            Log.NoAnswer(_logger, operation, errorType);
            throw new MarketingCloudException(0, null, $"No answer: {errorType}: {e.Message}", operation: operation, innerException: e);
        }
    }

    private async Task<T?> ReadAsync<T>(HttpResponseMessage response, string operation, JsonTypeInfo<T>? responseType, long started, CancellationToken cancellationToken)
        where T : class
    {
        int status = (int)response.StatusCode;
        Log.Answered(_logger, operation, status, (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        if (response.IsSuccessStatusCode)
        {
            BounceKitMetrics.RecordAdapterRequest(Provider, operation, status, null);
            if (responseType is null)
            {
                return null;
            }

            try
            {
                return await response.Content.ReadFromJsonAsync(responseType, cancellationToken).ConfigureAwait(false)
                    ?? throw new JsonException("The body is empty.");
            }
            catch (JsonException e)
            {
                BounceKitMetrics.RecordAdapterRequest(Provider, operation, status, "invalid_json");
                throw new MarketingCloudException(status, null, $"The response body is not the JSON Marketing Cloud documents: {e.Message}", operation: operation, innerException: e);
            }
        }

        BounceKitMetrics.RecordAdapterRequest(Provider, operation, status, status.ToString(CultureInfo.InvariantCulture));
        MarketingCloudException error = await ReadErrorAsync(response, operation, cancellationToken).ConfigureAwait(false);
        if (operation == TokenOperation)
        {
            Log.TokenRefused(_logger, status, error.ErrorMessage is null ? null : PersonalData.MaskEmailsIn(error.ErrorMessage));
        }
        else
        {
            Log.Failed(_logger, operation, status, error.ErrorCode);
        }

        throw error;
    }

    private static async Task<MarketingCloudException> ReadErrorAsync(HttpResponseMessage response, string operation, CancellationToken cancellationToken)
    {
        int status = (int)response.StatusCode;
        string body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        ErrorWire? error = null;
        if (body.Length > 0)
        {
            try
            {
                error = JsonSerializer.Deserialize(body, MarketingCloudJsonContext.Default.ErrorWire);
            }
            catch (JsonException)
            {
                // A proxy or gateway may answer with HTML or nothing; the status still says what happened.
            }
        }

        string? message = error?.Message;
        if (message is null && (error?.Error ?? error?.ErrorDescription) is not null)
        {
            message = error!.ErrorDescription is null ? error.Error : $"{error.Error}: {error.ErrorDescription}";
        }

        List<string>? additional = error?.AdditionalErrors?.Select(a => a.ErrorCode is { } c ? string.Create(CultureInfo.InvariantCulture, $"{c}: {a.Message}") : a.Message ?? string.Empty).ToList();
        return new MarketingCloudException(
            status,
            error?.ErrorCode,
            message ?? response.ReasonPhrase,
            error?.Documentation,
            operation,
            RetryAfterOf(response, error),
            additional);
    }

    private static TimeSpan? RetryAfterOf(HttpResponseMessage response, ErrorWire? error)
    {
        if (response.Headers.RetryAfter is { } header)
        {
            if (header.Delta is { } delta)
            {
                return delta;
            }

            if (header.Date is { } date && response.Headers.Date is { } now)
            {
                return date - now;
            }
        }

        return error?.RetryAfter switch
        {
            { ValueKind: JsonValueKind.Number } n when n.TryGetDouble(out double seconds) => TimeSpan.FromSeconds(seconds),
            { ValueKind: JsonValueKind.String } s when double.TryParse(s.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out double seconds) => TimeSpan.FromSeconds(seconds),
            _ => null,
        };
    }

    /// <summary>The authentication server of an account: <see cref="MarketingCloudOptions.AuthBaseAddress"/>, else
    /// <c>https://{subdomain}.auth.marketingcloudapis.com/</c>; always ending in '/'.</summary>
    internal static Uri AuthAddressOf(MarketingCloudOptions options)
    {
        Uri uri = options.AuthBaseAddress ?? new Uri($"https://{options.Subdomain.Trim()}.auth.marketingcloudapis.com/");
        return uri.AbsoluteUri.EndsWith('/') ? uri : new Uri(uri.AbsoluteUri + "/");
    }
}
