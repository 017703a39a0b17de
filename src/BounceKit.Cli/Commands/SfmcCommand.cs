using System.CommandLine;
using System.Globalization;
using BounceKit.Cli.Output;
using BounceKit.MarketingCloud;
using BounceKit.MarketingCloud.Extracts;
using BounceKit.MarketingCloud.Planning;

namespace BounceKit.Cli.Commands;

/// <summary><c>bouncekit sfmc</c>: Salesforce Marketing Cloud.</summary>
internal static class SfmcCommand
{
    public static Command Create(CliIO io)
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

        var bounces = new Option<string>("--bounces") { Description = "The _Bounce extract (CSV or TSV with a header row; the tracking extract's Bounces file works too).", Required = true };
        var subscribers = new Option<string>("--subscribers") { Description = "The _Subscribers extract (CSV or TSV with a header row).", Required = true };
        var flagged = new Option<string>("--crm-flagged") { Description = "Subscriber keys the CRM has flagged now, one per line: those active again in SFMC get a clear row." };
        var since = new Option<string>("--since") { Description = "Window start: ISO 8601 time or an age such as 24h or 7d (default: 24 hours before --until)." };
        var until = new Option<string>("--until") { Description = "Window end, exclusive (default now)." };
        var planRequireHard = new Option<bool>("--require-hard-bounce") { Description = "Only flag subscribers whose bounces in the window include a 'Hard bounce' row." };
        var planReasonLength = new Option<int>("--reason-length") { Description = "Cut the reason to this many characters (default 500; 255 for Salesforce EmailBouncedReason).", DefaultValueFactory = _ => 500 };
        Option<string> format = CommonOptions.Format();
        var plan = new Command("plan", "Print the CRM write-back plan: flag Held subscribers with a bounce in the window (dated by the latest), clear CRM-flagged keys that SFMC has active again. One row per subscriber, ordered by key.")
        {
            bounces, subscribers, flagged, since, until, planRequireHard, planReasonLength, format,
        };
        plan.SetAction(result => Plan(
            io,
            result.GetValue(bounces)!,
            result.GetValue(subscribers)!,
            result.GetValue(flagged),
            result.GetValue(since),
            result.GetValue(until),
            result.GetValue(planRequireHard),
            result.GetValue(planReasonLength),
            result.GetValue(format) ?? CommonOptions.JsonLines));

        return new Command("sfmc", "Salesforce Marketing Cloud: the Held-based CRM write-back plan.") { plan, sql };
    }

    private static int Plan(CliIO io, string bouncesPath, string subscribersPath, string? flaggedPath, string? sinceText, string? untilText, bool requireHard, int reasonLength, string format)
    {
        const string Name = "bouncekit sfmc plan";
        DateTimeOffset now = TimeProvider.System.GetUtcNow();
        DateTimeOffset until = now;
        if (untilText is not null && !CommonOptions.TryParseTime(untilText, now, out until))
        {
            return Usage(io, Name, $"--until '{untilText}' is neither an ISO 8601 time such as 2026-11-22T00:00:00Z nor an age such as 24h or 7d.");
        }

        DateTimeOffset since = until.AddHours(-24);
        if (sinceText is not null && !CommonOptions.TryParseTime(sinceText, now, out since))
        {
            return Usage(io, Name, $"--since '{sinceText}' is neither an ISO 8601 time nor an age such as 24h or 7d.");
        }

        var options = new SfmcPlanOptions { Since = since, Until = until, RequireHardBounce = requireHard, ReasonLength = reasonLength };
        if (options.Validate() is { Count: > 0 } errors)
        {
            return Usage(io, Name, string.Join(" ", errors).Replace("Until (", "--until (", StringComparison.Ordinal).Replace("Since (", "--since (", StringComparison.Ordinal).Replace("ReasonLength", "--reason-length", StringComparison.Ordinal));
        }

        foreach (string? path in (string?[])[bouncesPath, subscribersPath, flaggedPath])
        {
            if (path is not null && !File.Exists(path))
            {
                return Usage(io, Name, $"cannot read '{path}': no such file.");
            }
        }

        bool anyFailed = false;
        IEnumerable<T> Records<T>(IEnumerable<ExtractRow<T>> rows)
            where T : class
        {
            foreach (ExtractRow<T> row in rows)
            {
                if (row.IsSuccess)
                {
                    yield return row.Record;
                }
                else
                {
                    io.Error.WriteLine($"{Name}: {row.Error.ToString().TrimEnd('.')}; skipped.");
                    anyFailed = true;
                }
            }
        }

        IReadOnlyList<SfmcPlanRow> planned;
        try
        {
            string[]? flaggedKeys = flaggedPath is null ? null : File.ReadAllLines(flaggedPath);
            planned = SfmcHeldPlanner.Plan(Records(SfmcExtractReader.ReadBounces(bouncesPath)), Records(SfmcExtractReader.ReadSubscribers(subscribersPath)), flaggedKeys, options);
        }
        catch (SfmcExtractFormatException e)
        {
            io.Error.WriteLine($"{Name}: {e.Message}");
            return BounceKitCli.ExitUsage;
        }

        if (format == CommonOptions.Table)
        {
            var table = new TableWriter(io.Out, ("SUBSCRIBER KEY", 18), ("OBJECT", 7), ("ACTION", 6), ("HARD BOUNCE DATE", 20), ("CATEGORY", 12), ("SMTP", 4), ("REASON", 60));
            foreach (SfmcPlanRow row in planned)
            {
                table.WriteRow(row.SubscriberKey, row.CrmObject.ToString(), Action(row.Action), Time(row.HardBounceDate), row.BounceCategory, row.SmtpCode?.ToString(CultureInfo.InvariantCulture), row.Reason);
            }
        }
        else
        {
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
                        w.WriteString("hardBounceDate", Time(r.HardBounceDate));
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

        return anyFailed ? BounceKitCli.ExitSomeLinesFailed : 0;
    }

    private static string Action(SfmcPlanAction action) => action == SfmcPlanAction.Flag ? "flag" : "clear";

    private static string? Time(DateTimeOffset? t) => t?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static int Usage(CliIO io, string name, string message)
    {
        io.Error.WriteLine($"{name}: {message}");
        return BounceKitCli.ExitUsage;
    }
}
