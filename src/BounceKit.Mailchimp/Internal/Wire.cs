using System.Globalization;
using System.Text.Json.Serialization;

namespace BounceKit.Mailchimp.Internal;

// Mailchimp's wire shapes (snake_case JSON). Dates stay strings here: Mailchimp writes "" for "never".
#pragma warning disable CA1812 // Instantiated by System.Text.Json.

internal sealed class ProblemDocument
{
    public string? Type { get; set; }
    public string? Title { get; set; }
    public int? Status { get; set; }
    public string? Detail { get; set; }
    public string? Instance { get; set; }
    public List<FieldErrorWire>? Errors { get; set; }
}

internal sealed class FieldErrorWire
{
    public string? Field { get; set; }
    public string? Message { get; set; }
}

internal sealed class MemberWire
{
    public string? Id { get; set; }
    public string? EmailAddress { get; set; }
    public string? Status { get; set; }
    public string? ListId { get; set; }
    public string? LastChanged { get; set; }
    public int? MemberRating { get; set; }
    public MemberStatsWire? Stats { get; set; }

    public MailchimpMember ToMember() => new()
    {
        Id = Id ?? SubscriberHash.Compute(EmailAddress ?? throw new FormatException("A member without id or email_address.")),
        EmailAddress = EmailAddress ?? string.Empty,
        Status = string.IsNullOrWhiteSpace(Status) ? throw new FormatException("A member without status.") : new MailchimpMemberStatus(Status),
        ListId = ListId ?? string.Empty,
        LastChanged = WireTime.Parse(LastChanged),
        MemberRating = MemberRating,
        AverageOpenRate = Stats?.AvgOpenRate,
        AverageClickRate = Stats?.AvgClickRate,
    };
}

internal sealed class MemberStatsWire
{
    public double? AvgOpenRate { get; set; }
    public double? AvgClickRate { get; set; }
}

internal sealed class MemberWriteWire
{
    public string? EmailAddress { get; set; }
    public string? Status { get; set; }
    public string? StatusIfNew { get; set; }
    public Dictionary<string, string>? MergeFields { get; set; }
}

internal sealed class MembersPage
{
    public List<MemberWire>? Members { get; set; }
    public int TotalItems { get; set; }
}

internal sealed class ListsPage
{
    public List<ListWire>? Lists { get; set; }
    public int TotalItems { get; set; }
}

internal sealed class ListWire
{
    public string? Id { get; set; }
}

internal sealed class CampaignsPage
{
    public List<CampaignWire>? Campaigns { get; set; }
    public int TotalItems { get; set; }
}

internal sealed class CampaignWire
{
    public string? Id { get; set; }
    public string? Status { get; set; }
    public string? SendTime { get; set; }
    public int EmailsSent { get; set; }
    public RecipientsWire? Recipients { get; set; }
    public CampaignSettingsWire? Settings { get; set; }

    public MailchimpCampaign ToCampaign() => new()
    {
        Id = Id ?? throw new FormatException("A campaign without id."),
        Status = Status ?? string.Empty,
        SendTime = WireTime.Parse(SendTime),
        ListId = Recipients?.ListId,
        Subject = Settings?.SubjectLine,
        EmailsSent = EmailsSent,
    };
}

internal sealed class RecipientsWire
{
    public string? ListId { get; set; }
}

internal sealed class CampaignSettingsWire
{
    public string? SubjectLine { get; set; }
}

internal sealed class EmailActivityPage
{
    public List<EmailActivityWire>? Emails { get; set; }
    public string? CampaignId { get; set; }
    public int TotalItems { get; set; }
}

internal sealed class EmailActivityWire
{
    public string? CampaignId { get; set; }
    public string? ListId { get; set; }
    public string? EmailId { get; set; }
    public string? EmailAddress { get; set; }
    public List<ActivityWire>? Activity { get; set; }

    public MailchimpEmailActivity ToActivity(string campaignId)
    {
        var items = new List<MailchimpActivity>(Activity?.Count ?? 0);
        foreach (ActivityWire a in Activity ?? [])
        {
            if (string.IsNullOrEmpty(a.Action) || WireTime.Parse(a.Timestamp) is not { } at)
            {
                continue; // Nothing to say without an action and a time.
            }

            items.Add(new MailchimpActivity
            {
                Action = a.Action,
                Timestamp = at,
                BounceType = a.Type switch
                {
                    "hard" => Events.GivenBounceType.Hard,
                    "soft" => Events.GivenBounceType.Soft,
                    _ => Events.GivenBounceType.Unknown,
                },
                Url = string.IsNullOrEmpty(a.Url) ? null : a.Url,
                Ip = string.IsNullOrEmpty(a.Ip) ? null : a.Ip,
            });
        }

        string email = EmailAddress ?? string.Empty;
        return new MailchimpEmailActivity
        {
            CampaignId = CampaignId ?? campaignId,
            ListId = ListId ?? string.Empty,
            EmailId = EmailId ?? (email.Length > 0 ? SubscriberHash.Compute(email) : throw new FormatException("An email-activity entry without email_id or email_address.")),
            EmailAddress = email,
            Activity = items,
        };
    }
}

internal sealed class ActivityWire
{
    public string? Action { get; set; }
    public string? Timestamp { get; set; }
    public string? Type { get; set; }
    public string? Url { get; set; }
    public string? Ip { get; set; }
}

internal static class WireTime
{
    public static DateTimeOffset? Parse(string? text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out DateTimeOffset t) ? t : null;

    /// <summary>The ISO 8601 form Mailchimp's <c>since_*</c> parameters take, in UTC.</summary>
    public static string Format(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'+00:00'", CultureInfo.InvariantCulture);
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ProblemDocument))]
[JsonSerializable(typeof(MemberWire))]
[JsonSerializable(typeof(MemberWriteWire))]
[JsonSerializable(typeof(MembersPage))]
[JsonSerializable(typeof(ListsPage))]
[JsonSerializable(typeof(CampaignsPage))]
[JsonSerializable(typeof(EmailActivityPage))]
internal sealed partial class MailchimpJsonContext : JsonSerializerContext;
