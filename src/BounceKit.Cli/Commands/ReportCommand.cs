using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using BounceKit.Cli.Output;
using BounceKit.Events;
using BounceKit.Reporting;

namespace BounceKit.Cli.Commands;

/// <summary><c>bouncekit report --events FILE</c>: bounce counts and rates by domain, reason, day and campaign, spikes
/// and reputation trouble, as one JSON object.</summary>
internal static class ReportCommand
{
    public static Command Create(CliIO io)
    {
        var events = new Option<string>("--events") { Description = "JSON Lines file of events in the 'policy simulate' form ('-' for standard input).", Required = true };
        var format = new Option<string>("--format", "-f")
        {
            Description = "json (one JSON object, default) or html (a self-contained page with inline SVG charts).",
            DefaultValueFactory = _ => "json",
        };
        format.AcceptOnlyFromAmong("json", "html");
        var report = new Command("report", "Report bounce counts and rates by domain, reason, day and campaign, days that spike above their trailing week, and block bounces by receiving provider, as one JSON object or an HTML page.")
        {
            events, format,
        };
        report.SetAction(result =>
        {
            string path = result.GetValue(events)!;
            TextReader reader;
            try
            {
                reader = path == "-" ? io.In : new StreamReader(path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                io.Error.WriteLine($"bouncekit report: cannot read '{path}': {e.Message}");
                return BounceKitCli.ExitUsage;
            }

            var builder = new BounceReportBuilder();
            bool anyFailed = false;
            using (reader == io.In ? null : reader)
            {
                foreach (InputLines.Line line in InputLines.Read(null, reader))
                {
                    if (string.IsNullOrWhiteSpace(line.Text))
                    {
                        continue;
                    }

                    if (EventLine.TryRead(line.Text, out DeliverabilityEvent? e) is { } error)
                    {
                        io.Error.WriteLine($"bouncekit report: {line.Where}: {error}; skipped.");
                        anyFailed = true;
                        continue;
                    }

                    builder.Add(e!);
                }
            }

            BounceReport built = builder.Build();
            if (result.GetValue(format) == "html")
            {
                BounceReportHtml.Write(built, io.Out);
            }
            else
            {
                using var json = new JsonLinesWriter(io.Out);
                json.WriteObject(built, Write);
            }

            return anyFailed ? BounceKitCli.ExitSomeLinesFailed : 0;
        });
        return report;
    }

    private static void Write(Utf8JsonWriter w, BounceReport r)
    {
        w.WriteNumber("events", r.Events);
        w.WritePropertyName("total");
        Group(w, r.Total);
        Groups(w, "byDomain", r.ByDomain);
        Groups(w, "byReason", r.ByReason);
        Groups(w, "byDay", r.ByDay);
        Groups(w, "byCampaign", r.ByCampaign);
        w.WriteStartArray("spikes");
        foreach (BounceSpike s in r.Spikes)
        {
            w.WriteStartObject();
            w.WriteString("day", s.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            w.WriteNumber("bounces", s.Bounces);
            w.WriteNumber("trailingAverage", Math.Round(s.TrailingAverage, 2));
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("reputation");
        foreach (ReputationIssue issue in r.Reputation)
        {
            w.WriteStartObject();
            w.WriteString("provider", issue.Provider);
            w.WriteNumber("blocks", issue.Blocks);
            w.WriteStartObject("reasons");
            foreach ((string reason, long count) in issue.Reasons)
            {
                w.WriteNumber(reason, count);
            }

            w.WriteEndObject();
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private static void Groups(Utf8JsonWriter w, string name, IReadOnlyList<BounceGroup> groups)
    {
        w.WriteStartArray(name);
        foreach (BounceGroup g in groups)
        {
            Group(w, g);
        }

        w.WriteEndArray();
    }

    private static void Group(Utf8JsonWriter w, BounceGroup g)
    {
        w.WriteStartObject();
        w.WriteString("key", g.Key);
        w.WriteNumber("sent", g.Sent);
        w.WriteNumber("bounces", g.Bounces);
        w.WriteNumber("hard", g.Hard);
        w.WriteNumber("soft", g.Soft);
        w.WriteNumber("block", g.Block);
        if (g.Rate is { } rate)
        {
            w.WriteNumber("rate", Math.Round(rate, 4));
        }
        else
        {
            w.WriteNull("rate");
        }

        w.WriteEndObject();
    }
}
