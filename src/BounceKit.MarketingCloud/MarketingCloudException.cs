using System.Globalization;
using System.Text;
using BounceKit.Diagnostics;
using BounceKit.Extensions.DependencyInjection;

namespace BounceKit.MarketingCloud;

/// <summary>A Marketing Cloud REST or token call failed: the error body Marketing Cloud returned
/// (<c>{"message", "errorcode", "documentation"}</c>, or <c>{"error", "error_description"}</c> from the token endpoint),
/// or the bare status when it returned none.</summary>
/// <remarks>Thrown after the resilience pipeline has given up (429 and 5xx are retried first). The message masks email
/// addresses that Marketing Cloud's text may contain and never contains the client secret or a token;
/// <see cref="ErrorMessage"/> is Marketing Cloud's text, so do not log it unmasked. Sources: provider-facts 2.5 and 2.6
/// (rate limiting: 429, <c>errorcode</c> 50100).</remarks>
public sealed class MarketingCloudException : AdapterRequestException
{
    /// <summary>Creates the exception from an error body.</summary>
    /// <param name="status">The HTTP status code; 0 when no answer came.</param>
    /// <param name="errorCode">Marketing Cloud's <c>errorcode</c>, for example 10000 or 50100 (rate limit).</param>
    /// <param name="errorMessage">Marketing Cloud's <c>message</c> (or the token endpoint's <c>error: error_description</c>).</param>
    /// <param name="documentation">Marketing Cloud's <c>documentation</c> link.</param>
    /// <param name="operation">The BounceKit operation that failed: <c>auth.token</c>, <c>rows.read</c> or <c>rows.upsert</c>.</param>
    /// <param name="retryAfter">How long Marketing Cloud asked to wait (429), from <c>Retry-After</c> or <c>retryAfter</c>.</param>
    /// <param name="additionalErrors">The messages of <c>additionalErrors</c>, when the body lists some.</param>
    /// <param name="innerException">The cause, for example a timeout.</param>
    public MarketingCloudException(int status, int? errorCode, string? errorMessage, string? documentation = null, string? operation = null, TimeSpan? retryAfter = null, IReadOnlyList<string>? additionalErrors = null, Exception? innerException = null)
        : base(MarketingCloudClient.Provider, status, operation, FormatMessage(status, errorCode, errorMessage, operation, additionalErrors), innerException)
    {
        ErrorCode = errorCode;
        ErrorMessage = errorMessage;
        Documentation = documentation;
        RetryAfter = retryAfter;
        AdditionalErrors = additionalErrors ?? [];
    }

    /// <summary>Marketing Cloud's <c>errorcode</c>: 50100 is a rate limit, 50200 a temporary block.</summary>
    public int? ErrorCode { get; }

    /// <summary>Marketing Cloud's explanation, unmasked.</summary>
    public string? ErrorMessage { get; }

    /// <summary>Marketing Cloud's documentation link for the error.</summary>
    public string? Documentation { get; }

    /// <summary>How long Marketing Cloud asked to wait before the next call, on a 429.</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>The messages of the body's <c>additionalErrors</c> (row-level problems of an upsert); empty otherwise.</summary>
    public IReadOnlyList<string> AdditionalErrors { get; }

    private static string FormatMessage(int status, int? errorCode, string? errorMessage, string? operation, IReadOnlyList<string>? additionalErrors)
    {
        var text = new StringBuilder("Marketing Cloud ");
        if (operation is not null)
        {
            text.Append(operation).Append(' ');
        }

        text.Append("failed: ").Append(status);
        if (errorCode is { } code)
        {
            text.Append(" (errorcode ").Append(code.ToString(CultureInfo.InvariantCulture)).Append(')');
        }

        if (!string.IsNullOrWhiteSpace(errorMessage))
        {
            text.Append(": ").Append(PersonalData.MaskEmailsIn(errorMessage));
        }

        foreach (string additional in additionalErrors ?? [])
        {
            text.Append(" [").Append(PersonalData.MaskEmailsIn(additional)).Append(']');
        }

        return text.ToString();
    }
}
