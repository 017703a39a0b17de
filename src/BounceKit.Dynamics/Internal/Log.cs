using Microsoft.Extensions.Logging;

namespace BounceKit.Dynamics.Internal;

// Event ids 1500-1599 belong to the Dynamics sink. Never a client secret, a token, an address or a record's values.
internal static partial class Log
{
    [LoggerMessage(1500, LogLevel.Debug, "Dynamics {Operation} answered {StatusCode} in {ElapsedMilliseconds} ms")]
    public static partial void Answered(ILogger logger, string operation, int statusCode, long elapsedMilliseconds);

    [LoggerMessage(1501, LogLevel.Warning, "Dynamics {Operation} failed for {Records} records: {StatusCode} ({ErrorCode}); they are reported as {Outcome}")]
    public static partial void CallFailed(ILogger logger, string operation, int records, int statusCode, string? errorCode, string outcome);

    [LoggerMessage(1502, LogLevel.Warning, "Dynamics {Operation} got no answer for {Records} records: {ErrorType}; they are reported as retryable")]
    public static partial void NoAnswer(ILogger logger, string operation, int records, string errorType);

    [LoggerMessage(1503, LogLevel.Debug, "Microsoft Entra ID issued a Dynamics token valid for {ExpiresInSeconds} s")]
    public static partial void TokenIssued(ILogger logger, int expiresInSeconds);

    [LoggerMessage(1504, LogLevel.Information, "Dynamics {Operation} answered 401: requesting a new token and trying once more")]
    public static partial void TokenRejected(ILogger logger, string operation);

    [LoggerMessage(1505, LogLevel.Error, "The Dynamics token request failed: {StatusCode} {Error}; check TenantId, ClientId and ClientSecret")]
    public static partial void TokenRefused(ILogger logger, int statusCode, string? error);

    [LoggerMessage(1506, LogLevel.Warning, "Dynamics did not create {Count} {Kind} campaign responses: {StatusCode} ({ErrorCode}); their records were written and are reported Written with a message")]
    public static partial void CampaignResponsesFailed(ILogger logger, int count, string kind, int statusCode, string? errorCode);

    [LoggerMessage(1510, LogLevel.Information, "Dynamics write of {Records} records: {Written} written, {NotFound} not found, {Rejected} rejected, {Retryable} retryable")]
    public static partial void Wrote(ILogger logger, int records, int written, int notFound, int rejected, int retryable);

    [LoggerMessage(1511, LogLevel.Information, "Dynamics campaign responses: {Created} created, {Existing} already there, {Failed} not created")]
    public static partial void CampaignResponses(ILogger logger, int created, int existing, int failed);
}
