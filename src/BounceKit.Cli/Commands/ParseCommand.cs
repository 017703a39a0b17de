using System.CommandLine;
using System.Text.Json;
using BounceKit.Cli.Output;
using BounceKit.Smtp;

namespace BounceKit.Cli.Commands;

/// <summary><c>bouncekit parse [TEXT ...]</c>: reply code, enhanced status and its registry title for each diagnostic.</summary>
internal static class ParseCommand
{
    public static Command Create(CliIO io)
    {
        var texts = new Argument<string[]>("TEXT")
        {
            Description = "Diagnostic strings to parse. Without any, each line of standard input is one diagnostic.",
            Arity = ArgumentArity.ZeroOrMore,
        };
        Option<string> format = CommonOptions.Format();
        var command = new Command("parse", "Find the SMTP reply code, RFC 3463 enhanced status and human text in SMTP diagnostics.")
        {
            texts,
            format,
        };
        command.SetAction(result => Run(result.GetValue(texts), result.GetValue(format) ?? CommonOptions.JsonLines, io));
        return command;
    }

    private static int Run(string[]? arguments, string format, CliIO io)
    {
        using var json = new JsonLinesWriter(io.Out);
        var table = new TableWriter(io.Out, ("REPLY", 5), ("STATUS", 9), ("TITLE", 34), ("TEXT", 70));
        bool anyFailed = false;
        foreach (InputLines.Line line in InputLines.Read(arguments, io.In))
        {
            if (!SmtpDiagnostic.TryParse(line.Text, out SmtpDiagnostic? diagnostic))
            {
                io.Error.WriteLine($"bouncekit parse: {line.Where}: empty diagnostic text; skipped.");
                anyFailed = true;
                continue;
            }

            if (format == CommonOptions.Table)
            {
                table.WriteRow(diagnostic.ReplyCode?.ToString(), diagnostic.EnhancedStatus?.ToString(), diagnostic.StatusTitle, diagnostic.Text);
            }
            else
            {
                json.WriteObject(diagnostic, WriteJson);
            }
        }

        return anyFailed ? BounceKitCli.ExitSomeLinesFailed : 0;
    }

    private static void WriteJson(Utf8JsonWriter w, SmtpDiagnostic d)
    {
        w.WriteString("text", d.Raw);
        if (d.ReplyCode is { } reply)
        {
            w.WriteNumber("replyCode", reply.Value);
        }
        else
        {
            w.WriteNull("replyCode");
        }

        if (d.EnhancedStatus is { } status)
        {
            w.WriteString("enhancedStatus", status.ToString());
        }
        else
        {
            w.WriteNull("enhancedStatus");
        }

        w.WriteString("statusTitle", d.StatusTitle);
        w.WriteString("message", d.Text);
        w.WriteBoolean("classMismatch", d.ClassesDisagree);
    }
}
