using System.CommandLine;
using System.Text.Json;
using BounceKit.Classification;
using BounceKit.Cli.Output;
using BounceKit.Smtp;

namespace BounceKit.Cli.Commands;

/// <summary><c>bouncekit classify [TEXT ...] [--input text|jsonl]</c>: type, reason, hard flag and vendor mappings.</summary>
internal static class ClassifyCommand
{
    private const string TextInput = "text";
    private const string JsonLinesInput = "jsonl";

    public static Command Create(CliIO io)
    {
        var texts = new Argument<string[]>("TEXT")
        {
            Description = "Diagnostic strings to classify. Without any, each line of standard input is one input.",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var input = new Option<string>("--input", "-i")
        {
            Description = "How to read standard input: text (one diagnostic per line) or jsonl (objects with text and optional status, replyCode, command, recipientDomain, remoteMta).",
            DefaultValueFactory = _ => TextInput,
        };
        input.AcceptOnlyFromAmong(TextInput, JsonLinesInput);
        Option<string> format = CommonOptions.Format();
        var command = new Command("classify", "Classify bounces: hard, soft or block, the reason, and its name in Sisimai, SFMC, Mailchimp and report vocabularies.")
        {
            texts,
            input,
            format,
        };
        command.SetAction(result => Run(
            result.GetValue(texts),
            result.GetValue(input) == JsonLinesInput,
            result.GetValue(format) ?? CommonOptions.JsonLines,
            io));
        return command;
    }

    private static int Run(string[]? arguments, bool jsonInput, string format, CliIO io)
    {
        using var json = new JsonLinesWriter(io.Out);
        var table = new TableWriter(io.Out, ("TYPE", 12), ("REASON", 20), ("HARD", 5), ("STATUS", 9), ("REPLY", 5), ("TEXT", 60));
        BounceClassifier classifier = BounceClassifier.Default;
        bool anyFailed = false;
        foreach (InputLines.Line line in InputLines.Read(arguments, io.In))
        {
            Request request;
            string? error;
            if (jsonInput && !line.FromArgument)
            {
                error = TryReadJson(line.Text, out request);
            }
            else
            {
                request = new Request(line.Text);
                error = string.IsNullOrWhiteSpace(line.Text) ? "empty diagnostic text" : null;
            }

            if (error is not null)
            {
                io.Error.WriteLine($"bouncekit classify: {line.Where}: {error}; skipped.");
                anyFailed = true;
                continue;
            }

            BounceClassification c = classifier.Classify(new BounceInput(request.Text)
            {
                EnhancedStatus = request.Status,
                ReplyCode = request.ReplyCode,
                Command = request.Command,
                RecipientDomain = request.RecipientDomain,
                RemoteMta = request.RemoteMta,
            });

            if (format == CommonOptions.Table)
            {
                table.WriteRow(c.Type.ToName(), c.Reason.ToName(), c.IsHardBounce ? "yes" : "no", c.EnhancedStatus?.ToString(), c.ReplyCode?.ToString(), request.Text);
            }
            else
            {
                json.WriteObject((request.Text, c), static (w, s) => WriteJson(w, s.Text, s.c));
            }
        }

        return anyFailed ? BounceKitCli.ExitSomeLinesFailed : 0;
    }

    private static void WriteJson(Utf8JsonWriter w, string text, BounceClassification c)
    {
        BounceReasonInfo info = c.Info;
        w.WriteString("text", text);
        if (c.ReplyCode is { } reply)
        {
            w.WriteNumber("replyCode", reply.Value);
        }
        else
        {
            w.WriteNull("replyCode");
        }

        w.WriteString("enhancedStatus", c.EnhancedStatus?.ToString());
        w.WriteString("type", c.Type.ToName());
        w.WriteBoolean("hardBounce", c.IsHardBounce);
        w.WriteString("reason", info.Name);
        w.WriteString("sisimaiReason", info.SisimaiReason);
        w.WriteString("category", info.ReaderCategory.ToName());
        w.WriteString("label", info.ReaderLabel);
        w.WriteString("sfmcCategory", info.SfmcCategory.Value);
        w.WriteString("mailchimpType", info.MailchimpType?.Value);
        if (c.Provider != ReceivingProvider.Unknown)
        {
            w.WriteString("provider", c.Provider.ToString().ToLowerInvariant());
        }

        w.WriteStartArray("evidence");
        foreach (Evidence e in c.Evidence)
        {
            w.WriteStringValue(e.ToString());
        }

        w.WriteEndArray();
    }

    private readonly record struct Request(string Text, EnhancedStatusCode? Status = null, SmtpReplyCode? ReplyCode = null, SmtpCommand Command = SmtpCommand.Unknown, string? RecipientDomain = null, string? RemoteMta = null);

    /// <summary>Reads one JSON Lines input object; returns what is wrong with it (naming the field), or null.</summary>
    private static string? TryReadJson(string line, out Request request)
    {
        request = default;
        if (JsonInput.TryParseObject(line, out JsonDocument? doc) is { } invalid)
        {
            return invalid;
        }

        using (doc)
        {
            JsonElement root = doc!.RootElement;
            if (!root.TryGetProperty("text", out JsonElement textElement) || textElement.ValueKind != JsonValueKind.String)
            {
                return "field 'text' is missing or not a string";
            }

            if (JsonInput.TryReadStatus(root, "status", out EnhancedStatusCode? status) is { } badStatus)
            {
                return badStatus;
            }

            SmtpReplyCode? reply = null;
            if (root.TryGetProperty("replyCode", out JsonElement r) && r.ValueKind != JsonValueKind.Null)
            {
                bool ok = r.ValueKind switch
                {
                    JsonValueKind.Number => r.TryGetInt32(out int n) && SmtpReplyCode.TryCreate(n, out _),
                    JsonValueKind.String => SmtpReplyCode.TryParse(r.GetString(), out _),
                    _ => false,
                };
                if (!ok)
                {
                    return $"field 'replyCode': {r.GetRawText()} is not an SMTP reply code such as 550";
                }

                reply = r.ValueKind == JsonValueKind.Number ? SmtpReplyCode.Create(r.GetInt32()) : SmtpReplyCode.Parse(r.GetString()!);
            }

            request = new Request(
                textElement.GetString()!,
                status,
                reply,
                JsonInput.String(root, "command") is { } command ? SmtpCommands.Parse(command) : SmtpCommand.Unknown,
                JsonInput.String(root, "recipientDomain"),
                JsonInput.String(root, "remoteMta"));
            return null;
        }
    }
}
