namespace BounceKit.SalesforceCrm;

/// <summary>A Salesforce access token and the instance URL it was issued for.</summary>
/// <remarks><see cref="ToString"/> never shows the token, so an instance that reaches a log leaks nothing.</remarks>
public sealed class SalesforceAccessToken
{
    /// <summary>Creates a token.</summary>
    /// <param name="accessToken">The bearer token.</param>
    /// <param name="instanceUrl">The org's instance, for example <c>https://acme.my.salesforce.com</c> (the token
    /// response's <c>instance_url</c>); REST calls go to <c>{instanceUrl}/services/data/...</c>.</param>
    /// <exception cref="ArgumentException">The token is empty or the URL is not absolute.</exception>
    public SalesforceAccessToken(string accessToken, Uri instanceUrl)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(accessToken);
        ArgumentNullException.ThrowIfNull(instanceUrl);
        if (!instanceUrl.IsAbsoluteUri)
        {
            throw new ArgumentException("The instance URL must be absolute, such as https://acme.my.salesforce.com.", nameof(instanceUrl));
        }

        AccessToken = accessToken;
        InstanceUrl = instanceUrl.AbsoluteUri.EndsWith('/') ? instanceUrl : new Uri(instanceUrl.AbsoluteUri + "/");
    }

    /// <summary>The bearer token; a credential, never log it.</summary>
    public string AccessToken { get; }

    /// <summary>The org's instance, always ending in '/'.</summary>
    public Uri InstanceUrl { get; }

    /// <summary>Describes the token without its value.</summary>
    /// <returns>The instance URL only.</returns>
    public override string ToString() => $"SalesforceAccessToken {{ InstanceUrl = {InstanceUrl} }}";
}
