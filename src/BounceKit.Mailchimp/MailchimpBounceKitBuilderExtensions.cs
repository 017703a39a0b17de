using BounceKit.Mailchimp;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

// Extension methods live in the namespace of the type they extend (IBounceKitBuilder).
namespace BounceKit.Extensions.DependencyInjection;

/// <summary>Adds Mailchimp accounts to BounceKit.</summary>
/// <remarks>
/// <para>Each account gets: <see cref="MailchimpOptions"/> (named after the account, validated on start), an
/// <see cref="HttpClient"/> named by <see cref="HttpClientName"/> from <c>IHttpClientFactory</c> with the standard
/// resilience handler (retries of 429, 408 and 5xx honouring <c>Retry-After</c>, attempt and total timeouts from the
/// options, a circuit breaker, and a concurrency limit of <see cref="MailchimpOptions.MaxConcurrentRequests"/>),
/// a <see cref="MailchimpClient"/> and a <see cref="MailchimpEventSource"/>. The default account resolves directly;
/// a named one as a keyed service (<c>[FromKeyedServices("eu")] MailchimpClient</c>).</para>
/// <para>To replace the resilience, reach the same client: <c>services.AddHttpClient(HttpClientName(name))
/// .RemoveAllResilienceHandlers().AddResilienceHandler(...)</c>; to tune it, configure
/// <see cref="Microsoft.Extensions.Http.Resilience.HttpStandardResilienceOptions"/> named <c>HttpClientName(name) + "-standard"</c>.</para>
/// </remarks>
public static class MailchimpBounceKitBuilderExtensions
{
    /// <summary>The <c>IHttpClientFactory</c> name of an account's client.</summary>
    /// <param name="name">The account name; empty for the default account.</param>
    /// <returns><c>BounceKit.Mailchimp</c>, or <c>BounceKit.Mailchimp:&lt;name&gt;</c>.</returns>
    public static string HttpClientName(string name) => string.IsNullOrEmpty(name) ? "BounceKit.Mailchimp" : "BounceKit.Mailchimp:" + name;

    /// <summary>Adds the default Mailchimp account.</summary>
    /// <param name="builder">The BounceKit builder.</param>
    /// <param name="configure">Sets the options (at least <see cref="MailchimpOptions.ApiKey"/>).</param>
    /// <returns>The builder, for chaining.</returns>
    public static IBounceKitBuilder AddMailchimp(this IBounceKitBuilder builder, Action<MailchimpOptions> configure) =>
        builder.AddMailchimp(Options.DefaultName, configure);

    /// <summary>Adds a named Mailchimp account, for hosts that sync several.</summary>
    /// <param name="builder">The BounceKit builder.</param>
    /// <param name="name">The account name (the service key).</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>The builder, for chaining.</returns>
    public static IBounceKitBuilder AddMailchimp(this IBounceKitBuilder builder, string name, Action<MailchimpOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(configure);
        builder.Services.AddOptionsWithValidateOnStart<MailchimpOptions>(name).Configure(configure);
        return AddAccount(builder, name);
    }

    /// <summary>Adds the default Mailchimp account with options bound from configuration (usually <c>BounceKit:Mailchimp</c>).</summary>
    /// <param name="builder">The BounceKit builder.</param>
    /// <param name="section">The configuration section.</param>
    /// <returns>The builder, for chaining.</returns>
    public static IBounceKitBuilder AddMailchimp(this IBounceKitBuilder builder, IConfiguration section) =>
        builder.AddMailchimp(Options.DefaultName, section);

    /// <summary>Adds a named Mailchimp account with options bound from configuration.</summary>
    /// <param name="builder">The BounceKit builder.</param>
    /// <param name="name">The account name (the service key).</param>
    /// <param name="section">The configuration section.</param>
    /// <returns>The builder, for chaining.</returns>
    public static IBounceKitBuilder AddMailchimp(this IBounceKitBuilder builder, string name, IConfiguration section)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(section);
        builder.Services.AddOptionsWithValidateOnStart<MailchimpOptions>(name).Bind(section);
        return AddAccount(builder, name);
    }

    private static IBounceKitBuilder AddAccount(IBounceKitBuilder builder, string name)
    {
        IServiceCollection services = builder.Services;
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<MailchimpOptions>, MailchimpOptionsAttributeValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<MailchimpOptions>, MailchimpOptionsValidator>());
        if (!services.TryAddAdapterAccount<MailchimpClient>(name))
        {
            return builder; // A second call adds configuration only, never a second resilience handler.
        }

        string clientName = HttpClientName(name);
        services.AddAdapterHttpClient<MailchimpOptions>(clientName, name, MailchimpClient.Provider, static (options, http) => http.BaseAddress = MailchimpClient.BaseAddressOf(options));

        if (string.IsNullOrEmpty(name))
        {
            services.TryAddTransient(sp => CreateClient(sp, name));
            services.TryAddTransient(sp => CreateSource(sp, sp.GetRequiredService<MailchimpClient>(), name));
        }

        services.TryAddKeyedTransient(name, (sp, _) => CreateClient(sp, name));
        services.TryAddKeyedTransient(name, (sp, _) => CreateSource(sp, sp.GetRequiredKeyedService<MailchimpClient>(name), name));
        return builder;
    }

    private static MailchimpClient CreateClient(IServiceProvider sp, string name) => new(
        sp.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName(name)),
        sp.GetRequiredService<IOptionsMonitor<MailchimpOptions>>().Get(name),
        sp.GetService<ILogger<MailchimpClient>>());

    private static MailchimpEventSource CreateSource(IServiceProvider sp, MailchimpClient client, string name) => new(
        client,
        sp.GetRequiredService<IOptionsMonitor<MailchimpOptions>>().Get(name),
        sp.GetRequiredService<TimeProvider>(),
        sp.GetService<ILogger<MailchimpEventSource>>());

}
