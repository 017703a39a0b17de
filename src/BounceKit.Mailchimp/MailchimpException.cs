using BounceKit.Diagnostics;
using BounceKit.Extensions.DependencyInjection;

namespace BounceKit.Mailchimp;

/// <summary>A Mailchimp API call failed: the problem document Mailchimp returned (RFC 7807), or the bare status when it
/// returned none.</summary>
/// <remarks>Thrown after the resilience pipeline has given up (429 and 5xx are retried first). The message masks email
/// addresses that Mailchimp's <see cref="Detail"/> may contain; <see cref="Detail"/> itself is Mailchimp's text, so do
/// not log it unmasked. Source: Mailchimp, "Errors" (provider-facts 1.7).</remarks>
public sealed class MailchimpException : AdapterRequestException
{
    /// <summary>Creates the exception from a problem document.</summary>
    /// <param name="status">The HTTP status code.</param>
    /// <param name="title">The problem title, for example <c>Member In Compliance State</c>.</param>
    /// <param name="detail">Mailchimp's explanation.</param>
    /// <param name="type">The problem type (a link to Mailchimp's error glossary).</param>
    /// <param name="instance">Mailchimp's id for this error, to quote to support.</param>
    /// <param name="errors">Field errors of a validation problem.</param>
    /// <param name="operation">The BounceKit operation that failed, for example <c>members.get</c>.</param>
    /// <param name="innerException">The cause, for example a timeout.</param>
    public MailchimpException(int status, string? title, string? detail, string? type = null, string? instance = null, IReadOnlyList<MailchimpFieldError>? errors = null, string? operation = null, Exception? innerException = null)
        : base(MailchimpClient.Provider, status, operation, FormatMessage(status, title, detail, instance, errors, operation), innerException)
    {
        Title = title;
        Detail = detail;
        Type = type;
        Instance = instance;
        Errors = errors ?? [];
    }

    /// <summary>The problem title, for example <c>Resource Not Found</c>.</summary>
    public string? Title { get; }

    /// <summary>Mailchimp's explanation, unmasked.</summary>
    public string? Detail { get; }

    /// <summary>The problem type URL.</summary>
    public string? Type { get; }

    /// <summary>Mailchimp's id for this error (also the <c>X-Request-Id</c> header).</summary>
    public string? Instance { get; }

    /// <summary>Field errors of a validation problem; empty otherwise.</summary>
    public IReadOnlyList<MailchimpFieldError> Errors { get; }

    private static string FormatMessage(int status, string? title, string? detail, string? instance, IReadOnlyList<MailchimpFieldError>? errors, string? operation)
    {
        var text = new System.Text.StringBuilder("Mailchimp ");
        if (operation is not null)
        {
            text.Append(operation).Append(' ');
        }

        text.Append("failed: ").Append(status);
        if (!string.IsNullOrWhiteSpace(title))
        {
            text.Append(' ').Append(title);
        }

        if (!string.IsNullOrWhiteSpace(detail))
        {
            text.Append(": ").Append(PersonalData.MaskEmailsIn(detail));
        }

        foreach (MailchimpFieldError error in errors ?? [])
        {
            text.Append(" [").Append(error.Field).Append(": ").Append(PersonalData.MaskEmailsIn(error.Message)).Append(']');
        }

        if (!string.IsNullOrWhiteSpace(instance))
        {
            text.Append(" (instance ").Append(instance).Append(')');
        }

        return text.ToString();
    }
}
