using System.Text;
using System.Text.Json;
using BounceKit.Policy;

namespace BounceKit.Storage.Sqlite.Internal;

/// <summary>The stored form of a <see cref="CrmProjection"/> (confirmed and queued writes): a small JSON object with
/// stable property names whose round trip keeps record equality, offsets and ticks of the dates included. The sync
/// engine compares a recomputed projection with the stored one to decide whether to write, so any loss here would
/// rewrite the record on every plan.</summary>
internal static class ProjectionJson
{
    public static string Write(CrmProjection p)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartObject();
            JsonValues.WriteText(w, "key", p.SubscriberKey);
            w.WriteBoolean("hardBounce", p.HardBounce);
            JsonValues.WriteDate(w, "hardBounceDate", p.HardBounceDate);
            w.WriteNumber("softBounceCount", p.SoftBounceCount);
            JsonValues.WriteDate(w, "lastBounceDate", p.LastBounceDate);
            if (p.LastBounceReason is { } reason)
            {
                JsonValues.WriteText(w, "lastBounceReason", reason);
            }

            w.WriteBoolean("unsubscribed", p.Unsubscribed);
            w.WriteNumber("consent", (int)p.Consent);
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    public static CrmProjection Read(string json)
    {
        using JsonDocument doc = JsonDocument.Parse(json);
        JsonElement r = doc.RootElement;
        return new CrmProjection(
            JsonValues.ReadText(r.GetProperty("key")),
            r.GetProperty("hardBounce").GetBoolean(),
            JsonValues.ReadDate(r, "hardBounceDate"),
            r.GetProperty("softBounceCount").GetInt32(),
            JsonValues.ReadDate(r, "lastBounceDate"),
            r.TryGetProperty("lastBounceReason", out JsonElement reason) ? JsonValues.ReadText(reason) : null,
            r.GetProperty("unsubscribed").GetBoolean())
        {
            Consent = (ConsentStatus)r.GetProperty("consent").GetInt32(),
        };
    }
}
