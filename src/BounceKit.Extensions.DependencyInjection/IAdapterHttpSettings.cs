namespace BounceKit.Extensions.DependencyInjection;

/// <summary>What a provider adapter's options say about its HTTP client: how many requests may be in flight and how long
/// they may take. Implemented by every adapter's options class.</summary>
public interface IAdapterHttpSettings
{
    /// <summary>Requests in flight at once: the provider's connection limit. More wait in a queue.</summary>
    int MaxConcurrentRequests { get; }

    /// <summary>Time allowed for one attempt.</summary>
    TimeSpan AttemptTimeout { get; }

    /// <summary>Time allowed for one call including its retries.</summary>
    TimeSpan TotalTimeout { get; }
}
