using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using BounceKit.Diagnostics;
using Microsoft.Extensions.Logging;

namespace BounceKit.SalesforceCrm.Internal;

/// <summary>Sending one request and turning failures into <see cref="SalesforceCrmException"/>s, shared by the token
/// provider and the sink.</summary>
internal static class SalesforceHttp
{
    public const string Provider = "salesforcecrm";

    public const string TokenOperation = "auth.token";

    public const string UpdateOperation = "sobjects.update";

    /// <summary>Sends <paramref name="request"/>; no answer at all (after the resilience handler's retries) becomes a
    /// <see cref="SalesforceCrmException"/> with status 0. Cancellation by the caller propagates.</summary>
    public static async Task<HttpResponseMessage> SendAsync(HttpClient http, HttpRequestMessage request, string operation, ILogger logger, CancellationToken cancellationToken)
    {
        long started = Stopwatch.GetTimestamp();
        try
        {
            HttpResponseMessage response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
            Log.Answered(logger, operation, (int)response.StatusCode, (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            return response;
        }
        catch (Exception e) when (e is HttpRequestException or TimeoutException or OperationCanceledException or Polly.CircuitBreaker.BrokenCircuitException or Polly.Timeout.TimeoutRejectedException or Polly.RateLimiting.RateLimiterRejectedException && !cancellationToken.IsCancellationRequested)
        {
            string errorType = e.GetType().Name;
            BounceKitMetrics.RecordAdapterRequest(Provider, operation, 0, errorType);
            Log.NoAnswer(logger, operation, errorType);
            throw new SalesforceCrmException(0, null, $"No answer: {errorType}", operation, e);
        }
    }

    /// <summary>Reads a REST error body (<c>[{message, errorCode, fields}]</c>) or an OAuth one
    /// (<c>{error, error_description}</c>) into an exception; a body that is neither leaves the status and reason.</summary>
    public static async Task<SalesforceCrmException> ReadErrorAsync(HttpResponseMessage response, string operation, CancellationToken cancellationToken)
    {
        int status = (int)response.StatusCode;
        string body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        string? code = null;
        string? message = null;
        try
        {
            string trimmed = body.TrimStart();
            if (trimmed.StartsWith('['))
            {
                RestErrorWire? first = JsonSerializer.Deserialize(trimmed, SalesforceJsonContext.Default.ListRestErrorWire)?.FirstOrDefault();
                code = first?.ErrorCode;
                message = first?.Message;
            }
            else if (trimmed.StartsWith('{'))
            {
                TokenResponseWire? oauth = JsonSerializer.Deserialize(trimmed, SalesforceJsonContext.Default.TokenResponseWire);
                code = oauth?.Error;
                message = oauth?.ErrorDescription;
            }
        }
        catch (JsonException)
        {
            // A proxy or gateway may answer with HTML; the status still says what happened.
        }

        BounceKitMetrics.RecordAdapterRequest(Provider, operation, status, code ?? status.ToString(CultureInfo.InvariantCulture));
        return new SalesforceCrmException(status, code, message ?? response.ReasonPhrase, operation);
    }
}
