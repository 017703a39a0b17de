using System.Text.Json;

namespace BounceKit.Benchmarks;

/// <summary>The diagnostic strings of the Sisimai-labelled corpus in tests/TestData.</summary>
internal static class Corpus
{
    public static string[] DiagnosticStrings() =>
        Records().Select(e => e.GetProperty("diagnosticcode").GetString() ?? "").ToArray();

    public static JsonElement[] Records()
    {
        string path = Path.Combine(RepoRoot(), "tests", "TestData", "sisimai-set-of-emails.jsonl");
        return File.ReadLines(path).Select(line => JsonDocument.Parse(line).RootElement).ToArray();
    }

    private static string RepoRoot()
    {
        // BenchmarkDotNet runs each benchmark from a generated folder below this project: walk up to the solution.
        foreach (string start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
        {
            for (string? dir = start; dir is not null; dir = Path.GetDirectoryName(dir))
            {
                if (File.Exists(Path.Combine(dir, "BounceKit.sln")))
                {
                    return dir;
                }
            }
        }

        throw new InvalidOperationException("Cannot find BounceKit.sln above " + AppContext.BaseDirectory);
    }
}
