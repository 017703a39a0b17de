using System.Globalization;
using System.Text.Json;
using BounceKit.Events;
using BounceKit.Policy;

namespace BounceKit.Samples.Worker;

/// <summary>Reads deliverability events from a JSON Lines file, applies the configured policy on the ledger, logs
/// what changed, and stops the host. A real worker would read from a queue or a provider instead.</summary>
internal sealed partial class BounceWorker(LedgerPolicyRunner runner, IConfiguration configuration, IHostApplicationLifetime lifetime, ILogger<BounceWorker> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        string path = configuration["Sample:Events"] ?? "events.jsonl";
        var events = new List<DeliverabilityEvent>();
        foreach (string line in await File.ReadAllLinesAsync(path, stoppingToken))
        {
            if (Read(line) is { } e)
            {
                events.Add(e);
            }
        }

        IReadOnlyList<PolicyResult> changed = await runner.ApplyAsync(events, stoppingToken);
        foreach (PolicyResult result in changed)
        {
            // Subscriber keys, never email addresses, go to the log; the decision is formatted only if logged.
            LogState(result.State.SubscriberKey, result.State.Status, result.State.Why);
        }

        LogDone(events.Count, changed.Count);
        lifetime.StopApplication();
    }

    private static DeliverabilityEvent? Read(string line)
    {
        using JsonDocument doc = JsonDocument.Parse(line);
        JsonElement r = doc.RootElement;
        string? Text(string name) => r.TryGetProperty(name, out JsonElement v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        if (Text("id") is not { } id || Text("subscriber") is not { } subscriber || Text("at") is not { } at ||
            !Enum.TryParse(Text("event"), ignoreCase: true, out DeliverabilityEventKind kind))
        {
            return null;
        }

        return new DeliverabilityEvent(id, subscriber, DateTimeOffset.Parse(at, CultureInfo.InvariantCulture), kind)
        {
            JobId = Text("job"),
            RecipientDomain = Text("domain"),
            Diagnostic = Text("text"),
            BounceType = Text("bounce") switch { "hard" => GivenBounceType.Hard, "soft" => GivenBounceType.Soft, _ => GivenBounceType.Unknown },
        };
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Subscriber {SubscriberKey} is {Status}: {Decision}")]
    private partial void LogState(string subscriberKey, SubscriberStatus status, PolicyDecision decision);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Applied {EventCount} events; {SubscriberCount} subscribers updated")]
    private partial void LogDone(int eventCount, int subscriberCount);
}
