using Microsoft.Extensions.Logging;

namespace BounceKit.Mailchimp.AspNetCore.Internal;

/// <summary>The endpoint's log messages. None takes an address, a secret or free text from the body: member events are
/// named by their subscriber hash, and types and list ids only when they are short tokens.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1201, EventName = "WebhookReceived", Level = LogLevel.Information,
        Message = "Received Mailchimp webhook {WebhookType} for list {ListId}, member {SubscriberKey}: {EventCount} deliverability events")]
    public static partial void WebhookReceived(ILogger logger, string webhookType, string listId, string subscriberKey, int eventCount);

    [LoggerMessage(EventId = 1202, EventName = "ValidationRequest", Level = LogLevel.Information,
        Message = "Answered a Mailchimp webhook validation request ({Method} without a webhook type) with 200")]
    public static partial void ValidationRequest(ILogger logger, string method);

    [LoggerMessage(EventId = 1203, EventName = "SecretRejected", Level = LogLevel.Information,
        Message = "Answered 404 to a {Method} whose secret path segment matches no configured Mailchimp webhook secret")]
    public static partial void SecretRejected(ILogger logger, string method);

    [LoggerMessage(EventId = 1204, EventName = "PayloadRejected", Level = LogLevel.Warning,
        Message = "Rejected a Mailchimp webhook payload with 400: {ErrorKind} {Field}: {Reason}")]
    public static partial void PayloadRejected(ILogger logger, string errorKind, string field, string reason);

    [LoggerMessage(EventId = 1205, EventName = "HandlerFailed", Level = LogLevel.Error,
        Message = "The Mailchimp webhook handler failed on {WebhookType} for list {ListId}, member {SubscriberKey}; answered 500 so Mailchimp retries")]
    public static partial void HandlerFailed(ILogger logger, Exception exception, string webhookType, string listId, string subscriberKey);

    [LoggerMessage(EventId = 1206, EventName = "UnsupportedMediaType", Level = LogLevel.Warning,
        Message = "Rejected a Mailchimp webhook POST with 415: the body is not application/x-www-form-urlencoded")]
    public static partial void UnsupportedMediaType(ILogger logger);

    [LoggerMessage(EventId = 1207, EventName = "FormUnreadable", Level = LogLevel.Warning,
        Message = "Rejected a Mailchimp webhook POST with {StatusCode}: the form body could not be read ({ExceptionType})")]
    public static partial void FormUnreadable(ILogger logger, int statusCode, string exceptionType);

    [LoggerMessage(EventId = 1208, EventName = "RequestAborted", Level = LogLevel.Debug,
        Message = "Mailchimp closed the webhook request before it was handled")]
    public static partial void RequestAborted(ILogger logger);
}
