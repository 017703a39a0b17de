using BounceKit.Events;
using BounceKit.Mailchimp.Webhooks;

namespace BounceKit.Mailchimp.AspNetCore;

/// <summary>Your code that acts on a Mailchimp webhook: store the events, update a ledger, sync a CRM.</summary>
/// <remarks>
/// <para>Registered with <c>services.AddMailchimpWebhook&lt;THandler&gt;(...)</c> as a scoped service and resolved from
/// the request's services for every call, so it may depend on scoped services such as a database context.</para>
/// <para>Called once per valid webhook, after the secret is checked and the body parsed; not called for validation
/// requests. Return normally and the endpoint answers 200. Throw and it answers 500 and logs the exception, so
/// Mailchimp retries the same payload (for about 75 minutes); the deliverability event ids repeat, so a ledger keeps one
/// copy. Mailchimp expects an answer within about 10 seconds: queue slow work. Exception messages are logged as they
/// are, so do not put email addresses in them.</para>
/// </remarks>
public interface IMailchimpWebhookHandler
{
    /// <summary>Handles one webhook.</summary>
    /// <param name="webhookEvent">The parsed webhook; a sealed subclass per type, or <see cref="MailchimpUnknownWebhookEvent"/>.</param>
    /// <param name="events">The deliverability events it maps to (<see cref="MailchimpWebhookEvent.ToDeliverabilityEvents"/>); often empty.</param>
    /// <param name="cancellationToken">Cancelled when Mailchimp closes the connection.</param>
    /// <returns>A task that completes when the webhook is handled.</returns>
    Task HandleAsync(MailchimpWebhookEvent webhookEvent, IReadOnlyList<DeliverabilityEvent> events, CancellationToken cancellationToken = default);
}
