namespace BounceKit.Mailchimp.Webhooks;

/// <summary>Why <see cref="MailchimpWebhookParser"/> refused a webhook body: the field and what is wrong with it.</summary>
/// <remarks>Built by the <c>TryParse</c> methods instead of an exception. <see cref="Message"/> names the field and
/// never repeats a value from the body, so it is safe to log and to return to the caller: it cannot contain an email
/// address.</remarks>
public sealed class MailchimpWebhookError
{
    internal MailchimpWebhookError(MailchimpWebhookErrorKind kind, string field, string message)
    {
        Kind = kind;
        Field = field;
        Message = message;
    }

    /// <summary>What is wrong.</summary>
    public MailchimpWebhookErrorKind Kind { get; }

    /// <summary>The field as Mailchimp names it in the form, for example <c>data[email]</c> or <c>fired_at</c>.</summary>
    public string Field { get; }

    /// <summary>A sentence naming the field and the problem, for example
    /// <c>field 'data[email]' is missing for type 'cleaned'</c>.</summary>
    public string Message { get; }

    /// <summary>Creates the exception that <see cref="MailchimpWebhookParser.Parse(string)"/> throws for this error.</summary>
    /// <returns>The exception, carrying this error.</returns>
    public MailchimpWebhookFormatException ToException() => new(this);

    /// <summary>The message.</summary>
    /// <returns><see cref="Message"/>.</returns>
    public override string ToString() => Message;
}
