using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using BounceKit.Diagnostics;
using Microsoft.Extensions.Logging;
using BounceKit.Extensions.DependencyInjection;

namespace BounceKit.Dynamics.Internal;

/// <summary>OAuth2 client credentials against Microsoft Entra ID (provider-facts 3.5), cached per account.</summary>
internal sealed class EntraTokenProvider : IDynamicsTokenProvider
{
    public const string Operation = "auth.token";

    private readonly Func<HttpClient> _http;
    private readonly DynamicsOptions _options;
    private readonly AccessTokenCache<AccessToken> _cache;
    private readonly ILogger _logger;

    // The token this provider last handed out: the one a forced refresh replaces (the interface does not pass it back).
    private AccessToken? _lastIssued;

    public EntraTokenProvider(Func<HttpClient> http, DynamicsOptions options, AccessTokenCache<AccessToken> cache, ILogger logger)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(options.ClientId);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.ClientSecret);
        if (options.TokenUrl is null)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(options.TenantId);
        }

        _http = http;
        _options = options;
        _cache = cache;
        _logger = logger;
    }

    public static Uri TokenUrlOf(DynamicsOptions options) =>
        options.TokenUrl ?? new Uri($"https://login.microsoftonline.com/{Uri.EscapeDataString(options.TenantId!.Trim())}/oauth2/v2.0/token");

    public static string ScopeOf(DynamicsOptions options) =>
        string.IsNullOrWhiteSpace(options.Scope) ? $"https://{options.OrganizationUrl!.Authority}/.default" : options.Scope;

    public async ValueTask<string> GetAccessTokenAsync(bool forceRefresh, CancellationToken cancellationToken = default)
    {
        if (forceRefresh && Volatile.Read(ref _lastIssued) is { } last)
        {
            _cache.Invalidate(last);
        }

        AccessToken token = await _cache.GetAsync(RequestAsync, cancellationToken).ConfigureAwait(false);
        Volatile.Write(ref _lastIssued, token);
        return token.Value;
    }

    private async Task<AccessToken> RequestAsync(CancellationToken cancellationToken)
    {
        long started = Stopwatch.GetTimestamp();
        using var request = new HttpRequestMessage(HttpMethod.Post, TokenUrlOf(_options))
        {
            Content = new FormUrlEncodedContent(
            [
                KeyValuePair.Create("grant_type", "client_credentials"),
                KeyValuePair.Create("client_id", _options.ClientId!),
                KeyValuePair.Create("client_secret", _options.ClientSecret!),
                KeyValuePair.Create("scope", ScopeOf(_options)),
            ]),
        };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        HttpResponseMessage response;
        try
        {
            response = await _http().SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or TimeoutException or OperationCanceledException or Polly.CircuitBreaker.BrokenCircuitException or Polly.Timeout.TimeoutRejectedException && !cancellationToken.IsCancellationRequested)
        {
            BounceKitMetrics.RecordAdapterRequest(DynamicsCrmSink.Provider, Operation, 0, e.GetType().Name);
            throw new DynamicsException(0, null, $"No answer: {e.GetType().Name}", Operation, e);
        }

        using (response)
        {
            int status = (int)response.StatusCode;
            Log.Answered(_logger, Operation, status, (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            string body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            TokenResponseWire? wire = null;
            try
            {
                wire = body.Length == 0 ? null : JsonSerializer.Deserialize(body, DynamicsJsonContext.Default.TokenResponseWire);
            }
            catch (JsonException)
            {
                // A proxy may answer with HTML; the status still says what happened.
            }

            int? expiresIn = wire?.ExpiresIn.ValueKind switch
            {
                JsonValueKind.Number when wire.ExpiresIn.TryGetInt32(out int n) => n,
                JsonValueKind.String when int.TryParse(wire.ExpiresIn.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out int n) => n,
                _ => null,
            };
            if (!response.IsSuccessStatusCode || string.IsNullOrEmpty(wire?.AccessToken) || expiresIn is not > 0)
            {
                BounceKitMetrics.RecordAdapterRequest(DynamicsCrmSink.Provider, Operation, status, status.ToString(CultureInfo.InvariantCulture));
                string? description = wire?.ErrorDescription is { } d ? PersonalData.MaskEmailsIn(d) : null;
                Log.TokenRefused(_logger, status, wire?.Error);
                throw new DynamicsException(status, wire?.Error, description ?? (response.IsSuccessStatusCode ? "The token response lacks access_token or expires_in." : response.ReasonPhrase), Operation);
            }

            BounceKitMetrics.RecordAdapterRequest(DynamicsCrmSink.Provider, Operation, status, null);
            Log.TokenIssued(_logger, expiresIn.Value);
            return new AccessToken(wire.AccessToken, _cache.RefreshAtFor(TimeSpan.FromSeconds(expiresIn.Value)));
        }
    }
}
