namespace BounceKit.Mailchimp.Webhooks.Internal;

/// <summary>The fields every webhook has, handed from the parser to the event constructors.</summary>
internal readonly record struct WebhookEnvelope(MailchimpWebhookType Type, DateTimeOffset FiredAt, string? ListId, IReadOnlyDictionary<string, string> Data);
