using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using BounceKit.Cli.Output;
using BounceKit.Events;
using BounceKit.MarketingCloud;
using BounceKit.MarketingCloud.Extracts;
using BounceKit.MarketingCloud.Planning;
using BounceKit.Reporting;

namespace BounceKit.Cli.Commands;

/// <summary><c>bouncekit report --events FILE | --sfmc-bounces FILE</c>: bounce counts and rates by domain, reason, day
/// and campaign, spikes and reputation trouble, as one JSON object or an HTML page.</summary>
internal static class ReportCommand
{
    private const string Name = "bouncekit report";

    /// <summary>Says why every rate is null; written when the input held no sends (an SFMC _Bounce extract never does).</summary>
    private const string NoSendsNote = "No sends in the input, so every rate is null: a rate is bounces per send.";

    public static Command Create(CliIO io)
    {
        var events = new Option<string>("--events") { Description = "JSON Lines file of events in the 'policy simulate' form ('-' for standard input)." };
        var sfmcBounces = new Option<string>("--sfmc-bounces")
        {
            Description = "SFMC _Bounce data view export or tracking extract Bounces file (CSV or TSV with a header row; '-' for standard input). Campaigns are job ids; the extract holds no sends, so rates are null.",
        };
        var format = new Option<string>("--format", "-f")
        {
            Description = "json (one JSON object, default) or html (a self-contained page with inline SVG charts).",
            DefaultValueFactory = _ => "json",
        };
        format.AcceptOnlyFromAmong("json", "html");
        var report = new Command("report", "Report bounce counts and rates by domain, reason, day and campaign, days that spike above their trailing week, and block bounces by receiving provider, as one JSON object or an HTML page. Give exactly one input: --events or --sfmc-bounces.")
        {
            events, sfmcBounces, format,
        };
        report.SetAction(result =>
        {
            string? eventsPath = result.GetValue(events), bouncesPath = result.GetValue(sfmcBounces);
            if ((eventsPath is null) == (bouncesPath is null))
            {
                io.Error.WriteLine($"{Name}: give exactly one input, --events FILE or --sfmc-bounces FILE{(eventsPath is null ? "" : ", not both")}.");
                return BounceKitCli.ExitUsage;
            }

            var builder = new BounceReportBuilder();
            int read = eventsPath is not null ? ReadEvents(io, eventsPath, builder) : ReadSfmcBounces(io, bouncesPath!, builder);
            if (read == BounceKitCli.ExitUsage)
            {
                return read;
            }

            WriteReport(builder.Build(), io.Out, html: result.GetValue(format) == "html");
            return read;
        });
        return report;
    }

    /// <summary>Adds the events of a JSON Lines file; returns 0, <see cref="BounceKitCli.ExitSomeLinesFailed"/> or,
    /// when the file cannot be opened, <see cref="BounceKitCli.ExitUsage"/>.</summary>
    private static int ReadEvents(CliIO io, string path, BounceReportBuilder builder)
    {
        TextReader reader;
        try
        {
            reader = path == "-" ? io.In : new StreamReader(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            io.Error.WriteLine($"{Name}: cannot read '{path}': {e.Message}");
            return BounceKitCli.ExitUsage;
        }

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
                    io.Error.WriteLine($"{Name}: {line.Where}: {error}; skipped.");
                    anyFailed = true;
                    continue;
                }

                builder.Add(e!);
            }
        }

        return anyFailed ? BounceKitCli.ExitSomeLinesFailed : 0;
    }

    /// <summary>Adds the rows of an SFMC bounce extract, streamed, as bounce events (the job id is the campaign); a row
    /// that cannot be read is reported with its line and skipped. Returns as <see cref="ReadEvents"/> does; a file
    /// without its required columns is a usage error too.</summary>
    private static int ReadSfmcBounces(CliIO io, string path, BounceReportBuilder builder)
    {
        var errors = new RowErrors(io, Name);
        try
        {
            IEnumerable<ExtractRow<SfmcBounceRecord>> rows = path == "-" ? SfmcExtractReader.ReadBounces(io.In) : SfmcExtractReader.ReadBounces(path);
            foreach (SfmcBounceRecord bounce in errors.Records(rows))
            {
                builder.Add(SfmcBounceEvents.ToEvent(bounce));
            }
        }
        catch (SfmcExtractFormatException e)
        {
            io.Error.WriteLine($"{Name}: {e.Message}");
            return BounceKitCli.ExitUsage;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            io.Error.WriteLine($"{Name}: cannot read '{path}': {e.Message}");
            return BounceKitCli.ExitUsage;
        }

        return errors.Any ? BounceKitCli.ExitSomeLinesFailed : 0;
    }

    /// <summary>Writes a report as one JSON line, or as the self-contained HTML page.</summary>
    internal static void WriteReport(BounceReport report, TextWriter output, bool html, string title = "Bounce report")
    {
        if (html)
        {
            BounceReportHtml.Write(report, output, title);
            return;
        }

        using var json = new JsonLinesWriter(output);
        json.WriteObject(report, Write);
    }

    private static void Write(Utf8JsonWriter w, BounceReport r)
    {
        w.WriteNumber("events", r.Events);
        w.WritePropertyName("total");
        Group(w, r.Total);
        if (r.Total.Sent == 0)
        {
            w.WriteString("ratesNote", NoSendsNote);
        }

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
