using System.Text;

namespace BounceKit.Mailchimp.Tests.Webhooks;

/// <summary>Webhook bodies as Mailchimp posts them: PHP http_build_query encoding (brackets as %5B/%5D, space as '+',
/// '@' as %40), with the field lists of provider-facts section 1.6.</summary>
internal static class WebhookPayloads
{
    public const string Email = "mary.ann+news@Example.COM";
    public const string NewEmail = "mary.ann@new.example.org";
    public const string ListId = "a6b5da1054";
    public const string FiredAt = "2009-03-26 21:35:57";

    public static string Encode(params (string Key, string Value)[] fields)
    {
        var body = new StringBuilder();
        foreach ((string key, string value) in fields)
        {
            if (body.Length > 0)
            {
                body.Append('&');
            }

            body.Append(Escape(key)).Append('=').Append(Escape(value));
        }

        return body.ToString();
    }

    public static string Escape(string text) => Uri.EscapeDataString(text).Replace("%20", "+", StringComparison.Ordinal);

    public static (string, string)[] Subscribe() =>
    [
        ("type", "subscribe"), ("fired_at", FiredAt),
        ("data[id]", "8a25ff1d98"), ("data[list_id]", ListId), ("data[email]", Email), ("data[email_type]", "html"),
        ("data[merges][EMAIL]", Email), ("data[merges][FNAME]", "Mary Ann"), ("data[merges][LNAME]", "Müller & Söhne"),
        ("data[merges][INTERESTS]", "Group1,Group2"),
        ("data[merges][GROUPINGS][0][id]", "1"), ("data[merges][GROUPINGS][0][name]", "Interests"), ("data[merges][GROUPINGS][0][groups]", "Group1, Group2"),
        ("data[ip_opt]", "10.20.10.30"), ("data[ip_signup]", "10.20.10.30"),
    ];

    public static (string, string)[] Unsubscribe(string action = "unsub", string reason = "manual") =>
    [
        ("type", "unsubscribe"), ("fired_at", FiredAt),
        ("data[action]", action), ("data[reason]", reason),
        ("data[id]", "8a25ff1d98"), ("data[list_id]", ListId), ("data[email]", Email), ("data[email_type]", "html"),
        ("data[merges][EMAIL]", Email), ("data[merges][FNAME]", "Mary Ann"), ("data[merges][INTERESTS]", "Group1,Group2"),
        ("data[ip_opt]", "10.20.10.30"), ("data[campaign_id]", "cb398d21d2"),
    ];

    public static (string, string)[] Profile() =>
    [
        ("type", "profile"), ("fired_at", FiredAt),
        ("data[id]", "8a25ff1d98"), ("data[list_id]", ListId), ("data[email]", Email), ("data[email_type]", "html"),
        ("data[merges][EMAIL]", Email), ("data[merges][FNAME]", "Mary Ann"), ("data[ip_opt]", "10.20.10.30"),
    ];

    public static (string, string)[] EmailChanged() =>
    [
        ("type", "upemail"), ("fired_at", FiredAt),
        ("data[list_id]", ListId), ("data[new_id]", "51da8c3259"), ("data[new_email]", NewEmail), ("data[old_email]", Email),
    ];

    public static (string, string)[] Cleaned(string reason = "hard") =>
    [
        ("type", "cleaned"), ("fired_at", FiredAt),
        ("data[list_id]", ListId), ("data[campaign_id]", "4fjk2ma9xd"), ("data[reason]", reason), ("data[email]", Email),
    ];

    public static (string, string)[] Campaign() =>
    [
        ("type", "campaign"), ("fired_at", FiredAt),
        ("data[id]", "5aa2102003"), ("data[subject]", "Hello mary.ann@example.com: news"), ("data[status]", "sent"),
        ("data[reason]", ""), ("data[list_id]", ListId),
    ];

    public static (string, string)[] SmsSubscribe() =>
    [
        ("type", "smsSubscribe"), ("fired_at", FiredAt), ("data[list_id]", ListId), ("data[sms_phone]", "+15555550100"), ("data[email]", Email),
    ];

    public static (string, string)[] Without((string Key, string Value)[] fields, string key) => [.. fields.Where(f => f.Key != key)];

    public static (string, string)[] With((string Key, string Value)[] fields, string key, string value) =>
        [.. fields.Where(f => f.Key != key), (key, value)];

    public static (string, string)[] ByName(string name) => name switch
    {
        "subscribe" => Subscribe(),
        "unsubscribe" => Unsubscribe(),
        "unsubscribe-abuse" => Unsubscribe(reason: "abuse"),
        "unsubscribe-delete" => Unsubscribe(action: "delete"),
        "profile" => Profile(),
        "upemail" => EmailChanged(),
        "cleaned" => Cleaned(),
        "cleaned-abuse" => Cleaned("abuse"),
        "campaign" => Campaign(),
        "smsSubscribe" => SmsSubscribe(),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, null),
    };

    public static readonly TheoryData<string> AllNames = new(["subscribe", "unsubscribe", "unsubscribe-abuse", "unsubscribe-delete", "profile", "upemail", "cleaned", "cleaned-abuse", "campaign", "smsSubscribe"]);
}
