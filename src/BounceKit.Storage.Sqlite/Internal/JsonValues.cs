using System.Globalization;
using System.Text.Json;

namespace BounceKit.Storage.Sqlite.Internal;

/// <summary>Lossless JSON forms of the values the stored objects hold, shared by <see cref="StateJson"/> and
/// <see cref="ProjectionJson"/>.</summary>
internal static class JsonValues
{
    /// <summary>Writes a date with its ticks and offset (round-trip format); nothing when null.</summary>
    public static void WriteDate(Utf8JsonWriter w, string name, DateTimeOffset? value)
    {
        if (value is { } v)
        {
            w.WriteString(name, v.ToString("O", CultureInfo.InvariantCulture));
        }
    }

    /// <summary>Reads what <see cref="WriteDate"/> wrote; null when the property is absent.</summary>
    public static DateTimeOffset? ReadDate(JsonElement r, string name) =>
        r.TryGetProperty(name, out JsonElement e) ? DateTimeOffset.Parse(e.GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind) : null;

    /// <summary>Writes a string exactly: as a JSON string when it is well-formed UTF-16, otherwise (a lone surrogate,
    /// for example half an emoji left by truncating a reason) as an array of its UTF-16 code units, because a JSON
    /// string would turn the lone surrogate into U+FFFD and the value read back would no longer be equal.</summary>
    public static void WriteText(Utf8JsonWriter w, string name, string value)
    {
        if (IsWellFormed(value))
        {
            w.WriteString(name, value);
            return;
        }

        w.WriteStartArray(name);
        foreach (char c in value)
        {
            w.WriteNumberValue(c);
        }

        w.WriteEndArray();
    }

    /// <summary>Reads what <see cref="WriteText"/> wrote.</summary>
    public static string ReadText(JsonElement e) =>
        e.ValueKind != JsonValueKind.Array
            ? e.GetString()!
            : string.Create(e.GetArrayLength(), e, static (chars, units) =>
            {
                int i = 0;
                foreach (JsonElement unit in units.EnumerateArray())
                {
                    chars[i++] = (char)unit.GetUInt16();
                }
            });

    private static bool IsWellFormed(string value)
    {
        ReadOnlySpan<char> s = value;
        for (int i = s.IndexOfAnyInRange('\uD800', '\uDFFF'); i >= 0 && i < s.Length; i++)
        {
            if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(s[i]))
            {
                return false;
            }
        }

        return true;
    }
}
