namespace BounceKit.Extensions.DependencyInjection;

/// <summary>One account's OAuth access token, shared by every client of the account: requested once, reused until
/// shortly before it expires, requested by one caller at a time while the others wait, and dropped when a call is
/// refused with it.</summary>
/// <typeparam name="TToken">The adapter's token type; keep its <c>ToString</c> free of the token value.</typeparam>
/// <remarks>Providers ask clients not to request a token per call (Marketing Cloud: about one per 20 minutes). Register
/// one instance per account as a keyed singleton; a hand-made client may own one.</remarks>
public sealed class AccessTokenCache<TToken> : IDisposable
    where TToken : class
{
    private readonly Func<TToken, DateTimeOffset> _refreshAt;

    // Without AvailableWaitHandle a SemaphoreSlim holds no unmanaged resource, so an undisposed cache leaks nothing.
    private readonly SemaphoreSlim _gate = new(1, 1);
    private TToken? _token;

    /// <summary>Creates a cache.</summary>
    /// <param name="timeProvider">The clock.</param>
    /// <param name="refreshMargin">How long before expiry a token is replaced, at most (half the lifetime of tokens that
    /// live less than twice this).</param>
    /// <param name="refreshAt">When a token should be replaced; tokens carry it, set from <see cref="RefreshAtFor"/>.</param>
    public AccessTokenCache(TimeProvider timeProvider, TimeSpan refreshMargin, Func<TToken, DateTimeOffset> refreshAt)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(refreshAt);
        ArgumentOutOfRangeException.ThrowIfLessThan(refreshMargin, TimeSpan.Zero);
        TimeProvider = timeProvider;
        RefreshMargin = refreshMargin;
        _refreshAt = refreshAt;
    }

    /// <summary>The clock.</summary>
    public TimeProvider TimeProvider { get; }

    /// <summary>How long before expiry a token is replaced, at most.</summary>
    public TimeSpan RefreshMargin { get; }

    /// <summary>The cached token while it is fresh, else the one <paramref name="request"/> obtains.</summary>
    /// <param name="request">Requests a new token.</param>
    /// <param name="cancellationToken">Cancels waiting and the request.</param>
    /// <returns>A fresh token.</returns>
    public async ValueTask<TToken> GetAsync(Func<CancellationToken, Task<TToken>> request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        TToken? token = Volatile.Read(ref _token);
        if (token is not null && TimeProvider.GetUtcNow() < _refreshAt(token))
        {
            return token;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Another caller may have refreshed it while this one waited.
            token = Volatile.Read(ref _token);
            if (token is not null && TimeProvider.GetUtcNow() < _refreshAt(token))
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

    /// <summary>Forgets <paramref name="rejected"/> (a call answered 401 with it), unless a newer token replaced it already.</summary>
    /// <param name="rejected">The token the provider refused.</param>
    public void Invalidate(TToken rejected) => Interlocked.CompareExchange(ref _token, null, rejected);

    /// <summary>When a token issued now with this lifetime should be replaced.</summary>
    /// <param name="lifetime">The token's lifetime (<c>expires_in</c>).</param>
    /// <returns>Now plus the lifetime, minus the margin.</returns>
    public DateTimeOffset RefreshAtFor(TimeSpan lifetime)
    {
        TimeSpan margin = lifetime < 2 * RefreshMargin ? lifetime / 2 : RefreshMargin;
        return TimeProvider.GetUtcNow() + lifetime - margin;
    }

    /// <inheritdoc/>
    public void Dispose() => _gate.Dispose();
}
