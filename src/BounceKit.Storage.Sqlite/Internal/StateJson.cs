using System.Text;
using System.Text.Json;
using BounceKit.Classification;
using BounceKit.Policy;

namespace BounceKit.Storage.Sqlite.Internal;

/// <summary>The stored form of a <see cref="SubscriberState"/>: a small JSON object with stable property names.</summary>
internal static class StateJson
{
    public static string Write(SubscriberState s)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartObject();
            w.WriteString("key", s.SubscriberKey);
            w.WriteNumber("status", (int)s.Status);
            JsonValues.WriteDate(w, "statusSince", s.StatusSince);
            w.WriteNumber("consent", (int)s.Consent);
            w.WriteNumber("bounceCount", s.BounceCount);
            w.WriteNumber("softBounceCount", s.SoftBounceCount);
            JsonValues.WriteDate(w, "firstBounce", s.FirstBounce);
            JsonValues.WriteDate(w, "lastBounce", s.LastBounce);
            JsonValues.WriteDate(w, "hardBounceDate", s.HardBounceDate);
            if (s.LastBounceReason is { } reason)
            {
                w.WriteNumber("lastBounceReason", (int)reason);
            }

            w.WriteString("lastBounceText", s.LastBounceText);
            w.WriteBoolean("engaged", s.HasEngagement);
            w.WriteNumber("rule", (int)s.Why.Rule);
            w.WriteNumber("ruleCount", s.Why.Count);
            w.WriteNumber("ruleLimit", s.Why.Limit);
            w.WriteNumber("ruleDays", s.Why.Days);
            w.WriteString("ruleDetail", s.Why.Detail);
            w.WriteBoolean("ruleEngaged", s.Why.Engaged);
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    public static SubscriberState Read(string json)
    {
        using JsonDocument doc = JsonDocument.Parse(json);
        JsonElement r = doc.RootElement;
        return new SubscriberState
        {
            SubscriberKey = r.GetProperty("key").GetString()!,
            Status = (SubscriberStatus)r.GetProperty("status").GetInt32(),
            StatusSince = JsonValues.ReadDate(r, "statusSince"),
            Consent = (ConsentStatus)r.GetProperty("consent").GetInt32(),
            BounceCount = r.GetProperty("bounceCount").GetInt32(),
            SoftBounceCount = r.GetProperty("softBounceCount").GetInt32(),
            FirstBounce = JsonValues.ReadDate(r, "firstBounce"),
            LastBounce = JsonValues.ReadDate(r, "lastBounce"),
            HardBounceDate = JsonValues.ReadDate(r, "hardBounceDate"),
            LastBounceReason = r.TryGetProperty("lastBounceReason", out JsonElement reason) ? (BounceReason)reason.GetInt32() : null,
            LastBounceText = r.GetProperty("lastBounceText").GetString(),
            HasEngagement = r.GetProperty("engaged").GetBoolean(),
            Why = new PolicyDecision(
                (PolicyRule)r.GetProperty("rule").GetInt32(),
                r.GetProperty("ruleCount").GetInt32(),
                r.GetProperty("ruleLimit").GetInt32(),
                r.GetProperty("ruleDays").GetInt32(),
                r.GetProperty("ruleDetail").GetString(),
                r.GetProperty("ruleEngaged").GetBoolean()),
        };
    }
}
