using Microsoft.Extensions.Logging;

namespace BounceKit.SalesforceCrm.Internal;

// Event ids 1400-1499 belong to the Salesforce CRM adapter. Never a client secret, a token, an address or a record's
// values; record ids are not personal data.
internal static partial class Log
{
    [LoggerMessage(1400, LogLevel.Debug, "Salesforce {Operation} answered {StatusCode} in {ElapsedMilliseconds} ms")]
    public static partial void Answered(ILogger logger, string operation, int statusCode, long elapsedMilliseconds);

    [LoggerMessage(1401, LogLevel.Warning, "Salesforce {Operation} failed: {StatusCode} {ErrorCode}")]
    public static partial void Failed(ILogger logger, string operation, int statusCode, string? errorCode);

    [LoggerMessage(1402, LogLevel.Warning, "Salesforce {Operation} got no answer: {ErrorType}")]
    public static partial void NoAnswer(ILogger logger, string operation, string errorType);

    [LoggerMessage(1403, LogLevel.Debug, "Salesforce issued a token; REST calls go to {Instance}")]
    public static partial void TokenIssued(ILogger logger, string instance);

    [LoggerMessage(1404, LogLevel.Information, "Salesforce {Operation} answered 401: requesting a new token and trying once more")]
    public static partial void TokenRejected(ILogger logger, string operation);

    [LoggerMessage(1405, LogLevel.Error, "Salesforce refused the token request: {StatusCode} {Error}; check LoginUrl, ClientId, ClientSecret and the connected app's run-as user")]
    public static partial void TokenRefused(ILogger logger, int statusCode, string? error);

    [LoggerMessage(1410, LogLevel.Warning, "Salesforce update batch {BatchIndex} ({Records} records) failed: {StatusCode} {ErrorCode}; its records are reported as {Outcome}")]
    public static partial void BatchFailed(ILogger logger, int batchIndex, int records, int statusCode, string? errorCode, string outcome);

    [LoggerMessage(1411, LogLevel.Error, "Salesforce stopped the run: {StatusCode} {ErrorCode}")]
    public static partial void Stopped(ILogger logger, int statusCode, string? errorCode);

    [LoggerMessage(1412, LogLevel.Information, "Wrote {Projections} projections to Salesforce in {Batches} calls: {Written} written, {NotFound} not found, {Rejected} rejected, {Retryable} retryable")]
    public static partial void Wrote(ILogger logger, int projections, int batches, int written, int notFound, int rejected, int retryable);

    [LoggerMessage(1413, LogLevel.Debug, "Salesforce record {RecordId} not written: {StatusCode}")]
    public static partial void RecordFailed(ILogger logger, string recordId, string statusCode);
}
