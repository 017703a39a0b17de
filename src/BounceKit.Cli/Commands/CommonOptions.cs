using System.CommandLine;
using System.Globalization;

namespace BounceKit.Cli.Commands;

/// <summary>Options shared by every command.</summary>
internal static class CommonOptions
{
    public const string JsonLines = "jsonl";
    public const string Table = "table";

    public static Option<string> Format()
    {
        var option = new Option<string>("--format", "-f")
        {
            Description = "Output format: jsonl (one JSON object per line) or table (aligned columns for people).",
            DefaultValueFactory = _ => JsonLines,
        };
        option.AcceptOnlyFromAmong(JsonLines, Table);
        return option;
    }

    /// <summary>Reads a time argument: ISO 8601 (UTC when no offset is given) or an age before <paramref name="now"/>
    /// such as <c>24h</c> or <c>7d</c>.</summary>
    public static bool TryParseTime(string text, DateTimeOffset now, out DateTimeOffset time)
    {
        if (text.Length >= 2 && text[^1] is 'h' or 'd' && int.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out int amount))
        {
            time = now - (text[^1] == 'h' ? TimeSpan.FromHours(amount) : TimeSpan.FromDays(amount));
            return true;
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out time);
    }
}
