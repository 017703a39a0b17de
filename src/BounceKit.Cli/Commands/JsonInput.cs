using System.Text.Json;
using BounceKit.Smtp;

namespace BounceKit.Cli.Commands;

/// <summary>Reading one JSON Lines input object, with errors that name the field.</summary>
internal static class JsonInput
{
    /// <summary>Parses a line as a JSON object; returns what is wrong, or null (then the caller disposes the document).</summary>
    public static string? TryParseObject(string line, out JsonDocument? document)
    {
        document = null;
        if (string.IsNullOrWhiteSpace(line))
        {
            return "empty line";
        }

        try
        {
            document = JsonDocument.Parse(line);
        }
        catch (JsonException e)
        {
            return $"not valid JSON ({e.Message})";
        }

        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            document.Dispose();
            document = null;
            return "expected a JSON object";
        }

        return null;
    }

    /// <summary>An optional string property; null when absent or not a string.</summary>
    public static string? String(JsonElement root, string name) =>
        root.TryGetProperty(name, out JsonElement e) && e.ValueKind == JsonValueKind.String ? e.GetString() : null;

    /// <summary>Reads an optional enhanced status property; returns what is wrong, or null.</summary>
    public static string? TryReadStatus(JsonElement root, string name, out EnhancedStatusCode? status)
    {
        status = null;
        if (!root.TryGetProperty(name, out JsonElement e) || e.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (e.ValueKind != JsonValueKind.String || !EnhancedStatusCode.TryParse(e.GetString(), out EnhancedStatusCode parsed))
        {
            return $"field '{name}': {e.GetRawText()} is not an enhanced status code such as \"5.1.1\"";
        }

        status = parsed;
        return null;
    }
}
