using System.Text.Json;

namespace BounceKit.Tests;

/// <summary>The Sisimai-labelled corpus shipped under tests/TestData.</summary>
internal static class TestData
{
    public static string PathOf(string name) => Path.Combine(AppContext.BaseDirectory, "TestData", name);

    public sealed record CorpusRecord(string File, string Text, string Status, string ReplyCode, string Reason, string DupOf, string Command, string Destination, string Rhost, int HardBounce);

    private static readonly Lazy<IReadOnlyList<CorpusRecord>> Records = new(() =>
        File.ReadLines(PathOf("sisimai-set-of-emails.jsonl"))
            .Select(line => JsonDocument.Parse(line).RootElement)
            .Select(e => new CorpusRecord(
                S(e, "file"), S(e, "diagnosticcode"), S(e, "deliverystatus"), S(e, "replycode"), S(e, "reason"),
                S(e, "dup_of"), S(e, "smtpcommand"), S(e, "destination"), S(e, "rhost"),
                e.TryGetProperty("hardbounce", out JsonElement h) && h.ValueKind == JsonValueKind.Number ? h.GetInt32() : 0))
            .ToList());

    public static IReadOnlyList<CorpusRecord> Corpus => Records.Value;

    private static string S(JsonElement e, string name) =>
        e.TryGetProperty(name, out JsonElement v) ? v.ValueKind switch
        {
            JsonValueKind.String => v.GetString() ?? "",
            JsonValueKind.Number => v.GetRawText(),
            _ => "",
        } : "";
}
