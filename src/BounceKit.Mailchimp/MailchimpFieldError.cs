namespace BounceKit.Mailchimp;

/// <summary>One field error of a Mailchimp validation problem (<c>errors[]</c>: <c>field</c>, <c>message</c>).</summary>
/// <param name="Field">The field, for example <c>email_address</c>.</param>
/// <param name="Message">What is wrong with it.</param>
public sealed record MailchimpFieldError(string Field, string Message);
