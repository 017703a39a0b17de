using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using BounceKit.Cli.Output;
using BounceKit.Events;
using BounceKit.Mailchimp;
using BounceKit.MarketingCloud;
using BounceKit.MarketingCloud.Extracts;
using BounceKit.Policy;
using BounceKit.Reporting;
using BounceKit.Storage.Sqlite;
using BounceKit.Sync;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BounceKit.Cli.Commands.Sync;

/// <summary><c>bouncekit sync --config bouncekit.json [--dry-run]</c>: sources → ledger → policy → CRM sinks.</summary>
internal static class SyncCommand
{
    private const string Name = "bouncekit sync";

    public static Command Create(CliIO io)
    {
        var config = new Option<string>("--config") { Description = "The sync configuration (sources, sinks, policy, ledger); see docs/configuration.md.", Required = true };
        var dryRun = new Option<bool>("--dry-run") { Description = "Print the writes a run would make and why, and change nothing: no event stored, no checkpoint moved, nothing written." };
        var deadLetters = new Option<bool>("--dead-letters") { Description = "Print the writes that failed (with their reason and attempts) and wait for the next run, then exit." };
        var report = new Option<string>("--report") { Description = "Also write a bounce report of the events this run read: HTML, or JSON when the path ends in .json." };
        var partition = new Option<string>("--partition") { Description = "INDEX/COUNT: plan and write only the subscribers of this partition (for example 0/4), so several workers can share one ledger; see docs/scaling.md." };
        Option<string> format = CommonOptions.Format();
        var command = new Command("sync", "Bring CRMs in line with the bounce history: read the configured sources incrementally, apply the policy on the ledger, and write what changed to each sink. Safe to interrupt; the next run continues.")
        {
            config, dryRun, deadLetters, report, partition, format,
        };
        command.SetAction((result, cancellationToken) => RunAsync(
            io,
            result.GetValue(config)!,
            result.GetValue(dryRun),
            result.GetValue(deadLetters),
            result.GetValue(report),
            result.GetValue(partition),
            result.GetValue(format) ?? CommonOptions.JsonLines,
            cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(CliIO io, string configPath, bool dryRun, bool deadLettersOnly, string? reportPath, string? partition, string format, CancellationToken cancellationToken)
    {
        SyncConfig config = SyncConfig.Load(configPath, io.Environment);
        if (partition is not null)
        {
            config.SetPartition(partition);
        }

        if (config.Errors.Count > 0)
        {
            foreach (string error in config.Errors)
            {
                io.Error.WriteLine($"{Name}: {configPath}: {error}");
            }

            return BounceKitCli.ExitUsage;
        }

        int badLines = 0;
        ServiceProvider services = config.BuildServices();
        await using (services.ConfigureAwait(false))
        {
            var sources = new List<IEventSource>();
            var sinks = new List<SyncSink>();
            try
            {
                foreach (SourceConfig s in config.Sources)
                {
                    void Bad(string message)
                    {
                        badLines++;
                        io.Error.WriteLine($"{Name}: source '{s.Name}': {message}; skipped.");
                    }

                    sources.Add(s.Type switch
                    {
                        "events" => new EventFileSource(s.Name, s.Path!, Bad),
                        "sfmc-bounces" => new SfmcBounceFileSource(s.Name, s.Path!, Bad),
                        "sfmc-data-extension" => DataExtensionSource(services, s, Bad),
                        _ => MailchimpSource(services, s),
                    });
                }

                foreach (SinkConfig s in config.Sinks)
                {
                    ICrmSink sink = s.Type == "file" ? new JsonLinesCrmSink(s.Path!) : services.GetRequiredKeyedService<ICrmSink>(s.Name);
                    sinks.Add(new SyncSink(s.Name, sink) { BatchSize = s.BatchSize, ReasonLength = s.ReasonLength });
                }
            }
            catch (OptionsValidationException e)
            {
                io.Error.WriteLine($"{Name}: {configPath}: {string.Join(" ", e.Failures)}");
                return BounceKitCli.ExitUsage;
            }

            SqliteBounceLedger ledger;
            try
            {
                Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(config.LedgerPath))!);
                ledger = await SqliteBounceLedger.OpenAsync(new SqliteBounceLedgerOptions { Path = config.LedgerPath }, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is Microsoft.Data.Sqlite.SqliteException or IOException or UnauthorizedAccessException)
            {
                io.Error.WriteLine($"{Name}: ledger '{config.LedgerPath}': {e.Message}");
                return BounceKitCli.ExitFailed;
            }

            await using (ledger.ConfigureAwait(false))
            {
                if (deadLettersOnly)
                {
                    await WriteDeadLettersAsync(io, ledger, format, cancellationToken).ConfigureAwait(false);
                    return 0;
                }

                BounceReportBuilder? report = reportPath is null ? null : new BounceReportBuilder();
                if (report is not null)
                {
                    sources = [.. sources.Select(s => EventSource.Create(s.Name, (checkpoints, ct) => Tee(s.ReadNewAsync(checkpoints, ct), report)))];
                }

                var engine = new SyncEngine(ledger, ledger, ledger, config.Policy, sources, sinks, config.Options);
                var progress = new ProgressReporter(io.Error, io.ErrorIsTerminal);
                SyncSummary summary;
                using (var output = new PlanWriter(io.Out, format))
                {
                    try
                    {
                        summary = dryRun
                            ? await engine.PlanAsync(output.Write, progress, cancellationToken).ConfigureAwait(false)
                            : await engine.RunAsync(progress, cancellationToken).ConfigureAwait(false);
                    }
                    catch (Exception e) when (e is Microsoft.Data.Sqlite.SqliteException or IOException or InvalidOperationException)
                    {
                        // The ledger failed (disk full, locked too long): every step is a transaction, so nothing is half done.
                        progress.Finish();
                        io.Error.WriteLine($"{Name}: stopped: {e.Message} Nothing is half done; the next run continues where this one stopped.");
                        return BounceKitCli.ExitFailed;
                    }

                    progress.Finish();
                    output.WriteSummary(summary);
                }

                Explain(io, summary);
                if (report is not null && !WriteReport(io, report.Build(), reportPath!))
                {
                    return BounceKitCli.ExitFailed;
                }

                return summary.Cancelled || summary.Sinks.Any(s => s.Error is not null && s.Written == 0)
                    ? BounceKitCli.ExitFailed
                    : summary.Succeeded && badLines == 0 ? 0 : BounceKitCli.ExitSomeLinesFailed;
            }
        }
    }

    private static async IAsyncEnumerable<DeliverabilityEvent> Tee(IAsyncEnumerable<DeliverabilityEvent> events, BounceReportBuilder report)
    {
        await foreach (DeliverabilityEvent e in events.ConfigureAwait(false))
        {
            report.Add(e);
            yield return e;
        }
    }

    private static bool WriteReport(CliIO io, BounceReport report, string path)
    {
        try
        {
            string? directory = Path.GetDirectoryName(Path.GetFullPath(path));
            if (directory is not null)
            {
                Directory.CreateDirectory(directory);
            }

            using (var file = new StreamWriter(path, append: false, new System.Text.UTF8Encoding(false)))
            {
                ReportCommand.WriteReport(report, file, html: !path.EndsWith(".json", StringComparison.OrdinalIgnoreCase), "BounceKit sync: bounces read in this run");
            }

            io.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{Name}: report of {report.Events:N0} event(s) written to {path}"));
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            io.Error.WriteLine($"{Name}: cannot write the report '{path}': {e.Message}");
            return false;
        }
    }

    private static IEventSource MailchimpSource(IServiceProvider services, SourceConfig source)
    {
        MailchimpEventSource mailchimp = services.GetRequiredKeyedService<MailchimpEventSource>(source.Name);
        return EventSource.Create(source.Name, (checkpoints, ct) => mailchimp.ReadNewAsync(checkpoints, source.Key, ct));
    }

    /// <summary>The staging data extension an Automation Studio query fills from <c>_Bounce</c>, read in full over REST
    /// each run (bounces stored before are ignored by their ids).</summary>
    private static IEventSource DataExtensionSource(IServiceProvider services, SourceConfig source, Action<string> bad)
    {
        MarketingCloudClient client = services.GetRequiredKeyedService<MarketingCloudClient>(source.Name);
        string key = source.Key!;
        return EventSource.Create(source.Name, (_, ct) => SfmcBounceFileSource.ToEvents(SfmcDataExtensionReader.ReadBouncesAsync(client.GetRowsAsync(key, cancellationToken: ct), key, cancellationToken: ct), bad));
    }

    /// <summary>Failures on stderr, where a person reading a scheduled run's log looks for them.</summary>
    private static void Explain(CliIO io, SyncSummary summary)
    {
        foreach (SyncSourceSummary source in summary.Sources.Where(s => s.Error is not null))
        {
            io.Error.WriteLine($"{Name}: source '{source.Name}' stopped: {source.Error} It is read again from the same point next run.");
        }

        foreach (SyncSinkSummary sink in summary.Sinks)
        {
            if (sink.Error is not null)
            {
                io.Error.WriteLine($"{Name}: sink '{sink.Name}' stopped: {sink.Error} Its queued writes are kept for the next run.");
            }

            if (sink.DeadLetters > 0)
            {
                io.Error.WriteLine($"{Name}: sink '{sink.Name}': {sink.DeadLetters} write(s) failed and wait for the next run ({sink.Parked} parked after too many attempts); 'bouncekit sync --dead-letters' lists them.");
            }
        }

        if (summary.Cancelled)
        {
            io.Error.WriteLine($"{Name}: cancelled; the next run continues where this one stopped.");
        }
    }

    private static async Task WriteDeadLettersAsync(CliIO io, SqliteBounceLedger ledger, string format, CancellationToken cancellationToken)
    {
        using var json = new JsonLinesWriter(io.Out);
        var table = new TableWriter(io.Out, ("SINK", 14), ("SUBSCRIBER", 20), ("ATTEMPTS", 8), ("OUTCOME", 10), ("LAST ATTEMPT", 20), ("ERROR", 60));
        await foreach (OutboxEntry entry in ledger.ReadFailedAsync(cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (format == CommonOptions.Table)
            {
                table.WriteRow(entry.Sink, entry.Projection.SubscriberKey, entry.Attempts.ToString(CultureInfo.InvariantCulture), Outcome(entry.LastOutcome), Timestamps.Utc(entry.LastAttempt), entry.LastError);
                continue;
            }

            json.WriteObject(entry, static (w, e) =>
            {
                w.WriteString("sink", e.Sink);
                w.WriteString("subscriber", e.Projection.SubscriberKey);
                w.WriteNumber("attempts", e.Attempts);
                w.WriteString("outcome", Outcome(e.LastOutcome));
                w.WriteString("lastAttempt", Timestamps.Utc(e.LastAttempt));
                w.WriteString("error", e.LastError);
                w.WriteBoolean("hardBounce", e.Projection.HardBounce);
                w.WriteString("why", e.Why);
            });
        }
    }

    private static string Outcome(CrmWriteOutcome? outcome) => outcome switch
    {
        CrmWriteOutcome.NotFound => "not-found",
        CrmWriteOutcome.Rejected => "rejected",
        CrmWriteOutcome.Retryable => "retryable",
        CrmWriteOutcome.Unchanged => "unchanged",
        CrmWriteOutcome.Written => "written",
        _ => "",
    };

    /// <summary>Writes planned writes and the summary as JSON Lines or a table.</summary>
    private sealed class PlanWriter(TextWriter output, string format) : IDisposable
    {
        private readonly JsonLinesWriter _json = new(output);
        private readonly TableWriter _table = new(output, ("SINK", 14), ("SUBSCRIBER", 20), ("HARD", 5), ("WAS", 5), ("SOFT", 4), ("LAST BOUNCE", 20), ("WHY", 50));

        public void Write(PlannedWrite write)
        {
            CrmProjection p = write.Projection;
            if (format == CommonOptions.Table)
            {
                _table.WriteRow(write.Sink, p.SubscriberKey, YesNo(p.HardBounce), write.Previous is { } was ? YesNo(was.HardBounce) : "-", p.SoftBounceCount.ToString(CultureInfo.InvariantCulture), Timestamps.Utc(p.LastBounceDate), write.Why + (write.LastError is { } e ? $" (retry; last failure: {e})" : ""));
                return;
            }

            _json.WriteObject(write, static (w, x) =>
            {
                w.WriteString("sink", x.Sink);
                WriteProjection(w, x.Projection);
                if (x.Previous is { } previous)
                {
                    w.WriteStartObject("previous");
                    WriteProjection(w, previous);
                    w.WriteEndObject();
                }
                else
                {
                    w.WriteNull("previous");
                }

                w.WriteString("why", x.Why);
                w.WriteBoolean("queued", x.Queued);
                w.WriteString("lastError", x.LastError);
            });
        }

        public void WriteSummary(SyncSummary summary)
        {
            if (format == CommonOptions.Table)
            {
                output.WriteLine();
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{(summary.DryRun ? "dry run" : "sync")} {(summary.Cancelled ? "cancelled after" : "finished in")} {summary.Elapsed.TotalSeconds:0.0} s: {summary.EventsRead:N0} events read, {summary.EventsStored:N0} new; {summary.SubscribersPlanned:N0} subscribers planned."));
                foreach (SyncSourceSummary s in summary.Sources)
                {
                    output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  source {s.Name}: {s.Read:N0} read, {s.Stored:N0} new{(s.Error is null ? "" : "; stopped: " + s.Error)}"));
                }

                foreach (SyncSinkSummary s in summary.Sinks)
                {
                    output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  sink {s.Name}: {s.Planned:N0} {(summary.DryRun ? "to write" : "planned")}, {s.Written:N0} written, {s.NotFound:N0} not found, {s.Rejected:N0} rejected, {s.Retryable:N0} retryable; {s.DeadLetters:N0} dead letters ({s.Parked:N0} parked){(s.Error is null ? "" : "; stopped: " + s.Error)}"));
                }

                return;
            }

            _json.WriteObject(summary, static (w, s) =>
            {
                w.WriteStartObject("summary");
                w.WriteBoolean("dryRun", s.DryRun);
                w.WriteBoolean("succeeded", s.Succeeded);
                w.WriteBoolean("cancelled", s.Cancelled);
                w.WriteNumber("eventsRead", s.EventsRead);
                w.WriteNumber("eventsStored", s.EventsStored);
                w.WriteNumber("subscribersPlanned", s.SubscribersPlanned);
                w.WriteNumber("elapsedMs", (long)s.Elapsed.TotalMilliseconds);
                w.WriteStartArray("sources");
                foreach (SyncSourceSummary source in s.Sources)
                {
                    w.WriteStartObject();
                    w.WriteString("name", source.Name);
                    w.WriteNumber("read", source.Read);
                    w.WriteNumber("stored", source.Stored);
                    w.WriteString("error", source.Error);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteStartArray("sinks");
                foreach (SyncSinkSummary sink in s.Sinks)
                {
                    w.WriteStartObject();
                    w.WriteString("name", sink.Name);
                    w.WriteNumber("planned", sink.Planned);
                    w.WriteNumber("written", sink.Written);
                    w.WriteNumber("notFound", sink.NotFound);
                    w.WriteNumber("rejected", sink.Rejected);
                    w.WriteNumber("retryable", sink.Retryable);
                    w.WriteNumber("deadLetters", sink.DeadLetters);
                    w.WriteNumber("parked", sink.Parked);
                    w.WriteString("error", sink.Error);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteEndObject();
            });
        }

        public void Dispose() => _json.Dispose();

        private static string YesNo(bool value) => value ? "yes" : "no";

        private static void WriteProjection(Utf8JsonWriter w, CrmProjection p)
        {
            w.WriteString("subscriber", p.SubscriberKey);
            w.WriteBoolean("hardBounce", p.HardBounce);
            w.WriteString("hardBounceDate", Timestamps.Utc(p.HardBounceDate));
            w.WriteNumber("softBounceCount", p.SoftBounceCount);
            w.WriteString("lastBounceDate", Timestamps.Utc(p.LastBounceDate));
            w.WriteString("lastBounceReason", p.LastBounceReason);
            w.WriteString("consent", p.Consent.ToName());
        }
    }
}
