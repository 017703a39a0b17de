using System.Diagnostics.CodeAnalysis;
using BounceKit.Mailchimp.Webhooks.Internal;

namespace BounceKit.Mailchimp.Webhooks;

/// <summary>Reads a Mailchimp audience webhook (an <c>application/x-www-form-urlencoded</c> POST body, or its fields
/// already decoded) into a typed <see cref="MailchimpWebhookEvent"/>.</summary>
/// <remarks>
/// <para>The body has a top-level <c>type</c>, <c>fired_at</c> (<c>YYYY-MM-DD HH:MM:SS</c>, read as UTC: Mailchimp
/// documents no time zone) and <c>data[...]</c> fields in PHP bracket notation, nested for merge fields
/// (<c>data[merges][FNAME]</c>, <c>data[merges][GROUPINGS][0][name]</c>). '+' decodes to a space and <c>%XX</c> to
/// UTF-8 bytes.</para>
/// <para>Required: <c>type</c> and <c>fired_at</c> always; <c>data[list_id]</c> for the six known types;
/// <c>data[email]</c> for <c>subscribe</c>, <c>unsubscribe</c>, <c>profile</c> and <c>cleaned</c>; <c>data[reason]</c>
/// for <c>cleaned</c>; <c>data[old_email]</c> and <c>data[new_email]</c> for <c>upemail</c>; <c>data[id]</c> for
/// <c>campaign</c>. A known type's <c>data[list_id]</c> must be a token (letters, digits, '-', '_', '.'; at most 64
/// characters), as Mailchimp's list ids are, because it becomes part of the event ids. Other fields are optional; unknown fields are kept in <see cref="MailchimpWebhookEvent.Data"/>; an
/// unknown <c>type</c> is a <see cref="MailchimpUnknownWebhookEvent"/>, not an error. Values of known vocabularies
/// (reasons, actions, statuses) are not checked against the documented ones, so a new value never fails a delivery.</para>
/// <para>The <c>TryParse</c> methods never throw, on any input; error messages name the field and never repeat a
/// value, so they contain no email address. Source: provider-facts section 1.6.</para>
/// </remarks>
public static class MailchimpWebhookParser
{
    /// <summary>Parses a URL-encoded webhook body.</summary>
    /// <param name="body">The request body, for example <c>type=cleaned&amp;fired_at=2009-03-26+22%3A01%3A00&amp;data%5Bemail%5D=...</c>.</param>
    /// <param name="webhookEvent">The event, when the body is valid.</param>
    /// <param name="error">The field and what is wrong, when it is not.</param>
    /// <returns>Whether the body is a valid webhook.</returns>
    public static bool TryParse(
        string? body,
        [NotNullWhen(true)] out MailchimpWebhookEvent? webhookEvent,
        [NotNullWhen(false)] out MailchimpWebhookError? error) =>
        WebhookReader.TryRead(WebhookReader.ReadForm(body), out webhookEvent, out error);

    /// <summary>Parses webhook fields that are already decoded, such as ASP.NET Core's <c>IFormCollection</c>.</summary>
    /// <param name="fields">Decoded names and values (<c>data[email]</c>, not <c>data%5Bemail%5D</c>); when a name
    /// repeats, the last value wins.</param>
    /// <param name="webhookEvent">The event, when the fields are valid.</param>
    /// <param name="error">The field and what is wrong, when they are not.</param>
    /// <returns>Whether the fields are a valid webhook.</returns>
    public static bool TryParse(
        IEnumerable<KeyValuePair<string, string>>? fields,
        [NotNullWhen(true)] out MailchimpWebhookEvent? webhookEvent,
        [NotNullWhen(false)] out MailchimpWebhookError? error) =>
        WebhookReader.TryRead(fields, out webhookEvent, out error);

    /// <summary>Parses a URL-encoded webhook body, throwing when it is not valid.</summary>
    /// <param name="body">The request body.</param>
    /// <returns>The event.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="body"/> is <see langword="null"/>.</exception>
    /// <exception cref="MailchimpWebhookFormatException">A required field is missing or has the wrong form; the
    /// message names it.</exception>
    public static MailchimpWebhookEvent Parse(string body)
    {
        ArgumentNullException.ThrowIfNull(body);
        return TryParse(body, out MailchimpWebhookEvent? webhookEvent, out MailchimpWebhookError? error) ? webhookEvent : throw error.ToException();
    }

    /// <summary>Parses decoded webhook fields, throwing when they are not valid.</summary>
    /// <param name="fields">Decoded names and values.</param>
    /// <returns>The event.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="fields"/> is <see langword="null"/>.</exception>
    /// <exception cref="MailchimpWebhookFormatException">A required field is missing or has the wrong form; the
    /// message names it.</exception>
    public static MailchimpWebhookEvent Parse(IEnumerable<KeyValuePair<string, string>> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        return TryParse(fields, out MailchimpWebhookEvent? webhookEvent, out MailchimpWebhookError? error) ? webhookEvent : throw error.ToException();
    }
}
