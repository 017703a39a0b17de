using BounceKit.MarketingCloud;
using BounceKit.MarketingCloud.Rest.Internal;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
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
/// <see cref="Microsoft.Extensions.Http.Resilience.HttpStandardResilienceOptions"/> named <c>HttpClientName(name) + "-standard"</c>.</para>
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
        if (!services.TryAddAdapterAccount<MarketingCloudClient>(name))
        {
            return builder; // A second call adds configuration only, never a second resilience handler.
        }


        // One token per account, shared by every (transient) client of it: Salesforce asks for no token per call.
        services.AddKeyedSingleton(name, (sp, _) => TokenCache.Create(sp.GetService<TimeProvider>() ?? TimeProvider.System));
        string clientName = HttpClientName(name);
        services.AddAdapterHttpClient<MarketingCloudOptions>(clientName, name, MarketingCloudClient.Provider);

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
        sp.GetRequiredKeyedService<AccessTokenCache<AccessToken>>(name),
        sp.GetService<ILogger<MarketingCloudClient>>());

}
