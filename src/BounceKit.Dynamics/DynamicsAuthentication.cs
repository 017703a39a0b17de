namespace BounceKit.Dynamics;

/// <summary>How the sink obtains its Bearer token.</summary>
public enum DynamicsAuthentication
{
    /// <summary>OAuth2 client credentials against Microsoft Entra ID with <see cref="DynamicsOptions.TenantId"/>,
    /// <see cref="DynamicsOptions.ClientId"/> and <see cref="DynamicsOptions.ClientSecret"/>.</summary>
    ClientSecret,

    /// <summary>An <see cref="IDynamicsTokenProvider"/> the host registers (a managed identity, a certificate, MSAL):
    /// keyed under the account name, or unkeyed for the default account.</summary>
    TokenProvider,
}
