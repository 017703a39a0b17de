namespace BounceKit.Dynamics.Internal;

/// <summary>A Dataverse access token and when to replace it.</summary>
internal sealed record AccessToken(string Value, DateTimeOffset RefreshAt)
{
    // The token is a credential: keep it out of any ToString that could reach a log.
    public override string ToString() => $"AccessToken {{ RefreshAt = {RefreshAt:o} }}";
}

/// <summary>One account's token, shared by every sink of the account: requested once, reused until shortly before it
/// expires, and requested by one caller at a time while the others wait for it.</summary>
internal sealed class TokenCache(TimeProvider timeProvider) : IDisposable
{
    /// <summary>How long before expiry a token is replaced, at most (half the lifetime for shorter-lived tokens).</summary>
    public static readonly TimeSpan RefreshMargin = TimeSpan.FromMinutes(5);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private AccessToken? _token;

    public TimeProvider TimeProvider { get; } = timeProvider;

    /// <summary>The cached token while it is fresh, else the one <paramref name="request"/> obtains.</summary>
    public async ValueTask<AccessToken> GetAsync(Func<CancellationToken, Task<AccessToken>> request, CancellationToken cancellationToken)
    {
        AccessToken? token = Volatile.Read(ref _token);
        if (token is not null && TimeProvider.GetUtcNow() < token.RefreshAt)
        {
            return token;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Another caller may have refreshed it while this one waited.
            token = Volatile.Read(ref _token);
            if (token is not null && TimeProvider.GetUtcNow() < token.RefreshAt)
            {
                return token;
            }

            token = await request(cancellationToken).ConfigureAwait(false);
            Volatile.Write(ref _token, token);
            return token;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Forgets the token whose value is <paramref name="rejected"/> (a call answered 401), unless a newer one
    /// replaced it already.</summary>
    public void Invalidate(string rejected)
    {
        AccessToken? current = Volatile.Read(ref _token);
        if (current is not null && current.Value == rejected)
        {
            Interlocked.CompareExchange(ref _token, null, current);
        }
    }

    /// <summary>When a token issued now with this lifetime should be replaced.</summary>
    public DateTimeOffset RefreshAtFor(TimeSpan lifetime)
    {
        TimeSpan margin = lifetime < 2 * RefreshMargin ? lifetime / 2 : RefreshMargin;
        return TimeProvider.GetUtcNow() + lifetime - margin;
    }

    public void Dispose() => _gate.Dispose();
}
