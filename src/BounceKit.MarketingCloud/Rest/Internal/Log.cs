using Microsoft.Extensions.Logging;

namespace BounceKit.MarketingCloud.Rest.Internal;

// Event ids 1300-1399 belong to the Marketing Cloud REST client. Never a client secret, a token or a row's values.
internal static partial class Log
{
    [LoggerMessage(1300, LogLevel.Debug, "Marketing Cloud {Operation} answered {StatusCode} in {ElapsedMilliseconds} ms")]
    public static partial void Answered(ILogger logger, string operation, int statusCode, long elapsedMilliseconds);

    [LoggerMessage(1301, LogLevel.Warning, "Marketing Cloud {Operation} failed: {StatusCode} (errorcode {ErrorCode})")]
    public static partial void Failed(ILogger logger, string operation, int statusCode, int? errorCode);

    [LoggerMessage(1302, LogLevel.Warning, "Marketing Cloud {Operation} got no answer: {ErrorType}")]
    public static partial void NoAnswer(ILogger logger, string operation, string errorType);

    [LoggerMessage(1303, LogLevel.Debug, "Marketing Cloud issued a token valid for {ExpiresInSeconds} s; REST calls go to {RestInstance}")]
    public static partial void TokenIssued(ILogger logger, int expiresInSeconds, string restInstance);

    [LoggerMessage(1304, LogLevel.Information, "Marketing Cloud {Operation} answered 401: requesting a new token and trying once more")]
    public static partial void TokenRejected(ILogger logger, string operation);

    [LoggerMessage(1305, LogLevel.Error, "Marketing Cloud refused the token request: {StatusCode} {Error}; check ClientId, ClientSecret and AccountId")]
    public static partial void TokenRefused(ILogger logger, int statusCode, string? error);

    [LoggerMessage(1310, LogLevel.Warning, "Upsert batch {BatchIndex} ({Rows} rows) to data extension {ExternalKey} failed: {StatusCode} (errorcode {ErrorCode}); the other batches go on")]
    public static partial void BatchFailed(ILogger logger, int batchIndex, int rows, string externalKey, int statusCode, int? errorCode);

    [LoggerMessage(1311, LogLevel.Information, "Upserted {RowsWritten} rows to data extension {ExternalKey} in {Batches} batches; {FailedBatches} failed")]
    public static partial void Upserted(ILogger logger, int rowsWritten, string externalKey, int batches, int failedBatches);

    [LoggerMessage(1312, LogLevel.Information, "Read {Rows} rows of data extension {ExternalKey} in {Pages} pages")]
    public static partial void Read(ILogger logger, int rows, string externalKey, int pages);

    [LoggerMessage(1313, LogLevel.Warning, "Skipped a row of data extension {ExternalKey} that could not be read: {Reason}")]
    public static partial void Skipped(ILogger logger, string externalKey, string reason);
}
