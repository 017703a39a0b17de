using System.CommandLine;

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
}
