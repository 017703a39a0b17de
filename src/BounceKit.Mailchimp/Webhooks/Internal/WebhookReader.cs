using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;

namespace BounceKit.Mailchimp.Webhooks.Internal;

/// <summary>The one parser behind every <see cref="MailchimpWebhookParser"/> overload. Never throws.</summary>
internal static class WebhookReader
{
    private const string FiredAtFormat = "yyyy-MM-dd HH:mm:ss";

    /// <summary>Splits an <c>application/x-www-form-urlencoded</c> body into decoded names and values.</summary>
    /// <remarks>'+' is a space and <c>%XX</c> are UTF-8 bytes (HTML form encoding); a malformed escape is kept as
    /// written, as browsers and ASP.NET do. Empty pairs (<c>&amp;&amp;</c>) are skipped; a name without '=' has an
    /// empty value.</remarks>
    public static List<KeyValuePair<string, string>> ReadForm(string? body)
    {
        var pairs = new List<KeyValuePair<string, string>>();
        ReadOnlySpan<char> rest = body;
        while (!rest.IsEmpty)
        {
            int amp = rest.IndexOf('&');
            ReadOnlySpan<char> pair = amp < 0 ? rest : rest[..amp];
            rest = amp < 0 ? default : rest[(amp + 1)..];
            if (pair.IsEmpty)
            {
                continue;
            }

            int eq = pair.IndexOf('=');
            string name = Decode(eq < 0 ? pair : pair[..eq]);
            string value = eq < 0 ? string.Empty : Decode(pair[(eq + 1)..]);
            pairs.Add(new KeyValuePair<string, string>(name, value));
        }

        return pairs;
    }

    public static bool TryRead(
        IEnumerable<KeyValuePair<string, string>>? fields,
        [NotNullWhen(true)] out MailchimpWebhookEvent? webhookEvent,
        [NotNullWhen(false)] out MailchimpWebhookError? error)
    {
        webhookEvent = null;
        string? typeValue = null, firedAtValue = null;
        var data = new Dictionary<string, string>(StringComparer.Ordinal);
        if (fields is not null)
        {
            foreach (KeyValuePair<string, string> field in fields)
            {
                // Callers outside nullable analysis can hand in nulls; a missing value is an empty one.
                if (field.Key is not { } key)
                {
                    continue;
                }

                string value = field.Value ?? string.Empty;
                if (key == WebhookFields.Type)
                {
                    typeValue = value;
                }
                else if (key == WebhookFields.FiredAt)
                {
                    firedAtValue = value;
                }
                else if (key.StartsWith(WebhookFields.DataPrefix, StringComparison.Ordinal))
                {
                    // As PHP reads a form: the last of repeated names wins.
                    data[key] = value;
                }
            }
        }

        if (string.IsNullOrWhiteSpace(typeValue))
        {
            error = new MailchimpWebhookError(MailchimpWebhookErrorKind.MissingField, WebhookFields.Type, "field 'type' is missing");
            return false;
        }

        var type = new MailchimpWebhookType(typeValue.Trim());
        string typeName = Redact.Token(type.ToString());
        if (string.IsNullOrWhiteSpace(firedAtValue))
        {
            error = Missing(WebhookFields.FiredAt, typeName);
            return false;
        }

        if (!DateTime.TryParseExact(firedAtValue.Trim(), FiredAtFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out DateTime firedAt))
        {
            error = new MailchimpWebhookError(
                MailchimpWebhookErrorKind.InvalidValue,
                WebhookFields.FiredAt,
                $"field 'fired_at' is not a date and time in the form YYYY-MM-DD HH:MM:SS for type '{typeName}'");
            return false;
        }

        var readOnlyData = data.AsReadOnly();
        string? listId = WebhookFields.Optional(readOnlyData, WebhookFields.ListId);
        var envelope = new WebhookEnvelope(type, new DateTimeOffset(firedAt, TimeSpan.Zero), listId, readOnlyData);
        bool known = type == MailchimpWebhookType.Subscribe || type == MailchimpWebhookType.Unsubscribe || type == MailchimpWebhookType.Profile
            || type == MailchimpWebhookType.EmailChanged || type == MailchimpWebhookType.Cleaned || type == MailchimpWebhookType.Campaign;
        if (!known)
        {
            webhookEvent = new MailchimpUnknownWebhookEvent(envelope);
            error = null;
            return true;
        }

        if (listId is null)
        {
            error = Missing(WebhookFields.ListId, typeName);
            return false;
        }

        // Mailchimp list ids are short alphanumeric tokens; the list id goes into event ids, which must stay free of
        // ':' (the id separator) and of anything that could be an address.
        if (!Redact.IsToken(listId))
        {
            error = new MailchimpWebhookError(
                MailchimpWebhookErrorKind.InvalidValue,
                WebhookFields.ListId,
                $"field 'data[list_id]' is not a Mailchimp list id (letters, digits, '-', '_', '.'; at most 64) for type '{typeName}'");
            return false;
        }

        if (type == MailchimpWebhookType.EmailChanged)
        {
            if (!TryRequire(readOnlyData, WebhookFields.OldEmail, typeName, out string? oldEmail, out error)
                || !TryRequire(readOnlyData, WebhookFields.NewEmail, typeName, out string? newEmail, out error))
            {
                return false;
            }

            webhookEvent = new MailchimpEmailChangedWebhookEvent(envelope, oldEmail, newEmail);
            return true;
        }

        if (type == MailchimpWebhookType.Campaign)
        {
            if (!TryRequire(readOnlyData, WebhookFields.Id, typeName, out string? campaignId, out error))
            {
                return false;
            }

            webhookEvent = new MailchimpCampaignWebhookEvent(envelope, campaignId);
            return true;
        }

        if (!TryRequire(readOnlyData, WebhookFields.Email, typeName, out string? email, out error))
        {
            return false;
        }

        if (type == MailchimpWebhookType.Cleaned)
        {
            if (!TryRequire(readOnlyData, WebhookFields.Reason, typeName, out string? reason, out error))
            {
                return false;
            }

            webhookEvent = new MailchimpCleanedWebhookEvent(envelope, email, new MailchimpCleanedReason(reason.Trim()));
            return true;
        }

        webhookEvent = type == MailchimpWebhookType.Subscribe ? new MailchimpSubscribeWebhookEvent(envelope, email)
            : type == MailchimpWebhookType.Unsubscribe ? new MailchimpUnsubscribeWebhookEvent(envelope, email)
            : new MailchimpProfileWebhookEvent(envelope, email);
        return true;
    }

    private static bool TryRequire(
        IReadOnlyDictionary<string, string> data,
        string field,
        string typeName,
        [NotNullWhen(true)] out string? value,
        [NotNullWhen(false)] out MailchimpWebhookError? error)
    {
        value = WebhookFields.Optional(data, field);
        error = value is null ? Missing(field, typeName) : null;
        return value is not null;
    }

    private static MailchimpWebhookError Missing(string field, string typeName) =>
        new(MailchimpWebhookErrorKind.MissingField, field, $"field '{field}' is missing for type '{typeName}'");

    private static string Decode(ReadOnlySpan<char> encoded)
    {
        // WebUtility.UrlDecode turns '+' into a space and %XX into UTF-8 bytes; skip it when there is nothing to do.
        string text = encoded.ToString();
        return encoded.ContainsAny('+', '%') ? WebUtility.UrlDecode(text) : text;
    }
}
