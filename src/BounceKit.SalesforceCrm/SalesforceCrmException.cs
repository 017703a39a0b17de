using System.Text;
using BounceKit.Diagnostics;
using BounceKit.Extensions.DependencyInjection;

namespace BounceKit.SalesforceCrm;

/// <summary>A Salesforce call failed in a way that makes further calls pointless: the org's API request limit is
/// exhausted (403 <c>REQUEST_LIMIT_EXCEEDED</c>), the credentials or token were refused, or the API refused the
/// account (403, 404 on a wrong API version).</summary>
/// <remarks>Record-level failures and transport failures that outlast the retries are not thrown: the sink reports
/// them per record. The message masks email addresses that Salesforce's text may contain and never contains the client
/// secret or a token; <see cref="ErrorMessage"/> is Salesforce's text, so do not log it unmasked. Sources:
/// provider-facts 4.4 and 4.5.</remarks>
public sealed class SalesforceCrmException : AdapterRequestException
{
    /// <summary>The error code Salesforce uses when the org's API request limit is exceeded.</summary>
    public const string RequestLimitExceeded = "REQUEST_LIMIT_EXCEEDED";

    /// <summary>Creates the exception.</summary>
    /// <param name="status">The HTTP status code; 0 when no answer came.</param>
    /// <param name="errorCode">Salesforce's <c>errorCode</c> (REST) or <c>error</c> (token endpoint).</param>
    /// <param name="errorMessage">Salesforce's <c>message</c> or <c>error_description</c>.</param>
    /// <param name="operation">The BounceKit operation that failed: <c>auth.token</c> or <c>sobjects.update</c>.</param>
    /// <param name="innerException">The cause.</param>
    public SalesforceCrmException(int status, string? errorCode, string? errorMessage, string? operation = null, Exception? innerException = null)
        : base(Internal.SalesforceHttp.Provider, status, operation, FormatMessage(status, errorCode, errorMessage, operation), innerException)
    {
        ErrorCode = errorCode;
        ErrorMessage = errorMessage;
    }

    /// <summary>Salesforce's error code, for example <c>REQUEST_LIMIT_EXCEEDED</c> or <c>invalid_client</c>.</summary>
    public string? ErrorCode { get; }

    /// <summary>Salesforce's explanation, unmasked.</summary>
    public string? ErrorMessage { get; }

    /// <summary>Whether the org's API request limit stopped the call: wait for the rolling 24-hour allocation to recover
    /// (watch <c>Sforce-Limit-Info</c>) before the next run.</summary>
    public bool IsRequestLimitExceeded => string.Equals(ErrorCode, RequestLimitExceeded, StringComparison.Ordinal);

    private static string FormatMessage(int status, string? errorCode, string? errorMessage, string? operation)
    {
        var text = new StringBuilder("Salesforce ");
        if (operation is not null)
        {
            text.Append(operation).Append(' ');
        }

        text.Append("failed: ").Append(status);
        if (errorCode is not null)
        {
            text.Append(' ').Append(errorCode);
        }

        if (!string.IsNullOrWhiteSpace(errorMessage))
        {
            text.Append(": ").Append(PersonalData.MaskEmailsIn(errorMessage));
        }

        if (string.Equals(errorCode, RequestLimitExceeded, StringComparison.Ordinal))
        {
            text.Append(" (the org's API request limit is exhausted; the run stops here, try again when the rolling 24-hour allocation allows)");
        }

        return text.ToString();
    }
}
