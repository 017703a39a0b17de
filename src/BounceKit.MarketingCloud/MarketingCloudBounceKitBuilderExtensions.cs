using System.Globalization;
using System.Net.Http.Headers;
using BounceKit.Diagnostics;
using BounceKit.MarketingCloud;
using BounceKit.MarketingCloud.Rest.Internal;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

// Extension methods live in the namespace of the type they extend (IBounceKitBuilder).
namespace BounceKit.Extensions.DependencyInjection;

/// <summary>Adds Salesforce Marketing Cloud accounts (REST) to BounceKit.</summary>
/// <remarks>
/// <para>Each account gets: <see cref="MarketingCloudOptions"/> (named after the account, validated on start), an
/// <see cref="HttpClient"/> named by <see cref="HttpClientName"/> from <c>IHttpClientFactory</c> with the standard
/// resilience handler (retries of 429, 408 and 5xx honouring <c>Retry-After</c>, attempt and total timeouts from the
/// options, a circuit breaker, and a concurrency limit of <see cref="MarketingCloudOptions.MaxConcurrentRequests"/>),
/// one access token shared by all its clients, and a <see cref="MarketingCloudClient"/>. The default account resolves
/// directly; a named one as a keyed service (<c>[FromKeyedServices("eu")] MarketingCloudClient</c>).</para>
/// <para>To replace the resilience, reach the same client: <c>services.AddHttpClient(HttpClientName(name))
/// .RemoveAllResilienceHandlers().AddResilienceHandler(...)</c>; to tune it, configure
/// <see cref="HttpStandardResilienceOptions"/> named <c>HttpClientName(name) + "-standard"</c>.</para>
/// </remarks>
public static class MarketingCloudBounceKitBuilderExtensions
{
    /// <summary>The <c>IHttpClientFactory</c> name of an account's client.</summary>
    /// <param name="name">The account name; empty for the default account.</param>
    /// <returns><c>BounceKit.MarketingCloud</c>, or <c>BounceKit.MarketingCloud:&lt;name&gt;</c>.</returns>
    public static string HttpClientName(string name) => string.IsNullOrEmpty(name) ? "BounceKit.MarketingCloud" : "BounceKit.MarketingCloud:" + name;

    /// <summary>Adds the default Marketing Cloud account.</summary>
    /// <param name="builder">The BounceKit builder.</param>
    /// <param name="configure">Sets the options (at least <see cref="MarketingCloudOptions.Subdomain"/>,
    /// <see cref="MarketingCloudOptions.ClientId"/> and <see cref="MarketingCloudOptions.ClientSecret"/>).</param>
    /// <returns>The builder, for chaining.</returns>
    public static IBounceKitBuilder AddMarketingCloud(this IBounceKitBuilder builder, Action<MarketingCloudOptions> configure) =>
        builder.AddMarketingCloud(Options.DefaultName, configure);

    /// <summary>Adds a named Marketing Cloud account, for hosts that sync several business units or tenants.</summary>
    /// <param name="builder">The BounceKit builder.</param>
    /// <param name="name">The account name (the service key).</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>The builder, for chaining.</returns>
    public static IBounceKitBuilder AddMarketingCloud(this IBounceKitBuilder builder, string name, Action<MarketingCloudOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(configure);
        builder.Services.AddOptionsWithValidateOnStart<MarketingCloudOptions>(name).Configure(configure);
        return AddAccount(builder, name);
    }

    /// <summary>Adds the default Marketing Cloud account with options bound from configuration (usually
    /// <c>BounceKit:MarketingCloud</c>).</summary>
    /// <param name="builder">The BounceKit builder.</param>
    /// <param name="section">The configuration section.</param>
    /// <returns>The builder, for chaining.</returns>
    public static IBounceKitBuilder AddMarketingCloud(this IBounceKitBuilder builder, IConfiguration section) =>
        builder.AddMarketingCloud(Options.DefaultName, section);

    /// <summary>Adds a named Marketing Cloud account with options bound from configuration.</summary>
    /// <param name="builder">The BounceKit builder.</param>
    /// <param name="name">The account name (the service key).</param>
    /// <param name="section">The configuration section.</param>
    /// <returns>The builder, for chaining.</returns>
    public static IBounceKitBuilder AddMarketingCloud(this IBounceKitBuilder builder, string name, IConfiguration section)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(section);
        builder.Services.AddOptionsWithValidateOnStart<MarketingCloudOptions>(name).Bind(section);
        return AddAccount(builder, name);
    }

    private static IBounceKitBuilder AddAccount(IBounceKitBuilder builder, string name)
    {
        IServiceCollection services = builder.Services;
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<MarketingCloudOptions>, MarketingCloudOptionsAttributeValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<MarketingCloudOptions>, MarketingCloudOptionsValidator>());
        if (services.Any(d => d.ServiceType == typeof(AccountMarker) && Equals(d.ServiceKey, name)))
        {
            return builder; // A second call adds configuration only, never a second resilience handler.
        }

        services.AddKeyedSingleton<AccountMarker>(name);

        // One token per account, shared by every (transient) client of it: Salesforce asks for no token per call.
        services.AddKeyedSingleton(name, (sp, _) => new TokenCache(sp.GetService<TimeProvider>() ?? TimeProvider.System));
        string clientName = HttpClientName(name);
        services.AddHttpClient(clientName)
            .ConfigureHttpClient(http =>
            {
                // Requests carry absolute addresses: the REST base comes from each token response.
                http.Timeout = Timeout.InfiniteTimeSpan; // The resilience handler's timeouts apply.
                http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("BounceKit", typeof(MarketingCloudClient).Assembly.GetName().Version?.ToString(3)));
            })
            // IHttpClientFactory's default logging redacts header values in the text of its Trace records but hands
            // the raw values (the Bearer token) to structured sinks in the record's state; this client logs its own
            // requests (event ids 1300-1302) instead.
            .RemoveAllLoggers()
            .ConfigurePrimaryHttpMessageHandler(sp => new SocketsHttpHandler
            {
                MaxConnectionsPerServer = sp.GetRequiredService<IOptionsMonitor<MarketingCloudOptions>>().Get(name).MaxConcurrentRequests,
            })
            .AddStandardResilienceHandler()
            .Configure((resilience, sp) =>
            {
                MarketingCloudOptions options;
                try
                {
                    options = sp.GetRequiredService<IOptionsMonitor<MarketingCloudOptions>>().Get(name);
                }
                catch (OptionsValidationException)
                {
                    return; // Reported at start by the Marketing Cloud options' own validation, which names the setting.
                }

                resilience.AttemptTimeout.Timeout = options.AttemptTimeout;
                resilience.TotalRequestTimeout.Timeout = options.TotalTimeout;
                resilience.CircuitBreaker.SamplingDuration = TimeSpan.FromTicks(Math.Max(resilience.CircuitBreaker.SamplingDuration.Ticks, 2 * options.AttemptTimeout.Ticks));

                // Queue what exceeds the limit rather than fail it: Marketing Cloud throttles bursts with 429.
                resilience.RateLimiter.DefaultRateLimiterOptions.PermitLimit = options.MaxConcurrentRequests;
                resilience.RateLimiter.DefaultRateLimiterOptions.QueueLimit = 100_000;
                resilience.Retry.OnRetry = static args =>
                {
                    string reason = args.Outcome.Result is { } response ? ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture) : args.Outcome.Exception?.GetType().Name ?? "unknown";
                    BounceKitMetrics.RecordAdapterRetry(MarketingCloudClient.Provider, reason);
                    return default;
                };
            });

        if (string.IsNullOrEmpty(name))
        {
            services.TryAddTransient(sp => CreateClient(sp, name));
        }

        services.TryAddKeyedTransient(name, (sp, _) => CreateClient(sp, name));
        return builder;
    }

    private static MarketingCloudClient CreateClient(IServiceProvider sp, string name) => new(
        sp.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName(name)),
        sp.GetRequiredService<IOptionsMonitor<MarketingCloudOptions>>().Get(name),
        sp.GetRequiredKeyedService<TokenCache>(name),
        sp.GetService<ILogger<MarketingCloudClient>>());

    private sealed class AccountMarker;
}
