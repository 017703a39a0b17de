using BounceKit.Mailchimp.Webhooks;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace BounceKit.Mailchimp.Tests.Webhooks;

public class MailchimpWebhookParserProperties
{
    // Pieces of real bodies, escapes (valid, truncated, invalid UTF-8) and separators, so generated bodies reach deep
    // into the parser instead of failing at the first field.
    private static readonly string[] Fragments =
    [
        "type=", "cleaned", "subscribe", "unsubscribe", "profile", "upemail", "campaign", "smsSubscribe", "CLEANED",
        "&fired_at=", "2009-03-26+21%3A35%3A57", "2009-13-40 99:99:99", "&data%5Blist_id%5D=", "a6b5da1054",
        "&data%5Bemail%5D=", "u%40example.com", "a@b", "&data[reason]=", "hard", "abuse", "&data[old_email]=",
        "&data[new_email]=", "&data[id]=", "&data[merges][GROUPINGS][0][name]=", "&data[merges][", "]", "[", "=", "&",
        "+", "%", "%2", "%C3", "%C3%A9", "%FF%FE", "%00", "%u0041", " ", "\0", "\uD800", "é", "&data[campaign_id]=",
    ];

    // Valid bodies with fragments appended, so many generated bodies parse and hostile values (an address as the
    // reason, list id or type) reach ToString and the ids; the empty prefix covers bodies built from nothing.
    private static readonly string[] ValidBodies =
    [
        "",
        WebhookPayloads.Encode(WebhookPayloads.Cleaned()),
        WebhookPayloads.Encode(WebhookPayloads.Unsubscribe(reason: "abuse")),
        WebhookPayloads.Encode(WebhookPayloads.EmailChanged()),
        WebhookPayloads.Encode(WebhookPayloads.Campaign()),
        WebhookPayloads.Encode(WebhookPayloads.SmsSubscribe()),
    ];

    [Property(MaxTest = 500)]
    public bool TryParse_AnyString_NeverThrowsAndIsConsistent(string? body) => Consistent(body);

    [Property(MaxTest = 2000)]
    public Property TryParse_FormShapedBody_NeverThrowsAndNeverShowsAnAddress() =>
        Prop.ForAll(
            Gen.Elements(ValidBodies).SelectMany(valid => Gen.Elements(Fragments).ArrayOf().Select(tail => valid + string.Concat(tail))).ToArbitrary(),
            body =>
            {
                if (!Consistent(body))
                {
                    return false;
                }

                string text = MailchimpWebhookParser.TryParse(body, out MailchimpWebhookEvent? evt, out MailchimpWebhookError? error)
                    ? evt.ToString() + string.Concat(evt.ToDeliverabilityEvents().Select(e => e.Id))
                    : error.Message;
                return !text.Contains('@', StringComparison.Ordinal);
            });

    [Property(MaxTest = 500)]
    public bool TryParse_AnyPairs_NeverThrowsAndIsConsistent(KeyValuePair<string, string>[]? pairs)
    {
        bool ok = MailchimpWebhookParser.TryParse(pairs, out MailchimpWebhookEvent? evt, out MailchimpWebhookError? error);
        return ok ? evt is not null && error is null : evt is null && error is not null;
    }

    private static bool Consistent(string? body)
    {
        bool ok = MailchimpWebhookParser.TryParse(body, out MailchimpWebhookEvent? evt, out MailchimpWebhookError? error);
        return ok
            ? evt is not null && error is null && evt.ToString().Length > 0 && evt.ToDeliverabilityEvents() is not null
            : evt is null && error is not null && error.Message.Contains(error.Field, StringComparison.Ordinal);
    }
}
