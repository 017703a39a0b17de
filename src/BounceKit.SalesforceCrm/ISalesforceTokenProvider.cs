namespace BounceKit.SalesforceCrm;

/// <summary>Supplies the access token and instance URL that Salesforce REST calls use, for hosts that obtain tokens
/// their own way (JWT bearer flow, a token broker, a secret store).</summary>
/// <remarks>Register one as a keyed service under the account name
/// (<c>services.AddKeyedSingleton&lt;ISalesforceTokenProvider&gt;("", ...)</c> for the default account) and
/// <c>AddSalesforceCrm</c> uses it instead of the client-credentials flow; <see cref="SalesforceCrmOptions.ClientId"/>
/// and <see cref="SalesforceCrmOptions.ClientSecret"/> are then not required.</remarks>
public interface ISalesforceTokenProvider
{
    /// <summary>Returns a token to call Salesforce with.</summary>
    /// <param name="rejected">The token Salesforce has just refused with 401 <c>INVALID_SESSION_ID</c>, so a new one is
    /// needed; <see langword="null"/> when any valid token will do (a cached one is fine).</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The token and the instance it was issued for.</returns>
    ValueTask<SalesforceAccessToken> GetTokenAsync(SalesforceAccessToken? rejected, CancellationToken cancellationToken = default);
}
