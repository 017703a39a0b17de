namespace BounceKit.Dynamics;

/// <summary>Supplies Bearer tokens for the Dataverse Web API, for hosts that authenticate some other way than a client
/// secret (a managed identity, a certificate, MSAL).</summary>
/// <remarks>The token must be issued for the scope <c>https://{org host}/.default</c> to an application user of the
/// environment. The sink asks for a token before each call and, when a call answers 401, once more with
/// <c>forceRefresh</c> set; a provider should cache tokens itself.</remarks>
public interface IDynamicsTokenProvider
{
    /// <summary>Returns an access token.</summary>
    /// <param name="forceRefresh">True after Dataverse rejected the last token: return a new one, not a cached one.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The raw token, without the <c>Bearer </c> prefix.</returns>
    ValueTask<string> GetAccessTokenAsync(bool forceRefresh, CancellationToken cancellationToken = default);
}
