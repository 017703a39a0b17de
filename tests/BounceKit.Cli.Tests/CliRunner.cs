using System.Text.Json;

namespace BounceKit.Cli.Tests;

/// <summary>Runs the bouncekit command tree in-process with captured streams.</summary>
internal static class CliRunner
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr)
    {
        public string[] Lines => Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);

        public JsonElement[] Json => Lines.Select(l => JsonDocument.Parse(l).RootElement).ToArray();
    }

    public static Result RunWithInput(string stdin, params string[] args) => RunWithEnvironment(stdin, new Dictionary<string, string>(), args);

    /// <summary>Runs with only the given environment variables visible.</summary>
    public static Result RunWithEnvironment(string stdin, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        using var input = new StringReader(stdin);
        using var output = new StringWriter();
        using var error = new StringWriter();
        int exit = BounceKitCli.Run(args, input, output, error, name => environment.GetValueOrDefault(name));
        return new Result(exit, output.ToString(), error.ToString());
    }

    public static Result Run(params string[] args) => RunWithInput("", args);
}
