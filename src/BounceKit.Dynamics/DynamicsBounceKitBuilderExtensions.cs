using BounceKit.Dynamics;
using BounceKit.Dynamics.Internal;
using BounceKit.Policy;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

// Extension methods live in the namespace of the type they extend (IBounceKitBuilder).
namespace BounceKit.Extensions.DependencyInjection;

/// <summary>Adds Microsoft Dynamics 365 / Dataverse environments to BounceKit as CRM sinks.</summary>
/// <remarks>
/// <para>Each account gets: <see cref="DynamicsOptions"/> (named after the account, validated on start), an
/// <see cref="HttpClient"/> named by <see cref="HttpClientName"/> with the standard resilience handler (retries of 429,
/// 408 and 5xx honouring <c>Retry-After</c>, attempt and total timeouts from the options, a circuit breaker, a
/// concurrency limit of <see cref="DynamicsOptions.MaxConcurrentRequests"/>), one token shared by its sinks, and a
/// <see cref="DynamicsCrmSink"/>, also as a keyed <see cref="ICrmSink"/> under the account name. The default account
/// resolves directly; a named one as a keyed service. With <see cref="DynamicsAuthentication.TokenProvider"/> the host
/// registers an <see cref="IDynamicsTokenProvider"/> (keyed under the account name, or unkeyed for the default).</para>
/// <para>Every registration is TryAdd: a second call for the same account adds configuration only.</para>
/// </remarks>
public static class DynamicsBounceKitBuilderExtensions
{
    /// <summary>The <c>IHttpClientFactory</c> name of an account's client.</summary>
    /// <param name="name">The account name; empty for the default account.</param>
    /// <returns><c>BounceKit.Dynamics</c>, or <c>BounceKit.Dynamics:&lt;name&gt;</c>.</returns>
    public static string HttpClientName(string name) => string.IsNullOrEmpty(name) ? "BounceKit.Dynamics" : "BounceKit.Dynamics:" + name;

    /// <summary>Adds the default Dynamics environment.</summary>
    /// <param name="builder">The BounceKit builder.</param>
    /// <param name="configure">Sets the options (at least <see cref="DynamicsOptions.OrganizationUrl"/> and the
    /// credentials).</param>
    /// <returns>The builder, for chaining.</returns>
    public static IBounceKitBuilder AddDynamics(this IBounceKitBuilder builder, Action<DynamicsOptions> configure) =>
        builder.AddDynamics(Options.DefaultName, configure);

    /// <summary>Adds a named Dynamics environment.</summary>
    /// <param name="builder">The BounceKit builder.</param>
    /// <param name="name">The account name (the service key).</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>The builder, for chaining.</returns>
    public static IBounceKitBuilder AddDynamics(this IBounceKitBuilder builder, string name, Action<DynamicsOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(configure);
        builder.Services.AddOptionsWithValidateOnStart<DynamicsOptions>(name).Configure(configure);
        return AddAccount(builder, name);
    }

    /// <summary>Adds the default Dynamics environment with options bound from configuration (usually
    /// <c>BounceKit:Dynamics</c>).</summary>
    /// <param name="builder">The BounceKit builder.</param>
    /// <param name="section">The configuration section.</param>
    /// <returns>The builder, for chaining.</returns>
    public static IBounceKitBuilder AddDynamics(this IBounceKitBuilder builder, IConfiguration section) =>
        builder.AddDynamics(Options.DefaultName, section);

    /// <summary>Adds a named Dynamics environment with options bound from configuration.</summary>
    /// <param name="builder">The BounceKit builder.</param>
    /// <param name="name">The account name (the service key).</param>
    /// <param name="section">The configuration section.</param>
    /// <returns>The builder, for chaining.</returns>
    public static IBounceKitBuilder AddDynamics(this IBounceKitBuilder builder, string name, IConfiguration section)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(section);
        builder.Services.AddOptionsWithValidateOnStart<DynamicsOptions>(name).Bind(section);
        return AddAccount(builder, name);
    }

    private static IBounceKitBuilder AddAccount(IBounceKitBuilder builder, string name)
    {
        IServiceCollection services = builder.Services;
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DynamicsOptions>, DynamicsOptionsValidator>());
        if (!services.TryAddAdapterAccount<DynamicsCrmSink>(name))
        {
            return builder; // A second call adds configuration only, never a second resilience handler.
        }

        string clientName = HttpClientName(name);

        // One token per account, shared by every (transient) sink of it.
        services.AddKeyedSingleton(name, (sp, _) => TokenCache.Create(sp.GetService<TimeProvider>() ?? TimeProvider.System));
        services.AddAdapterHttpClient<DynamicsOptions>(clientName, name, DynamicsCrmSink.Provider);

        if (string.IsNullOrEmpty(name))
        {
            services.TryAddTransient(sp => CreateSink(sp, name));
        }

        services.TryAddKeyedTransient(name, (sp, _) => CreateSink(sp, name));
        services.TryAddKeyedTransient<ICrmSink>(name, (sp, key) => sp.GetRequiredKeyedService<DynamicsCrmSink>(key));
        return builder;
    }

    private static DynamicsCrmSink CreateSink(IServiceProvider sp, string name)
    {
        DynamicsOptions options = sp.GetRequiredService<IOptionsMonitor<DynamicsOptions>>().Get(name);
        IHttpClientFactory factory = sp.GetRequiredService<IHttpClientFactory>();
        ILogger logger = (ILogger?)sp.GetService<ILoggerFactory>()?.CreateLogger<DynamicsCrmSink>() ?? Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;
        IDynamicsTokenProvider tokens = options.Authentication == DynamicsAuthentication.TokenProvider
            ? (string.IsNullOrEmpty(name) ? sp.GetService<IDynamicsTokenProvider>() : null) ?? sp.GetKeyedService<IDynamicsTokenProvider>(name)
                ?? throw new InvalidOperationException($"{(string.IsNullOrEmpty(name) ? "BounceKit:Dynamics" : "BounceKit:Dynamics:" + name)}:Authentication is TokenProvider but no IDynamicsTokenProvider is registered{(string.IsNullOrEmpty(name) ? string.Empty : " under the key '" + name + "'")}.")
            : new EntraTokenProvider(() => factory.CreateClient(HttpClientName(name)), options, sp.GetRequiredKeyedService<AccessTokenCache<AccessToken>>(name), logger);
        return new DynamicsCrmSink(factory.CreateClient(HttpClientName(name)), options, tokens, logger, sp.GetService<TimeProvider>());
    }

}
