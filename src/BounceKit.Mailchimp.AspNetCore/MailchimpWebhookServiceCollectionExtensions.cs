using BounceKit.Mailchimp.AspNetCore;
using BounceKit.Mailchimp.AspNetCore.Internal;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

// Extension methods live in the namespace of the type they extend, as in Microsoft.Extensions and OpenTelemetry.
namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the Mailchimp webhook endpoint's options and handler.</summary>
public static class MailchimpWebhookServiceCollectionExtensions
{
    /// <summary>Registers <typeparamref name="THandler"/> as the scoped <see cref="IMailchimpWebhookHandler"/> and the
    /// <see cref="MailchimpWebhookOptions"/>, validated when the host starts.</summary>
    /// <typeparam name="THandler">Your handler.</typeparam>
    /// <param name="services">The host's services.</param>
    /// <param name="configure">Sets the options (at least <see cref="MailchimpWebhookOptions.Secret"/>).</param>
    /// <returns><paramref name="services"/>.</returns>
    /// <remarks>A second call adds its configuration but keeps the first handler.</remarks>
    public static IServiceCollection AddMailchimpWebhook<THandler>(this IServiceCollection services, Action<MailchimpWebhookOptions> configure)
        where THandler : class, IMailchimpWebhookHandler
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptionsWithValidateOnStart<MailchimpWebhookOptions>().Configure(configure);
        return AddCore<THandler>(services);
    }

    /// <summary>Registers <typeparamref name="THandler"/> as the scoped <see cref="IMailchimpWebhookHandler"/> and the
    /// <see cref="MailchimpWebhookOptions"/> bound from a configuration section, validated when the host starts.</summary>
    /// <typeparam name="THandler">Your handler.</typeparam>
    /// <param name="services">The host's services.</param>
    /// <param name="section">The section, for example <c>configuration.GetSection("Mailchimp:Webhook")</c>, with
    /// <c>Secret</c> and optionally <c>PreviousSecrets</c>.</param>
    /// <returns><paramref name="services"/>.</returns>
    public static IServiceCollection AddMailchimpWebhook<THandler>(this IServiceCollection services, IConfiguration section)
        where THandler : class, IMailchimpWebhookHandler
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(section);
        services.AddOptionsWithValidateOnStart<MailchimpWebhookOptions>().Bind(section);
        return AddCore<THandler>(services);
    }

    private static IServiceCollection AddCore<THandler>(IServiceCollection services)
        where THandler : class, IMailchimpWebhookHandler
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<MailchimpWebhookOptions>, MailchimpWebhookOptionsValidator>());
        services.TryAddScoped<IMailchimpWebhookHandler, THandler>();
        return services;
    }
}
