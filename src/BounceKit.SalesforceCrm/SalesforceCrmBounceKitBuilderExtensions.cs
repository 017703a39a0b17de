using BounceKit.Policy;
using BounceKit.SalesforceCrm;
using BounceKit.SalesforceCrm.Internal;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

// Extension methods live in the namespace of the type they extend (IBounceKitBuilder).
namespace BounceKit.Extensions.DependencyInjection;

/// <summary>Adds Salesforce CRM orgs (Contacts and Leads over REST) to BounceKit.</summary>
/// <remarks>
/// <para>Each account gets: <see cref="SalesforceCrmOptions"/> (named after the account, validated on start), an
/// <see cref="HttpClient"/> named by <see cref="HttpClientName"/> from <c>IHttpClientFactory</c> with the standard
/// resilience handler (retries of 429, 408 and 5xx honouring <c>Retry-After</c>, never of 403, so an exhausted API
/// limit is not hammered; attempt and total timeouts from the options; a circuit breaker; a concurrency limit of
/// <see cref="SalesforceCrmOptions.MaxConcurrentRequests"/>), one token shared by all its sinks (client credentials,
/// unless the host registers a keyed <see cref="ISalesforceTokenProvider"/> under the account name), and a
/// <see cref="SalesforceCrmSink"/>. The sink resolves as <see cref="SalesforceCrmSink"/> (the default account
/// directly, a named one keyed) and as a keyed <see cref="ICrmSink"/> under the account name; no unkeyed
/// <see cref="ICrmSink"/> is registered, so the host chooses which CRM is its default.</para>
/// <para>To replace the resilience, reach the same client: <c>services.AddHttpClient(HttpClientName(name))
/// .RemoveAllResilienceHandlers().AddResilienceHandler(...)</c>; to tune it, configure
/// <see cref="Microsoft.Extensions.Http.Resilience.HttpStandardResilienceOptions"/> named <c>HttpClientName(name) + "-standard"</c>.</para>
/// </remarks>
public static class SalesforceCrmBounceKitBuilderExtensions
{
    /// <summary>The <c>IHttpClientFactory</c> name of an account's client.</summary>
    /// <param name="name">The account name; empty for the default account.</param>
    /// <returns><c>BounceKit.SalesforceCrm</c>, or <c>BounceKit.SalesforceCrm:&lt;name&gt;</c>.</returns>
    public static string HttpClientName(string name) => string.IsNullOrEmpty(name) ? "BounceKit.SalesforceCrm" : "BounceKit.SalesforceCrm:" + name;

    /// <summary>Adds the default Salesforce CRM org.</summary>
    /// <param name="builder">The BounceKit builder.</param>
    /// <param name="configure">Sets the options (at least <see cref="SalesforceCrmOptions.LoginUrl"/>,
    /// <see cref="SalesforceCrmOptions.ClientId"/> and <see cref="SalesforceCrmOptions.ClientSecret"/>).</param>
    /// <returns>The builder, for chaining.</returns>
    public static IBounceKitBuilder AddSalesforceCrm(this IBounceKitBuilder builder, Action<SalesforceCrmOptions> configure) =>
        builder.AddSalesforceCrm(Options.DefaultName, configure);

    /// <summary>Adds a named Salesforce CRM org, for hosts that write to several orgs.</summary>
    /// <param name="builder">The BounceKit builder.</param>
    /// <param name="name">The account name (the service key).</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>The builder, for chaining.</returns>
    public static IBounceKitBuilder AddSalesforceCrm(this IBounceKitBuilder builder, string name, Action<SalesforceCrmOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(configure);
        builder.Services.AddOptionsWithValidateOnStart<SalesforceCrmOptions>(name).Configure(configure);
        return AddAccount(builder, name);
    }

    /// <summary>Adds the default Salesforce CRM org with options bound from configuration (usually
    /// <c>BounceKit:SalesforceCrm</c>).</summary>
    /// <param name="builder">The BounceKit builder.</param>
    /// <param name="section">The configuration section.</param>
    /// <returns>The builder, for chaining.</returns>
    public static IBounceKitBuilder AddSalesforceCrm(this IBounceKitBuilder builder, IConfiguration section) =>
        builder.AddSalesforceCrm(Options.DefaultName, section);

    /// <summary>Adds a named Salesforce CRM org with options bound from configuration.</summary>
    /// <param name="builder">The BounceKit builder.</param>
    /// <param name="name">The account name (the service key).</param>
    /// <param name="section">The configuration section.</param>
    /// <returns>The builder, for chaining.</returns>
    public static IBounceKitBuilder AddSalesforceCrm(this IBounceKitBuilder builder, string name, IConfiguration section)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(section);
        builder.Services.AddOptionsWithValidateOnStart<SalesforceCrmOptions>(name).Bind(section);
        return AddAccount(builder, name);
    }

    private static IBounceKitBuilder AddAccount(IBounceKitBuilder builder, string name)
    {
        IServiceCollection services = builder.Services;
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SalesforceCrmOptions>, SalesforceCrmOptionsAttributeValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SalesforceCrmOptions>, SalesforceCrmOptionsValidator>());
        if (!services.TryAddAdapterAccount<SalesforceCrmSink>(name))
        {
            return builder; // A second call adds configuration only, never a second resilience handler.
        }

        string clientName = HttpClientName(name);

        // One token per account, shared by every (transient) sink of it; used only when the host supplies no provider.
        services.AddKeyedSingleton(name, (sp, _) => new ClientCredentialsTokenProvider(
            () => sp.GetRequiredService<IHttpClientFactory>().CreateClient(clientName),
            sp.GetRequiredService<IOptionsMonitor<SalesforceCrmOptions>>().Get(name),
            sp.GetRequiredService<ILoggerFactory>().CreateLogger<SalesforceCrmSink>()));
        services.AddAdapterHttpClient<SalesforceCrmOptions>(clientName, name, SalesforceHttp.Provider);

        if (string.IsNullOrEmpty(name))
        {
            services.TryAddTransient(sp => CreateSink(sp, name));
        }

        services.TryAddKeyedTransient(name, (sp, _) => CreateSink(sp, name));
        services.TryAddKeyedTransient<ICrmSink>(name, (sp, key) => sp.GetRequiredKeyedService<SalesforceCrmSink>(key));
        return builder;
    }

    private static SalesforceCrmSink CreateSink(IServiceProvider sp, string name) => new(
        sp.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName(name)),
        sp.GetRequiredService<IOptionsMonitor<SalesforceCrmOptions>>().Get(name),
        sp.GetKeyedService<ISalesforceTokenProvider>(name) ?? sp.GetRequiredKeyedService<ClientCredentialsTokenProvider>(name),
        sp.GetService<ILogger<SalesforceCrmSink>>());

}
