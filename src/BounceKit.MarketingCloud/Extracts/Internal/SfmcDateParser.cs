using System.Globalization;

namespace BounceKit.MarketingCloud.Extracts.Internal;

/// <summary>Parses the date forms SFMC writes, with the invariant culture (never the machine's).</summary>
internal static class SfmcDateParser
{
    // Forms without an offset: SFMC's US export form first, since it is by far the most common.
    private static readonly string[] LocalFormats =
    [
        "M/d/yyyy h:mm:ss tt",
        "M/d/yyyy h:mm tt",
        "M/d/yyyy H:mm:ss",
        "M/d/yyyy H:mm",
        "M/d/yyyy",
        "yyyy-MM-dd HH:mm:ss.FFFFFFF",
        "yyyy-MM-dd HH:mm",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF",
        "yyyy-MM-dd'T'HH:mm",
        "yyyy-MM-dd",
    ];

    // ISO 8601 with an offset or Z: the offset in the text wins over the configured zone.
    private static readonly string[] OffsetFormats =
    [
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz",
        "yyyy-MM-dd'T'HH:mmzzz",
        "yyyy-MM-dd HH:mm:ss.FFFFFFFzzz",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'",
        "yyyy-MM-dd'T'HH:mm'Z'",
        "yyyy-MM-dd HH:mm:ss.FFFFFFF'Z'",
    ];

    /// <summary>The forms accepted, for error messages.</summary>
    public const string Forms = "expected M/d/yyyy h:mm:ss AM/PM, M/d/yyyy H:mm, yyyy-MM-dd HH:mm:ss or ISO 8601";

    /// <summary>Parses <paramref name="text"/>; a value without an offset is a local time in <paramref name="zone"/>.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, TimeZoneInfo zone, out DateTimeOffset value)
    {
        text = text.Trim();
        if (DateTime.TryParseExact(text, LocalFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out DateTime local))
        {
            // Unspecified kind: GetUtcOffset reads it as a time of the zone itself.
            TimeSpan offset = zone.GetUtcOffset(local);
            if (zone.IsInvalidTime(local))
            {
                offset = zone.BaseUtcOffset;
            }

            value = new DateTimeOffset(local, offset);
            return true;
        }

        // AssumeUniversal only matters for the 'Z' forms, which have no zzz to read the offset from.
        return DateTimeOffset.TryParseExact(text, OffsetFormats, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal, out value);
    }
}
