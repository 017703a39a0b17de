using System.CommandLine;
using System.CommandLine.Parsing;
using BounceKit.Cli.Commands;

namespace BounceKit.Cli;

/// <summary>The <c>bouncekit</c> command tree. The contract (names, output, exit codes) is in docs/cli.md.</summary>
internal static class BounceKitCli
{
    /// <summary>Exit code when the command ran but at least one input line could not be processed.</summary>
    public const int ExitSomeLinesFailed = 3;

    /// <summary>Exit code for a command line that could not be understood (unknown option, bad value).</summary>
    public const int ExitUsage = 2;

    /// <summary>Exit code when the command could not do its work (a provider refused or did not answer).</summary>
    public const int ExitFailed = 1;

    /// <summary>Runs the tool with explicit streams and environment, so tests can drive it in-process.</summary>
    public static int Run(string[] args, TextReader stdin, TextWriter stdout, TextWriter stderr, Func<string, string?>? environment = null, bool errorIsTerminal = false)
    {
        var io = new CliIO(stdin, stdout, stderr, environment ?? Environment.GetEnvironmentVariable) { ErrorIsTerminal = errorIsTerminal };
        var root = new RootCommand("BounceKit: understand email bounces. Parse and classify SMTP diagnostics, replay suppression policies, read Mailchimp.")
        {
            ParseCommand.Create(io),
            ClassifyCommand.Create(io),
            PolicyCommand.Create(io),
            MailchimpCommand.Create(io),
            SfmcCommand.Create(io),
            ReportCommand.Create(io),
            Commands.Sync.SyncCommand.Create(io),
        };

        ParseResult parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            // Usage errors go to stderr only, so stdout stays clean data for the next program in a pipe.
            foreach (ParseError error in parsed.Errors)
            {
                stderr.WriteLine($"bouncekit: {error.Message}");
            }

            stderr.WriteLine($"Run '{CommandPath(parsed)} --help' for usage.");
            return ExitUsage;
        }

        return parsed.Invoke(new InvocationConfiguration { Output = stdout, Error = stderr });
    }

    private static string CommandPath(ParseResult parsed)
    {
        var names = new List<string>();
        for (SymbolResult? r = parsed.CommandResult; r is CommandResult { Command: not RootCommand } command; r = r.Parent)
        {
            names.Insert(0, command.Command.Name);
        }

        names.Insert(0, "bouncekit");
        return string.Join(' ', names);
    }
}

/// <summary>The streams a command reads and writes, and the environment variables it may read.</summary>
internal sealed record CliIO(TextReader In, TextWriter Out, TextWriter Error, Func<string, string?> Environment)
{
    /// <summary>True when stderr is a terminal: progress is then drawn as a bar instead of plain lines.</summary>
    public bool ErrorIsTerminal { get; init; }
}
