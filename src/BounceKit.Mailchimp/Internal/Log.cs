using Microsoft.Extensions.Logging;

namespace BounceKit.Mailchimp.Internal;

// Event ids 1100-1199 belong to BounceKit.Mailchimp. Members appear by subscriber hash, never by address.
internal static partial class Log
{
    [LoggerMessage(1100, LogLevel.Debug, "Mailchimp {Operation} answered {StatusCode} in {ElapsedMilliseconds} ms")]
    public static partial void Answered(ILogger logger, string operation, int statusCode, long elapsedMilliseconds);

    [LoggerMessage(1101, LogLevel.Warning, "Mailchimp {Operation} failed: {StatusCode} {Title} (instance {Instance})")]
    public static partial void Failed(ILogger logger, string operation, int statusCode, string? title, string? instance);

    [LoggerMessage(1102, LogLevel.Warning, "Mailchimp {Operation} got no answer: {ErrorType}")]
    public static partial void NoAnswer(ILogger logger, string operation, string errorType);

    [LoggerMessage(1103, LogLevel.Warning, "Refused to set member {SubscriberHash} of list {ListId} to subscribed: it is {Status}")]
    public static partial void ResubscribeRefused(ILogger logger, string subscriberHash, string listId, string status);

    [LoggerMessage(1110, LogLevel.Information, "Read {Count} Mailchimp events for {Lists} list(s) from {Since:o} to {Until:o}")]
    public static partial void Read(ILogger logger, int count, int lists, DateTimeOffset since, DateTimeOffset until);

    [LoggerMessage(1111, LogLevel.Warning, "Skipped a Mailchimp {Source} entry that could not be read: {Reason}")]
    public static partial void Skipped(ILogger logger, string source, string reason);
}
