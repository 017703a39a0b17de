namespace BounceKit.Mailchimp.Webhooks;

/// <summary>Thrown by <see cref="MailchimpWebhookParser"/>'s <c>Parse</c> methods when a webhook body is not a valid
/// Mailchimp event.</summary>
/// <remarks>The <c>TryParse</c> methods never throw; this exception is only built when <c>Parse</c> fails. Its message
/// names the field and never contains a value from the body (so no email address).</remarks>
public sealed class MailchimpWebhookFormatException : FormatException
{
    /// <summary>Creates the exception from the error the parser found.</summary>
    /// <param name="error">The error.</param>
    public MailchimpWebhookFormatException(MailchimpWebhookError error)
        : base(error?.Message)
    {
        ArgumentNullException.ThrowIfNull(error);
        Error = error;
    }

    /// <summary>The field and what is wrong with it.</summary>
    public MailchimpWebhookError Error { get; }

    /// <summary>The field as Mailchimp names it, for example <c>data[email]</c>.</summary>
    public string Field => Error.Field;
}
