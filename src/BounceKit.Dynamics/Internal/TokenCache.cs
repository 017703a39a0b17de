using BounceKit.Extensions.DependencyInjection;

namespace BounceKit.Dynamics.Internal;

/// <summary>A Dataverse access token and when to replace it.</summary>
internal sealed record AccessToken(string Value, DateTimeOffset RefreshAt)
{
    // The token is a credential: keep it out of any ToString that could reach a log.
    public override string ToString() => $"AccessToken {{ RefreshAt = {RefreshAt:o} }}";
}

/// <summary>Dataverse's token cache: replaced 5 minutes before expiry.</summary>
internal static class TokenCache
{
    /// <summary>How long before expiry a token is replaced, at most.</summary>
    public static readonly TimeSpan RefreshMargin = TimeSpan.FromMinutes(5);

    public static AccessTokenCache<AccessToken> Create(TimeProvider timeProvider) => new(timeProvider, RefreshMargin, static t => t.RefreshAt);
}
