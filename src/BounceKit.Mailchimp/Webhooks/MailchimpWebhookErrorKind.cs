namespace BounceKit.Mailchimp.Webhooks;

/// <summary>Why a Mailchimp webhook body could not be read as an event.</summary>
public enum MailchimpWebhookErrorKind
{
    /// <summary>A field the event type requires is absent, empty or white space.</summary>
    MissingField = 1,

    /// <summary>A field is present but its value has the wrong form (for example a <c>fired_at</c> that is not
    /// <c>YYYY-MM-DD HH:MM:SS</c>).</summary>
    InvalidValue,
}
