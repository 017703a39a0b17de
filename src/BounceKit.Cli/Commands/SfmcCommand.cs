using System.CommandLine;
using System.Globalization;
using BounceKit.Cli.Output;
using BounceKit.Extensions.DependencyInjection;
using BounceKit.MarketingCloud;
using BounceKit.MarketingCloud.Extracts;
using BounceKit.MarketingCloud.Planning;
using BounceKit.Policy;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BounceKit.Cli.Commands;

/// <summary><c>bouncekit sfmc plan|pull|sql</c>: Salesforce Marketing Cloud.</summary>
internal static class SfmcCommand
{
    /// <summary>The environment variable that holds the installed package's client secret (never a command-line argument).</summary>
    public const string ClientSecretVariable = "BOUNCEKIT_SFMC_CLIENTSECRET";

    public static Command Create(CliIO io) =>
        new("sfmc", "Salesforce Marketing Cloud: the Held-based CRM write-back plan.") { CreatePlan(io), CreatePull(io), CreateSql(io), CreateReconcile(io) };

    private static Command CreateReconcile(CliIO io)
    {
        var bounces = new Option<string>("--bounces") { Description = "The _Bounce extract.", Required = true };
        var subscribers = new Option<string>("--subscribers") { Description = "The _Subscribers extract.", Required = true };
        Option<string> format = CommonOptions.Format();
        var reconcile = new Command("reconcile", "Replay each subscriber's bounces through BounceKit's SFMC policy and list where its status and SFMC's disagree (the extracts hold no opens, so an SFMC reset to active shows up here).")
        {
            bounces, subscribers, format,
        };
        reconcile.SetAction(result =>
        {
            const string Name = "bouncekit sfmc reconcile";
            string bouncesPath = result.GetValue(bounces)!, subscribersPath = result.GetValue(subscribers)!;
            if (MissingFile(io, Name, bouncesPath, subscribersPath))
            {
                return BounceKitCli.ExitUsage;
            }

            var errors = new RowErrors(io, Name);
            IReadOnlyList<SfmcReconciliationRow> rows;
            try
            {
                rows = SfmcReconciliation.Compare(errors.Records(SfmcExtractReader.ReadBounces(bouncesPath)), errors.Records(SfmcExtractReader.ReadSubscribers(subscribersPath)));
            }
            catch (SfmcExtractFormatException e)
            {
                io.Error.WriteLine($"{Name}: {e.Message}");
                return BounceKitCli.ExitUsage;
            }

            if (result.GetValue(format) == CommonOptions.Table)
            {
                var table = new TableWriter(io.Out, ("SUBSCRIBER KEY", 18), ("SFMC", 12), ("BOUNCEKIT", 9), ("DECISION", 60));
                foreach (SfmcReconciliationRow row in rows)
                {
                    table.WriteRow(row.SubscriberKey, row.SfmcStatus, row.BounceKitStatus.ToName(), row.Decision);
                }
            }
            else
            {
                using var json = new JsonLinesWriter(io.Out);
                foreach (SfmcReconciliationRow row in rows)
                {
                    json.WriteObject(row, static (w, r) =>
                    {
                        w.WriteString("subscriberKey", r.SubscriberKey);
                        w.WriteString("sfmcStatus", r.SfmcStatus);
                        w.WriteString("bounceKitStatus", r.BounceKitStatus.ToName());
                        w.WriteString("decision", r.Decision);
                    });
                }
            }

            return errors.Any ? BounceKitCli.ExitSomeLinesFailed : 0;
        });
        return reconcile;
    }

    private static Command CreatePlan(CliIO io)
    {
        var bounces = new Option<string>("--bounces") { Description = "The _Bounce extract (CSV or TSV with a header row; the tracking extract's Bounces file works too).", Required = true };
        var subscribers = new Option<string>("--subscribers") { Description = "The _Subscribers extract (CSV or TSV with a header row).", Required = true };
        var window = new WindowOptions();
        var plan = new Command("plan", "Print the CRM write-back plan from extract files: flag Held subscribers with a bounce in the window (dated by the latest), clear CRM-flagged keys that SFMC has active again. One row per subscriber, ordered by key.")
        {
            bounces, subscribers,
        };
        window.AddTo(plan);
        plan.SetAction(result =>
        {
            const string Name = "bouncekit sfmc plan";
            if (window.Read(result, io, Name) is not { } options)
            {
                return BounceKitCli.ExitUsage;
            }

            string bouncesPath = result.GetValue(bounces)!, subscribersPath = result.GetValue(subscribers)!;
            if (MissingFile(io, Name, bouncesPath, subscribersPath) || ReadFlagged(io, Name, result.GetValue(window.Flagged), out string[]? flagged))
            {
                return BounceKitCli.ExitUsage;
            }

            var errors = new RowErrors(io, Name);
            IReadOnlyList<SfmcPlanRow> planned;
            try
            {
                planned = SfmcHeldPlanner.Plan(errors.Records(SfmcExtractReader.ReadBounces(bouncesPath)), errors.Records(SfmcExtractReader.ReadSubscribers(subscribersPath)), flagged, options);
            }
            catch (SfmcExtractFormatException e)
            {
                io.Error.WriteLine($"{Name}: {e.Message}");
                return BounceKitCli.ExitUsage;
            }

            Write(io, planned, result.GetValue(window.Format) ?? CommonOptions.JsonLines);
            return errors.Any ? BounceKitCli.ExitSomeLinesFailed : 0;
        });
        return plan;
    }

    private static Command CreatePull(CliIO io)
    {
        var config = new Option<string>("--config") { Description = "A JSON settings file with a BounceKit:MarketingCloud section (Subdomain, ClientId, ClientSecret, AccountId, BouncesDataExtensionKey, SubscribersDataExtensionKey)." };
        var bouncesKey = new Option<string>("--bounces-de") { Description = "External key of the data extension staged from _Bounce (default: BouncesDataExtensionKey)." };
        var subscribersKey = new Option<string>("--subscribers-de") { Description = "External key of the data extension staged from _Subscribers (default: SubscribersDataExtensionKey)." };
        var authUrl = new Option<string>("--auth-url") { Description = "Another token address (a proxy or test server) instead of https://<subdomain>.auth.marketingcloudapis.com/." };
        var window = new WindowOptions();
        var pull = new Command("pull", $"Read the two staging data extensions over REST and print the same plan as 'sfmc plan'. The client secret comes from {ClientSecretVariable} or the --config file.")
        {
            config, bouncesKey, subscribersKey, authUrl,
        };
        window.AddTo(pull);
        pull.SetAction(async (result, cancellationToken) =>
        {
            const string Name = "bouncekit sfmc pull";
            if (window.Read(result, io, Name) is not { } options || ReadFlagged(io, Name, result.GetValue(window.Flagged), out string[]? flagged))
            {
                return BounceKitCli.ExitUsage;
            }

            string? configPath = result.GetValue(config);
            if (configPath is not null && MissingFile(io, Name, configPath))
            {
                return BounceKitCli.ExitUsage;
            }

            var overrides = new Dictionary<string, string?>();
            if (io.Environment(ClientSecretVariable) is { Length: > 0 } secret)
            {
                overrides["BounceKit:MarketingCloud:ClientSecret"] = secret;
            }

            if (result.GetValue(authUrl) is { } url)
            {
                if (!Uri.TryCreate(url, UriKind.Absolute, out _))
                {
                    io.Error.WriteLine($"{Name}: --auth-url '{url}' is not an absolute URL.");
                    return BounceKitCli.ExitUsage;
                }

                overrides["BounceKit:MarketingCloud:AuthBaseAddress"] = url;
            }

            var settings = new ConfigurationBuilder();
            if (configPath is not null)
            {
                settings.AddJsonFile(Path.GetFullPath(configPath), optional: false);
            }

            var services = new ServiceCollection();
            try
            {
                services.AddBounceKit(o => o.Ledger.Kind = LedgerKind.InMemory).AddMarketingCloud(settings.AddInMemoryCollection(overrides).Build().GetSection("BounceKit:MarketingCloud"));
            }
            catch (Exception e) when (e is InvalidDataException or FormatException)
            {
                io.Error.WriteLine($"{Name}: {e.Message}");
                return BounceKitCli.ExitUsage;
            }

            await using ServiceProvider provider = services.BuildServiceProvider();
            MarketingCloudClient client;
            MarketingCloudOptions account;
            try
            {
                account = provider.GetRequiredService<IOptions<MarketingCloudOptions>>().Value;
                client = provider.GetRequiredService<MarketingCloudClient>();
            }
            catch (OptionsValidationException e)
            {
                foreach (string failure in e.Failures)
                {
                    io.Error.WriteLine($"{Name}: {failure}");
                }

                return BounceKitCli.ExitUsage;
            }

            string? bouncesDe = result.GetValue(bouncesKey) ?? account.BouncesDataExtensionKey;
            string? subscribersDe = result.GetValue(subscribersKey) ?? account.SubscribersDataExtensionKey;
            if (bouncesDe is null || subscribersDe is null)
            {
                io.Error.WriteLine($"{Name}: name the staging data extensions with --bounces-de and --subscribers-de, or BounceKit:MarketingCloud:BouncesDataExtensionKey and SubscribersDataExtensionKey.");
                return BounceKitCli.ExitUsage;
            }

            var errors = new RowErrors(io, Name);
            try
            {
                IReadOnlyList<SfmcPlanRow> planned = await SfmcHeldPlanner.PlanAsync(
                    errors.Records(SfmcDataExtensionReader.ReadBouncesAsync(client.GetRowsAsync(bouncesDe, cancellationToken: cancellationToken), bouncesDe, cancellationToken: cancellationToken)),
                    errors.Records(SfmcDataExtensionReader.ReadSubscribersAsync(client.GetRowsAsync(subscribersDe, cancellationToken: cancellationToken), subscribersDe, cancellationToken: cancellationToken)),
                    flagged,
                    options,
                    cancellationToken).ConfigureAwait(false);
                Write(io, planned, result.GetValue(window.Format) ?? CommonOptions.JsonLines);
            }
            catch (MarketingCloudException e)
            {
                io.Error.WriteLine($"{Name}: {e.Message}");
                return BounceKitCli.ExitFailed;
            }

            return errors.Any ? BounceKitCli.ExitSomeLinesFailed : 0;
        });
        return pull;
    }

    private static Command CreateSql(CliIO io)
    {
        var days = new Option<int>("--days") { Description = "The bounce window in days back from the query's run, 1 to 180 (default 1).", DefaultValueFactory = _ => 1 };
        var reasonLength = new Option<int>("--reason-length") { Description = "Cut SMTPBounceReason to this many characters (default 500, a data extension field).", DefaultValueFactory = _ => 500 };
        var requireHard = new Option<bool>("--require-hard-bounce") { Description = "Only subscribers whose bounces in the window include a 'Hard bounce' row." };
        var sql = new Command("sql", "Print the Automation Studio SQL Query Activity that stages the CRM write-back plan (held subscribers, latest bounce in the window, one row per SubscriberKey).")
        {
            days, reasonLength, requireHard,
        };
        sql.SetAction(result =>
        {
            try
            {
                io.Out.WriteLine(SfmcSqlGenerator.Generate(result.GetValue(days), result.GetValue(reasonLength), result.GetValue(requireHard)));
                return 0;
            }
            catch (ArgumentOutOfRangeException e)
            {
                io.Error.WriteLine($"bouncekit sfmc sql: {(e.ParamName == "days" ? "--days must be 1 to 180 (data views keep six months)" : "--reason-length must be 1 to 4000")}; got {e.ActualValue}.");
                return BounceKitCli.ExitUsage;
            }
        });
        return sql;
    }

    private static bool MissingFile(CliIO io, string name, params string[] paths)
    {
        foreach (string path in paths)
        {
            if (!File.Exists(path))
            {
                io.Error.WriteLine($"{name}: cannot read '{path}': no such file.");
                return true;
            }
        }

        return false;
    }

    /// <summary>Reads the CRM-flagged keys; returns true when the file is missing (reported).</summary>
    private static bool ReadFlagged(CliIO io, string name, string? path, out string[]? keys)
    {
        keys = null;
        if (path is null)
        {
            return false;
        }

        if (MissingFile(io, name, path))
        {
            return true;
        }

        keys = File.ReadAllLines(path);
        return false;
    }

    private static void Write(CliIO io, IReadOnlyList<SfmcPlanRow> planned, string format)
    {
        if (format == CommonOptions.Table)
        {
            var table = new TableWriter(io.Out, ("SUBSCRIBER KEY", 18), ("OBJECT", 7), ("ACTION", 6), ("HARD BOUNCE DATE", 20), ("CATEGORY", 12), ("SMTP", 4), ("REASON", 60));
            foreach (SfmcPlanRow row in planned)
            {
                table.WriteRow(row.SubscriberKey, row.CrmObject.ToString(), Action(row.Action), Timestamps.Utc(row.HardBounceDate), row.BounceCategory, row.SmtpCode?.ToString(CultureInfo.InvariantCulture), row.Reason);
            }

            return;
        }

        using var json = new JsonLinesWriter(io.Out);
        foreach (SfmcPlanRow row in planned)
        {
            json.WriteObject(row, static (w, r) =>
            {
                w.WriteString("subscriberKey", r.SubscriberKey);
                w.WriteString("object", r.CrmObject.ToString());
                w.WriteString("action", Action(r.Action));
                if (r.Action == SfmcPlanAction.Flag)
                {
                    w.WriteString("hardBounceDate", Timestamps.Utc(r.HardBounceDate));
                    w.WriteString("reason", r.Reason);
                    w.WriteString("bounceCategory", r.BounceCategory);
                    if (r.SmtpCode is { } code)
                    {
                        w.WriteNumber("smtpCode", code);
                    }
                    else
                    {
                        w.WriteNull("smtpCode");
                    }

                    w.WriteString("email", r.Email);
                }
            });
        }
    }

    private static string Action(SfmcPlanAction action) => action == SfmcPlanAction.Flag ? "flag" : "clear";


    /// <summary>The plan options both <c>plan</c> and <c>pull</c> take.</summary>
    private sealed class WindowOptions
    {
        public Option<string> Flagged { get; } = new("--crm-flagged") { Description = "Subscriber keys the CRM has flagged now, one per line: those active again in SFMC get a clear row." };

        public Option<string> Since { get; } = new("--since") { Description = "Window start: ISO 8601 time or an age such as 24h or 7d (default: 24 hours before --until)." };

        public Option<string> Until { get; } = new("--until") { Description = "Window end, exclusive (default now)." };

        public Option<bool> RequireHard { get; } = new("--require-hard-bounce") { Description = "Only flag subscribers whose bounces in the window include a 'Hard bounce' row." };

        public Option<int> ReasonLength { get; } = new("--reason-length") { Description = "Cut the reason to this many characters (default 500; 255 for Salesforce EmailBouncedReason).", DefaultValueFactory = _ => 500 };

        public Option<string> Format { get; } = CommonOptions.Format();

        public void AddTo(Command command)
        {
            command.Options.Add(Flagged);
            command.Options.Add(Since);
            command.Options.Add(Until);
            command.Options.Add(RequireHard);
            command.Options.Add(ReasonLength);
            command.Options.Add(Format);
        }

        /// <summary>The plan options, or null after reporting what is wrong.</summary>
        public SfmcPlanOptions? Read(ParseResult result, CliIO io, string name)
        {
            DateTimeOffset now = TimeProvider.System.GetUtcNow();
            DateTimeOffset until = now;
            if (result.GetValue(Until) is { } untilText && !CommonOptions.TryParseTime(untilText, now, out until))
            {
                io.Error.WriteLine($"{name}: --until '{untilText}' is neither an ISO 8601 time such as 2026-11-22T00:00:00Z nor an age such as 24h or 7d.");
                return null;
            }

            DateTimeOffset since = until.AddHours(-24);
            if (result.GetValue(Since) is { } sinceText && !CommonOptions.TryParseTime(sinceText, now, out since))
            {
                io.Error.WriteLine($"{name}: --since '{sinceText}' is neither an ISO 8601 time nor an age such as 24h or 7d.");
                return null;
            }

            var options = new SfmcPlanOptions { Since = since, Until = until, RequireHardBounce = result.GetValue(RequireHard), ReasonLength = result.GetValue(ReasonLength) };
            if (options.Validate() is { Count: > 0 } errors)
            {
                io.Error.WriteLine($"{name}: " + string.Join(" ", errors).Replace("Until (", "--until (", StringComparison.Ordinal).Replace("Since (", "--since (", StringComparison.Ordinal).Replace("ReasonLength", "--reason-length", StringComparison.Ordinal));
                return null;
            }

            return options;
        }
    }
}
