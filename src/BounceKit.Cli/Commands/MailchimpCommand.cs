using System.CommandLine;
using System.Globalization;
using BounceKit.Cli.Output;
using BounceKit.Events;
using BounceKit.Extensions.DependencyInjection;
using BounceKit.Mailchimp;
using BounceKit.Mailchimp.Webhooks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BounceKit.Cli.Commands;

/// <summary><c>bouncekit mailchimp events</c> and <c>bouncekit mailchimp webhook</c>.</summary>
internal static class MailchimpCommand
{
    /// <summary>The environment variable that holds the API key (never a command-line argument, which other users
    /// of the machine can read).</summary>
    public const string ApiKeyVariable = "BOUNCEKIT_MAILCHIMP_APIKEY";

    public static Command Create(CliIO io)
    {
        var since = new Option<string>("--since") { Description = "Start: an ISO 8601 time (2026-11-01T00:00:00Z) or an age such as 24h or 7d.", Required = true };
        var until = new Option<string>("--until") { Description = "End (exclusive), same forms; default now." };
        var list = new Option<string>("--list") { Description = "The audience (list) id; default BounceKit:Mailchimp:ListId, else every audience." };
        var config = new Option<string>("--config") { Description = "A JSON settings file with a BounceKit:Mailchimp section (ApiKey, ListId, BaseAddress, PageSize, ...)." };
        var baseUrl = new Option<string>("--base-url") { Description = "Another API address (a proxy or test server) instead of https://<dc>.api.mailchimp.com/3.0/." };

        var events = new Command("events", $"Print the deliverability events of a Mailchimp account as JSON Lines that 'policy simulate --events' reads: campaign bounces (hard or soft), opens, clicks, cleaned members, unsubscribes. The API key comes from {ApiKeyVariable} or the --config file.")
        {
            since, until, list, config, baseUrl,
        };
        events.SetAction((result, cancellationToken) => EventsAsync(
            io,
            result.GetValue(since)!,
            result.GetValue(until),
            result.GetValue(list),
            result.GetValue(config),
            result.GetValue(baseUrl),
            cancellationToken));

        var output = new Option<string>("--output")
        {
            Description = "events: the deliverability events, in 'policy simulate --events' input form (default); webhook: one object per payload with its type, time, list and fields.",
            DefaultValueFactory = _ => "events",
        };
        output.AcceptOnlyFromAmong("events", "webhook");
        var webhook = new Command("webhook", "Parse Mailchimp audience webhook payloads (application/x-www-form-urlencoded bodies, one per line of standard input) and print what they mean.")
        {
            output,
        };
        webhook.SetAction(result => Webhook(io, result.GetValue(output) ?? "events"));

        return new Command("mailchimp", "Mailchimp: read events through the Marketing API, parse audience webhooks.") { events, webhook };
    }

    private static int Webhook(CliIO io, string output)
    {
        using var json = new JsonLinesWriter(io.Out);
        bool anyFailed = false;
        foreach (InputLines.Line line in InputLines.Read(null, io.In))
        {
            if (string.IsNullOrWhiteSpace(line.Text))
            {
                continue;
            }

            if (!MailchimpWebhookParser.TryParse(line.Text.Trim(), out MailchimpWebhookEvent? parsed, out MailchimpWebhookError? error))
            {
                io.Error.WriteLine($"bouncekit mailchimp webhook: {line.Where}: {error.Message}; skipped.");
                anyFailed = true;
                continue;
            }

            if (output == "webhook")
            {
                json.WriteObject(parsed, static (w, e) =>
                {
                    w.WriteString("type", e.Type.ToString());
                    w.WriteString("firedAt", Timestamps.Utc(e.FiredAt));
                    w.WriteString("listId", e.ListId);
                    if (e is MailchimpMemberWebhookEvent member)
                    {
                        w.WriteString("subscriber", member.SubscriberKey);
                    }

                    w.WriteStartObject("data");
                    foreach ((string name, string value) in e.Data)
                    {
                        w.WriteString(name, value);
                    }

                    w.WriteEndObject();
                    w.WriteNumber("events", e.ToDeliverabilityEvents().Count);
                });
                continue;
            }

            foreach (DeliverabilityEvent e in parsed.ToDeliverabilityEvents())
            {
                json.WriteObject(e, EventLine.Write);
            }
        }

        return anyFailed ? BounceKitCli.ExitSomeLinesFailed : 0;
    }

    private static async Task<int> EventsAsync(CliIO io, string sinceText, string? untilText, string? listId, string? configPath, string? baseUrl, CancellationToken cancellationToken)
    {
        const string Name = "bouncekit mailchimp events";
        DateTimeOffset now = TimeProvider.System.GetUtcNow();
        if (!CommonOptions.TryParseTime(sinceText, now, out DateTimeOffset since))
        {
            return Usage(io, Name, $"--since '{sinceText}' is neither an ISO 8601 time such as 2026-11-01T00:00:00Z nor an age such as 24h or 7d.");
        }

        DateTimeOffset until = now;
        if (untilText is not null && !CommonOptions.TryParseTime(untilText, now, out until))
        {
            return Usage(io, Name, $"--until '{untilText}' is neither an ISO 8601 time nor an age such as 24h or 7d.");
        }

        if (baseUrl is not null && !Uri.TryCreate(baseUrl, UriKind.Absolute, out _))
        {
            return Usage(io, Name, $"--base-url '{baseUrl}' is not an absolute URL such as https://us14.api.mailchimp.com/3.0/.");
        }

        ServiceProvider services;
        try
        {
            services = BuildServices(io, configPath, baseUrl);
        }
        catch (Exception e) when (e is FileNotFoundException or InvalidDataException or FormatException or InvalidOperationException)
        {
            return Usage(io, Name, e.Message);
        }

        await using (services.ConfigureAwait(false))
        {
            MailchimpEventSource source;
            try
            {
                source = services.GetRequiredService<MailchimpEventSource>();
            }
            catch (OptionsValidationException e)
            {
                foreach (string failure in e.Failures)
                {
                    io.Error.WriteLine($"{Name}: {failure}");
                }

                return BounceKitCli.ExitUsage;
            }

            using var json = new JsonLinesWriter(io.Out);
            try
            {
                await foreach (DeliverabilityEvent e in source.ReadAsync(since, until, listId, cancellationToken).ConfigureAwait(false))
                {
                    json.WriteObject(e, EventLine.Write);
                }
            }
            catch (MailchimpException e)
            {
                // Events already printed stay valid; the run as a whole failed.
                io.Error.WriteLine($"{Name}: {e.Message}");
                return BounceKitCli.ExitFailed;
            }
        }

        return 0;
    }

    private static ServiceProvider BuildServices(CliIO io, string? configPath, string? baseUrl)
    {
        var configuration = new ConfigurationBuilder();
        if (configPath is not null)
        {
            configuration.AddJsonFile(Path.GetFullPath(configPath), optional: false);
        }

        var overrides = new Dictionary<string, string?>();
        if (io.Environment(ApiKeyVariable) is { Length: > 0 } key)
        {
            overrides["BounceKit:Mailchimp:ApiKey"] = key;
        }

        if (baseUrl is not null)
        {
            overrides["BounceKit:Mailchimp:BaseAddress"] = baseUrl;
        }

        IConfigurationRoot settings = configuration.AddInMemoryCollection(overrides).Build();
        var services = new ServiceCollection();
        services.AddBounceKit(o => o.Ledger.Kind = LedgerKind.InMemory).AddMailchimp(settings.GetSection("BounceKit:Mailchimp"));
        return services.BuildServiceProvider();
    }

    private static int Usage(CliIO io, string name, string message)
    {
        io.Error.WriteLine($"{name}: {message}");
        return BounceKitCli.ExitUsage;
    }
}
