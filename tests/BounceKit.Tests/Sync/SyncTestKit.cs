using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using BounceKit.Events;
using BounceKit.Policy;
using BounceKit.Sync;

namespace BounceKit.Tests.Sync;

/// <summary>Events, sources and a sink that remembers what each record shows, for engine tests.</summary>
internal static class SyncTestKit
{
    public static readonly DateTimeOffset T0 = new(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);

    public static DeliverabilityEvent HardBounce(string subscriber, int day, string job = "j1") =>
        new($"{subscriber}-hb-{day}-{job}", subscriber, T0.AddDays(day), DeliverabilityEventKind.Bounce)
        {
            JobId = $"{job}-{day}",
            BounceType = GivenBounceType.Hard,
            RecipientDomain = "gmail.com",
            Diagnostic = "550 5.1.1 The email account that you tried to reach does not exist.",
        };

    public static DeliverabilityEvent SoftBounce(string subscriber, int day) =>
        new($"{subscriber}-sb-{day}", subscriber, T0.AddDays(day), DeliverabilityEventKind.Bounce)
        {
            JobId = $"job-{day}",
            BounceType = GivenBounceType.Soft,
            RecipientDomain = "example.org",
            Diagnostic = "452 4.2.2 Mailbox full",
        };

    public static DeliverabilityEvent Open(string subscriber, int day) =>
        new($"{subscriber}-open-{day}", subscriber, T0.AddDays(day), DeliverabilityEventKind.Open);

    public static DeliverabilityEvent Unsubscribe(string subscriber, int day) =>
        new($"{subscriber}-unsub-{day}", subscriber, T0.AddDays(day), DeliverabilityEventKind.Unsubscribe);

    /// <summary>What each record should show after <paramref name="events"/>, computed without the engine.</summary>
    public static Dictionary<string, CrmProjection> Expected(SuppressionPolicy policy, IEnumerable<DeliverabilityEvent> events, int reasonLength = 255) =>
        events.GroupBy(e => e.SubscriberKey, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => CrmProjection.From(policy.Evaluate(g.Key, g).State, reasonLength), StringComparer.Ordinal);
}

/// <summary>A list of events read from a checkpoint that counts events handed out: like a file source.</summary>
internal sealed class ListSource(string name, IReadOnlyList<DeliverabilityEvent> events) : IEventSource
{
    public string Name => name;

    public int FailAfter { get; set; } = -1;

    public async IAsyncEnumerable<DeliverabilityEvent> ReadNewAsync(ICheckpointStore checkpoints, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        string key = "list:" + name;
        int start = int.Parse(await checkpoints.GetCheckpointAsync(key, cancellationToken) ?? "0", System.Globalization.CultureInfo.InvariantCulture);
        for (int i = start; i < events.Count; i++)
        {
            if (i == FailAfter)
            {
                throw new IOException($"source {name} broke at event {i}");
            }

            yield return events[i];
        }

        await checkpoints.SetCheckpointAsync(key, events.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), cancellationToken);
    }
}

/// <summary>A CRM in memory that keeps the sink contract: per-record outcomes, unknown records not found.</summary>
internal sealed class MemoryCrm : ICrmSink
{
    public ConcurrentDictionary<string, CrmProjection> Records { get; } = new(StringComparer.Ordinal);

    public ConcurrentQueue<CrmProjection> Writes { get; } = new();

    /// <summary>Records the CRM refuses, with the reason.</summary>
    public ConcurrentDictionary<string, string> Refuse { get; } = new(StringComparer.Ordinal);

    /// <summary>Records the CRM reports as temporarily failed.</summary>
    public ConcurrentDictionary<string, byte> Throttle { get; } = new(StringComparer.Ordinal);

    /// <summary>Records the CRM does not have; all others exist.</summary>
    public ConcurrentDictionary<string, byte> Missing { get; } = new(StringComparer.Ordinal);

    public Exception? ThrowOnCall { get; set; }

    public int Calls;

    public Task<IReadOnlyList<CrmWriteResult>> WriteAsync(IReadOnlyList<CrmProjection> projections, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref Calls);
        if (ThrowOnCall is { } e)
        {
            throw e;
        }

        var results = new List<CrmWriteResult>();
        foreach (CrmProjection p in projections)
        {
            if (Missing.ContainsKey(p.SubscriberKey))
            {
                results.Add(new(p.SubscriberKey, CrmWriteOutcome.NotFound, "404 not found"));
            }
            else if (Refuse.TryGetValue(p.SubscriberKey, out string? why))
            {
                results.Add(new(p.SubscriberKey, CrmWriteOutcome.Rejected, why));
            }
            else if (Throttle.ContainsKey(p.SubscriberKey))
            {
                results.Add(new(p.SubscriberKey, CrmWriteOutcome.Retryable, "UNABLE_TO_LOCK_ROW"));
            }
            else
            {
                Records[p.SubscriberKey] = p;
                Writes.Enqueue(p);
                results.Add(new(p.SubscriberKey, CrmWriteOutcome.Written));
            }
        }

        return Task.FromResult<IReadOnlyList<CrmWriteResult>>(results);
    }
}
