using System.Globalization;
using System.Net.Http.Headers;
using BounceKit.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;

namespace BounceKit.Extensions.DependencyInjection;

/// <summary>The registration every provider adapter shares: one resilient named <see cref="HttpClient"/> per account,
/// and a guard so that registering an account twice adds configuration only.</summary>
/// <remarks>See docs/extending.md. The client gets: an infinite <see cref="HttpClient.Timeout"/> (the resilience
/// handler owns timeouts), a BounceKit user agent, no <c>IHttpClientFactory</c> request loggers (their structured
/// state carries raw header values such as Basic credentials and Bearer tokens at Trace level; adapters log each call
/// themselves), a primary handler capped at <see cref="IAdapterHttpSettings.MaxConcurrentRequests"/> connections, and
/// the standard resilience handler with the options' attempt and total timeouts, a concurrency limiter at the same
/// limit that queues the excess, retries of 408, 429 and 5xx honouring <c>Retry-After</c>, and each retry counted on
/// <c>bouncekit.adapter.retries</c>.</remarks>
public static class AdapterHttpClientExtensions
{
    /// <summary>Registers an account once: returns <see langword="false"/> when an account of this adapter and name was
    /// registered before, so the caller adds nothing but its configuration.</summary>
    /// <typeparam name="TAdapter">A type that identifies the adapter, for example its client class.</typeparam>
    /// <param name="services">The host's services.</param>
    /// <param name="name">The account name.</param>
    /// <returns>Whether this is the first registration of the account.</returns>
    public static bool TryAddAdapterAccount<TAdapter>(this IServiceCollection services, string name)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(name);
        if (services.Any(d => d.ServiceType == typeof(AccountMarker<TAdapter>) && Equals(d.ServiceKey, name)))
        {
            return false;
        }

        services.AddKeyedSingleton<AccountMarker<TAdapter>>(name);
        return true;
    }

    /// <summary>Adds an account's named, resilient <see cref="HttpClient"/>.</summary>
    /// <typeparam name="TOptions">The adapter's options, named after the account.</typeparam>
    /// <param name="services">The host's services.</param>
    /// <param name="clientName">The <c>IHttpClientFactory</c> name.</param>
    /// <param name="optionsName">The account name (the options' name).</param>
    /// <param name="provider">The provider tag of the retry counter, for example <c>mailchimp</c>.</param>
    /// <param name="configureClient">Further client settings, for example a base address.</param>
    /// <returns>The client builder, for more handlers.</returns>
    public static IHttpClientBuilder AddAdapterHttpClient<TOptions>(this IServiceCollection services, string clientName, string optionsName, string provider, Action<TOptions, HttpClient>? configureClient = null)
        where TOptions : class, IAdapterHttpSettings
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrEmpty(clientName);
        ArgumentNullException.ThrowIfNull(optionsName);
        ArgumentException.ThrowIfNullOrEmpty(provider);
        IHttpClientBuilder client = services.AddHttpClient(clientName)
            .ConfigureHttpClient((sp, http) =>
            {
                http.Timeout = Timeout.InfiniteTimeSpan;
                http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("BounceKit", typeof(TOptions).Assembly.GetName().Version?.ToString(3)));
                configureClient?.Invoke(sp.GetRequiredService<IOptionsMonitor<TOptions>>().Get(optionsName), http);
            })
            .RemoveAllLoggers()
            .ConfigurePrimaryHttpMessageHandler(sp => new SocketsHttpHandler
            {
                MaxConnectionsPerServer = sp.GetRequiredService<IOptionsMonitor<TOptions>>().Get(optionsName).MaxConcurrentRequests,
            });
        client.AddStandardResilienceHandler().Configure((resilience, sp) =>
        {
            TOptions options;
            try
            {
                options = sp.GetRequiredService<IOptionsMonitor<TOptions>>().Get(optionsName);
            }
            catch (OptionsValidationException)
            {
                // Runs during start-up validation: throwing here would bury the adapter's own message, which names
                // the setting, in an AggregateException.
                return;
            }

            resilience.AttemptTimeout.Timeout = options.AttemptTimeout;
            resilience.TotalRequestTimeout.Timeout = options.TotalTimeout;
            resilience.CircuitBreaker.SamplingDuration = TimeSpan.FromTicks(Math.Max(resilience.CircuitBreaker.SamplingDuration.Ticks, 2 * options.AttemptTimeout.Ticks));
            resilience.RateLimiter.DefaultRateLimiterOptions.PermitLimit = options.MaxConcurrentRequests;
            resilience.RateLimiter.DefaultRateLimiterOptions.QueueLimit = 100_000;
            resilience.Retry.OnRetry = args =>
            {
                string reason = args.Outcome.Result is { } response ? ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture) : args.Outcome.Exception?.GetType().Name ?? "unknown";
                BounceKitMetrics.RecordAdapterRetry(provider, reason);
                return default;
            };
        });
        return client;
    }

    private sealed class AccountMarker<TAdapter>;
}
