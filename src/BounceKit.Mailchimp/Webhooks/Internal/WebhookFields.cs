using System.Collections.ObjectModel;
using System.Text;

namespace BounceKit.Mailchimp.Webhooks.Internal;

/// <summary>Mailchimp's webhook field names (provider-facts section 1.6) and readers over the flattened fields.</summary>
internal static class WebhookFields
{
    public const string Type = "type";
    public const string FiredAt = "fired_at";
    public const string DataPrefix = "data[";
    public const string MergesPrefix = "data[merges][";
    public const string ListId = "data[list_id]";
    public const string Email = "data[email]";
    public const string Id = "data[id]";
    public const string EmailType = "data[email_type]";
    public const string IpOpt = "data[ip_opt]";
    public const string IpSignup = "data[ip_signup]";
    public const string Action = "data[action]";
    public const string Reason = "data[reason]";
    public const string CampaignId = "data[campaign_id]";
    public const string OldEmail = "data[old_email]";
    public const string NewEmail = "data[new_email]";
    public const string NewId = "data[new_id]";
    public const string Subject = "data[subject]";
    public const string Status = "data[status]";

    /// <summary>The value of <paramref name="key"/>, or <see langword="null"/> when it is absent or blank.</summary>
    public static string? Optional(IReadOnlyDictionary<string, string> data, string key) =>
        data.TryGetValue(key, out string? value) && !string.IsNullOrWhiteSpace(value) ? value : null;

    /// <summary>The <c>data[merges][...]</c> fields keyed relative to <c>merges</c>: <c>data[merges][FNAME]</c> is
    /// <c>FNAME</c>, <c>data[merges][GROUPINGS][0][name]</c> is <c>GROUPINGS[0][name]</c>. Keys whose brackets do not
    /// close are left out here (they stay in the raw data).</summary>
    public static ReadOnlyDictionary<string, string> Merges(IReadOnlyDictionary<string, string> data)
    {
        var merges = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        StringBuilder? builder = null;
        foreach (KeyValuePair<string, string> field in data)
        {
            if (!field.Key.StartsWith(MergesPrefix, StringComparison.Ordinal))
            {
                continue;
            }

            ReadOnlySpan<char> rest = field.Key.AsSpan(MergesPrefix.Length);
            int close = rest.IndexOf(']');
            if (close <= 0)
            {
                continue;
            }

            builder ??= new StringBuilder();
            builder.Clear().Append(rest[..close]);
            rest = rest[(close + 1)..];
            bool wellFormed = true;
            while (!rest.IsEmpty)
            {
                close = rest.IndexOf(']');
                if (rest[0] != '[' || close < 0)
                {
                    wellFormed = false;
                    break;
                }

                builder.Append(rest[..(close + 1)]);
                rest = rest[(close + 1)..];
            }

            if (wellFormed)
            {
                merges[builder.ToString()] = field.Value;
            }
        }

        return merges.AsReadOnly();
    }
}
