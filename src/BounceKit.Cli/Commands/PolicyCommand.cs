using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using BounceKit.Classification;
using BounceKit.Cli.Output;
using BounceKit.Events;
using BounceKit.Policy;
using BounceKit.Smtp;
using BounceKit.Storage.Sqlite;

namespace BounceKit.Cli.Commands;

/// <summary><c>bouncekit policy simulate</c>: replays deliverability events through a suppression policy.</summary>
internal static class PolicyCommand
{
    public static Command Create(CliIO io)
    {
        var preset = new Option<string>("--preset") { Description = "The policy: sfmc (Active/Bounced/Held) or mailchimp (subscribed/cleaned).", Required = true };
        preset.AcceptOnlyFromAmong("sfmc", "mailchimp");
        var events = new Option<string>("--events") { Description = "JSON Lines file of events ('-' for standard input).", Required = true };
        var count = new Option<int?>("--threshold-count") { Description = "SFMC: bounces that can make a subscriber Held (default 3)." };
        var days = new Option<int?>("--threshold-days") { Description = "SFMC: days of the Held threshold (default 15)." };
        var mode = new Option<string>("--threshold-mode") { Description = "SFMC: min-span (first and latest bounce at least the days apart; SFMC's rule, default) or window (the bounces within the days)." };
        mode.AcceptOnlyFromAmong("min-span", "window");
        var trusted = new Option<string>("--trusted-domains") { Description = "Comma-separated trusted-ISP domains; replaces the default list (gmail.com, outlook.com, yahoo.*, ...)." };
        var transitions = new Option<bool>("--transitions") { Description = "Also print every status change, before each subscriber's final state." };
        var ledger = new Option<string>("--ledger") { Description = "A SQLite ledger file: the events are added to it (repeats ignored) and every subscriber stored in it is printed, so runs can be incremental." };
        Option<string> format = CommonOptions.Format();

        var simulate = new Command("simulate", "Replay events through a suppression policy and print the final state of every subscriber, ordered by subscriber.")
        {
            preset, events, count, days, mode, trusted, transitions, ledger, format,
        };
        simulate.SetAction(result =>
        {
            SuppressionPolicy policy;
            try
            {
                policy = result.GetValue(preset) == "mailchimp"
                    ? new MailchimpPolicy()
                    : new SfmcPolicy(SfmcOptions(result.GetValue(count), result.GetValue(days), result.GetValue(mode), result.GetValue(trusted)));
            }
            catch (ArgumentException e)
            {
                io.Error.WriteLine($"bouncekit policy simulate: {e.Message.Replace($" (Parameter '{e.ParamName}')", "", StringComparison.Ordinal)}");
                return BounceKitCli.ExitUsage;
            }

            return Simulate(policy, result.GetValue(events)!, result.GetValue(ledger), result.GetValue(transitions), result.GetValue(format) ?? CommonOptions.JsonLines, io);
        });

        return new Command("policy", "Suppression policies: SFMC's Held rule, Mailchimp's cleaning.") { simulate };
    }

    private static SfmcPolicyOptions SfmcOptions(int? count, int? days, string? mode, string? trusted)
    {
        var options = new SfmcPolicyOptions();
        options.Count = count ?? options.Count;
        options.Days = days ?? options.Days;
        options.Mode = mode == "window" ? HeldThresholdMode.SlidingWindow : HeldThresholdMode.MinimumSpan;
        if (trusted is not null)
        {
            options.TrustedIsps = new TrustedIspPolicy(trusted.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        }

        return options;
    }

    private static int Simulate(SuppressionPolicy policy, string path, string? ledgerPath, bool withTransitions, string format, CliIO io)
    {
        TextReader reader;
        try
        {
            reader = path == "-" ? io.In : new StreamReader(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            io.Error.WriteLine($"bouncekit policy simulate: cannot read '{path}': {e.Message}");
            return 1;
        }

        var bySubscriber = new SortedDictionary<string, List<DeliverabilityEvent>>(StringComparer.Ordinal);
        bool anyFailed = false;
        using (reader == io.In ? null : reader)
        {
            int number = 0;
            while (reader.ReadLine() is { } line)
            {
                number++;
                if (string.IsNullOrWhiteSpace(line))
                {
                    continue;
                }

                string? error = EventLine.TryRead(line, out DeliverabilityEvent? e);
                if (error is not null)
                {
                    io.Error.WriteLine($"bouncekit policy simulate: line {number}: {error}; skipped.");
                    anyFailed = true;
                    continue;
                }

                if (!bySubscriber.TryGetValue(e!.SubscriberKey, out List<DeliverabilityEvent>? list))
                {
                    bySubscriber[e.SubscriberKey] = list = [];
                }

                list.Add(e);
            }
        }

        IEnumerable<(SubscriberState State, IReadOnlyList<StateTransition> Transitions)> results;
        if (ledgerPath is null)
        {
            results = bySubscriber.Select(p => policy.Evaluate(p.Key, p.Value)).Select(r => (r.State, r.Transitions)).ToList();
        }
        else
        {
            try
            {
                results = RunOnLedger(policy, ledgerPath, [.. bySubscriber.Values.SelectMany(v => v)]).GetAwaiter().GetResult();
            }
            catch (Microsoft.Data.Sqlite.SqliteException e)
            {
                io.Error.WriteLine($"bouncekit policy simulate: ledger '{ledgerPath}': {e.Message}");
                return 1;
            }
        }

        using var json = new JsonLinesWriter(io.Out);
        var table = new TableWriter(io.Out, ("SUBSCRIBER", 18), ("STATUS", 12), ("SINCE", 20), ("CONSENT", 12), ("BOUNCES", 7), ("HARD", 5), ("DECISION", 60));
        foreach ((SubscriberState s, IReadOnlyList<StateTransition> transitionList) in results)
        {
            string subscriber = s.SubscriberKey;
            if (format == CommonOptions.Table)
            {
                table.WriteRow(subscriber, s.Status.ToName(), Timestamps.Utc(s.StatusSince), s.Consent.ToName(), s.BounceCount.ToString(CultureInfo.InvariantCulture), s.IsSuppressed ? "yes" : "no", s.Decision);
                continue;
            }

            if (withTransitions)
            {
                foreach (StateTransition t in transitionList)
                {
                    json.WriteObject((subscriber, t), static (w, x) =>
                    {
                        w.WriteString("subscriber", x.subscriber);
                        w.WriteString("event", x.t.EventId);
                        w.WriteString("at", Timestamps.Utc(x.t.At));
                        w.WriteString("from", x.t.From.ToName());
                        w.WriteString("to", x.t.To.ToName());
                        w.WriteString("decision", x.t.Decision);
                    });
                }
            }

            json.WriteObject(s, static (w, s) =>
            {
                w.WriteString("subscriber", s.SubscriberKey);
                w.WriteString("status", s.Status.ToName());
                w.WriteString("statusSince", Timestamps.Utc(s.StatusSince));
                w.WriteString("consent", s.Consent.ToName());
                w.WriteNumber("bounceCount", s.BounceCount);
                w.WriteNumber("softBounceCount", s.SoftBounceCount);
                w.WriteBoolean("hardBounce", s.IsSuppressed);
                w.WriteString("hardBounceDate", s.IsSuppressed ? Timestamps.Utc(s.HardBounceDate) : null);
                w.WriteString("lastBounceDate", Timestamps.Utc(s.LastBounce));
                w.WriteString("lastBounceReason", s.LastBounceReason?.ToName());
                w.WriteString("decision", s.Decision);
            });
        }

        return anyFailed ? BounceKitCli.ExitSomeLinesFailed : 0;
    }

    /// <summary>Adds the events to the ledger, updates the touched subscribers, and returns every stored subscriber
    /// (status changes only for those this run touched).</summary>
    private static async Task<List<(SubscriberState, IReadOnlyList<StateTransition>)>> RunOnLedger(SuppressionPolicy policy, string path, DeliverabilityEvent[] events)
    {
        await using SqliteBounceLedger ledger = await SqliteBounceLedger.OpenAsync(new SqliteBounceLedgerOptions { Path = path });
        IReadOnlyList<PolicyResult> changed = await new LedgerPolicyRunner(ledger, policy).ApplyAsync(events);
        Dictionary<string, IReadOnlyList<StateTransition>> transitions = changed.ToDictionary(r => r.State.SubscriberKey, r => r.Transitions, StringComparer.Ordinal);
        var all = new List<(SubscriberState, IReadOnlyList<StateTransition>)>();
        await foreach (SubscriberState state in ledger.ReadStatesAsync())
        {
            all.Add((state, transitions.GetValueOrDefault(state.SubscriberKey) ?? []));
        }

        return all;
    }

}
