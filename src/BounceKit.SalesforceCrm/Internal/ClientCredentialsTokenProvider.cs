using System.Net.Http.Json;
using System.Text.Json;
using BounceKit.Diagnostics;
using BounceKit.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BounceKit.SalesforceCrm.Internal;

/// <summary>The OAuth2 client-credentials flow (<c>POST {LoginUrl}/services/oauth2/token</c>, form-encoded), with
/// one token per account shared by every sink of it: requested once, reused until Salesforce refuses it, and
/// requested by one caller at a time while the others wait.</summary>
/// <remarks>Salesforce issues no refresh token and no <c>expires_in</c> in this flow: a 401 is the signal to ask
/// again (provider-facts 4.5).</remarks>
internal sealed class ClientCredentialsTokenProvider : ISalesforceTokenProvider, IDisposable
{
    private readonly Func<HttpClient> _http;
    private readonly SalesforceCrmOptions _options;
    private readonly ILogger _logger;
    private readonly Uri _tokenAddress;

    // Salesforce's response carries no expiry: a token is replaced only when a call is refused with it.
    private readonly AccessTokenCache<SalesforceAccessToken> _cache = new(TimeProvider.System, TimeSpan.Zero, static _ => DateTimeOffset.MaxValue);

    public ClientCredentialsTokenProvider(Func<HttpClient> http, SalesforceCrmOptions options, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.LoginUrl is not { IsAbsoluteUri: true })
        {
            throw new ArgumentException("LoginUrl must be the org's absolute My Domain URL.", nameof(options));
        }

        ArgumentException.ThrowIfNullOrWhiteSpace(options.ClientId);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.ClientSecret);
        _http = http;
        _options = options;
        _logger = logger;
        string login = options.LoginUrl.AbsoluteUri;
        _tokenAddress = new Uri(new Uri(login.EndsWith('/') ? login : login + "/"), "services/oauth2/token");
    }

    public ValueTask<SalesforceAccessToken> GetTokenAsync(SalesforceAccessToken? rejected, CancellationToken cancellationToken = default)
    {
        if (rejected is not null)
        {
            _cache.Invalidate(rejected);
        }

        return _cache.GetAsync(RequestAsync, cancellationToken);
    }

    public void Dispose() => _cache.Dispose();

    private async Task<SalesforceAccessToken> RequestAsync(CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, _tokenAddress)
        {
            Content = new FormUrlEncodedContent(
            [
                KeyValuePair.Create("grant_type", "client_credentials"),
                KeyValuePair.Create("client_id", _options.ClientId!),
                KeyValuePair.Create("client_secret", _options.ClientSecret!),
            ]),
        };
        request.Headers.Accept.ParseAdd("application/json");
        using HttpResponseMessage response = await SalesforceHttp.SendAsync(_http(), request, SalesforceHttp.TokenOperation, _logger, cancellationToken).ConfigureAwait(false);
        int status = (int)response.StatusCode;
        if (!response.IsSuccessStatusCode)
        {
            SalesforceCrmException error = await SalesforceHttp.ReadErrorAsync(response, SalesforceHttp.TokenOperation, cancellationToken).ConfigureAwait(false);
            Log.TokenRefused(_logger, status, error.ErrorCode);
            throw error;
        }

        TokenResponseWire? wire;
        try
        {
            wire = await response.Content.ReadFromJsonAsync(SalesforceJsonContext.Default.TokenResponseWire, cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException e)
        {
            BounceKitMetrics.RecordAdapterRequest(SalesforceHttp.Provider, SalesforceHttp.TokenOperation, status, "invalid_json");
            throw new SalesforceCrmException(status, null, "The token response is not JSON.", SalesforceHttp.TokenOperation, e);
        }

        if (string.IsNullOrEmpty(wire?.AccessToken) || !Uri.TryCreate(wire.InstanceUrl, UriKind.Absolute, out Uri? instance))
        {
            BounceKitMetrics.RecordAdapterRequest(SalesforceHttp.Provider, SalesforceHttp.TokenOperation, status, "invalid_token_response");
            throw new SalesforceCrmException(status, null, "The token response lacks access_token or an absolute instance_url.", SalesforceHttp.TokenOperation);
        }

        BounceKitMetrics.RecordAdapterRequest(SalesforceHttp.Provider, SalesforceHttp.TokenOperation, status, null);
        Log.TokenIssued(_logger, instance.GetLeftPart(UriPartial.Authority));
        return new SalesforceAccessToken(wire.AccessToken, instance);
    }
}
