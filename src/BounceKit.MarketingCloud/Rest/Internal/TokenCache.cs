using BounceKit.Extensions.DependencyInjection;

namespace BounceKit.MarketingCloud.Rest.Internal;

/// <summary>A Marketing Cloud access token and the REST address it was issued for.</summary>
internal sealed record AccessToken(string Value, Uri RestInstance, DateTimeOffset RefreshAt)
{
    // The token is a credential: keep it out of any ToString that could reach a log.
    public override string ToString() => $"AccessToken {{ RestInstance = {RestInstance}, RefreshAt = {RefreshAt:o} }}";
}

/// <summary>Marketing Cloud's token cache: replaced 60 seconds before expiry.</summary>
internal static class TokenCache
{
    /// <summary>How long before expiry a token is replaced, at most.</summary>
    public static readonly TimeSpan RefreshMargin = TimeSpan.FromSeconds(60);

    public static AccessTokenCache<AccessToken> Create(TimeProvider timeProvider) => new(timeProvider, RefreshMargin, static t => t.RefreshAt);
}
