namespace BounceKit.MarketingCloud.Rest.Internal;

/// <summary>A Marketing Cloud access token and the REST address it was issued for.</summary>
internal sealed record AccessToken(string Value, Uri RestInstance, DateTimeOffset RefreshAt)
{
    // The token is a credential: keep it out of any ToString that could reach a log.
    public override string ToString() => $"AccessToken {{ RestInstance = {RestInstance}, RefreshAt = {RefreshAt:o} }}";
}

/// <summary>One account's token, shared by every client of the account: requested once, reused until shortly before
/// it expires, and requested by one caller at a time while the others wait for it.</summary>
/// <remarks>Salesforce asks clients not to request a token per call (about one per 20 minutes; provider-facts 2.5).</remarks>
internal sealed class TokenCache(TimeProvider timeProvider) : IDisposable
{
    /// <summary>How long before expiry a token is replaced, at most (half the lifetime for shorter-lived tokens).</summary>
    public static readonly TimeSpan RefreshMargin = TimeSpan.FromSeconds(60);

    // The container disposes the shared cache; a hand-made client's cache needs none: without AvailableWaitHandle a
    // SemaphoreSlim holds no unmanaged resource.
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

    /// <summary>Forgets <paramref name="rejected"/> (a REST call answered 401), unless a newer token replaced it already.</summary>
    public void Invalidate(AccessToken rejected) => Interlocked.CompareExchange(ref _token, null, rejected);

    /// <summary>When a token issued now with this lifetime should be replaced.</summary>
    public DateTimeOffset RefreshAtFor(TimeSpan lifetime)
    {
        TimeSpan margin = lifetime < 2 * RefreshMargin ? lifetime / 2 : RefreshMargin;
        return TimeProvider.GetUtcNow() + lifetime - margin;
    }

    public void Dispose() => _gate.Dispose();
}
