using System.Diagnostics.CodeAnalysis;
using BounceKit.Mailchimp.AspNetCore;
using BounceKit.Mailchimp.AspNetCore.Internal;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

// Map* extensions live in Microsoft.AspNetCore.Builder, as ASP.NET Core's own do, so apps need no extra using.
namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps the Mailchimp audience webhook endpoint.</summary>
public static class MailchimpWebhookEndpointRouteBuilderExtensions
{
    /// <summary>The logger category of the endpoint.</summary>
    public const string LoggerCategory = "BounceKit.Mailchimp.AspNetCore.MailchimpWebhook";

    /// <summary>Maps <c>GET</c> and <c>POST</c> on <paramref name="pattern"/> to the Mailchimp webhook endpoint.</summary>
    /// <param name="endpoints">The application's routes.</param>
    /// <param name="pattern">The route, with a <c>{secret}</c> parameter, for example <c>/webhooks/mailchimp/{secret}</c>.</param>
    /// <returns>A builder to add conventions (authorization, rate limiting, host filtering) to the endpoint.</returns>
    /// <exception cref="ArgumentException"><paramref name="pattern"/> has no required <c>{secret}</c> parameter.</exception>
    /// <exception cref="InvalidOperationException"><c>services.AddMailchimpWebhook&lt;THandler&gt;(...)</c> was not called.</exception>
    /// <remarks>
    /// <para>Mailchimp signs nothing, so the URL carries a secret (provider-facts section 1.6): the <c>{secret}</c> value
    /// is compared in constant time with <see cref="MailchimpWebhookOptions.Secret"/> and
    /// <see cref="MailchimpWebhookOptions.PreviousSecrets"/>; no match is a 404, so the endpoint does not reveal itself.</para>
    /// <para>With the right secret: <c>GET</c> (Mailchimp's URL validator), a <c>POST</c> with an empty body or without
    /// <c>type</c> (the other reported validation form) answer 200 without calling the handler. A valid form is parsed
    /// (<see cref="BounceKit.Mailchimp.Webhooks.MailchimpWebhookParser"/>), mapped, handed to the scoped
    /// <see cref="IMailchimpWebhookHandler"/>, and answered 200. A malformed form is a 400
    /// <c>application/problem+json</c> whose <c>detail</c> and <c>field</c> name the field; a body that is not a form is a
    /// 415; a body over 1 MiB a 413; a handler exception a logged 500, so Mailchimp retries. Logs never contain an email
    /// address or a secret.</para>
    /// </remarks>
    public static IEndpointConventionBuilder MapMailchimpWebhook(this IEndpointRouteBuilder endpoints, [StringSyntax("Route")] string pattern)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentException.ThrowIfNullOrWhiteSpace(pattern);
        RoutePattern route = RoutePatternFactory.Parse(pattern);
        if (route.GetParameter(MailchimpWebhookEndpoint.SecretParameter) is not { IsOptional: false, IsCatchAll: false })
        {
            throw new ArgumentException(
                $"The Mailchimp webhook route '{pattern}' needs a required {{secret}} parameter, for example \"/webhooks/mailchimp/{{secret}}\": Mailchimp signs nothing, so the secret in the URL is what keeps others out.",
                nameof(pattern));
        }

        if (endpoints.ServiceProvider.GetService<IServiceProviderIsService>() is { } isService && !isService.IsService(typeof(IMailchimpWebhookHandler)))
        {
            throw new InvalidOperationException(
                "No IMailchimpWebhookHandler is registered: call services.AddMailchimpWebhook<THandler>(...) before MapMailchimpWebhook.");
        }

        ILogger logger = endpoints.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger(LoggerCategory);
        var endpoint = new MailchimpWebhookEndpoint(logger);
        return endpoints
            .MapMethods(pattern, [HttpMethods.Get, HttpMethods.Post], endpoint.HandleAsync)
            .WithDisplayName("Mailchimp webhook")
            .DisableAntiforgery()
            .ExcludeFromDescription();
    }
}
