using System.Globalization;

namespace BounceKit.Cli.Output;

/// <summary>The one way the tool writes an instant: UTC, to the second, ISO 8601 with <c>Z</c>.</summary>
internal static class Timestamps
{
    public static string Utc(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static string? Utc(DateTimeOffset? t) => t is { } value ? Utc(value) : null;
}
