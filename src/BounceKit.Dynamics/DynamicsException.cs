using System.Text;
using BounceKit.Diagnostics;
using BounceKit.Extensions.DependencyInjection;

namespace BounceKit.Dynamics;

/// <summary>A Dataverse Web API or token call failed: the error body Dataverse returned
/// (<c>{"error":{"code":"0x80040217","message":"..."}}</c>, or <c>{"error","error_description"}</c> from Microsoft
/// Entra ID), or the bare status when it returned none.</summary>
/// <remarks>The sink throws this only when further calls are pointless (the token cannot be obtained, or Dataverse
/// rejects a fresh token); other failures become per-record results. The message masks email addresses and never
/// contains the client secret or a token; <see cref="ErrorMessage"/> is the service's text, so do not log it unmasked.
/// Source: provider-facts 3.5 and 3.6.</remarks>
public sealed class DynamicsException : AdapterRequestException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="status">The HTTP status code; 0 when no answer came.</param>
    /// <param name="errorCode">Dataverse's <c>error.code</c> (for example <c>0x80040217</c>, unrelated to the status),
    /// or Entra's <c>error</c> (for example <c>invalid_client</c>).</param>
    /// <param name="errorMessage">The service's message.</param>
    /// <param name="operation">The BounceKit operation that failed: <c>auth.token</c>, <c>records.update</c> or <c>records.batch</c>.</param>
    /// <param name="innerException">The cause, for example a timeout.</param>
    public DynamicsException(int status, string? errorCode, string? errorMessage, string? operation = null, Exception? innerException = null)
        : base(DynamicsCrmSink.Provider, status, operation, FormatMessage(status, errorCode, errorMessage, operation), innerException)
    {
        ErrorCode = errorCode;
        ErrorMessage = errorMessage;
    }

    /// <summary>Dataverse's error code (hex, such as <c>0x80040217</c>) or Entra's <c>error</c>.</summary>
    public string? ErrorCode { get; }

    /// <summary>The service's explanation, unmasked.</summary>
    public string? ErrorMessage { get; }

    internal static string Describe(int status, string? errorCode, string? errorMessage)
    {
        var text = new StringBuilder().Append(status);
        if (!string.IsNullOrEmpty(errorCode))
        {
            text.Append(" (").Append(errorCode).Append(')');
        }

        if (!string.IsNullOrWhiteSpace(errorMessage))
        {
            text.Append(": ").Append(PersonalData.MaskEmailsIn(errorMessage));
        }

        return text.ToString();
    }

    private static string FormatMessage(int status, string? errorCode, string? errorMessage, string? operation) =>
        "Dynamics " + (operation is null ? string.Empty : operation + " ") + "failed: " + Describe(status, errorCode, errorMessage);
}
