using BenchmarkDotNet.Attributes;
using BounceKit.Events;
using BounceKit.Policy;

namespace BounceKit.Benchmarks;

/// <summary>Folding events through the policies in memory: 10,000 subscribers with 10 events each (bounces with a
/// given type, retries, opens, unsubscribes); results are per event.</summary>
[MemoryDiagnoser]
public class PolicyBenchmarks
{
    private const int Subscribers = 10_000;
    private const int EventsPerSubscriber = 10;
    private const int Events = Subscribers * EventsPerSubscriber;

    private DeliverabilityEvent[][] _events = [];
    private readonly SfmcPolicy _sfmc = new();
    private readonly MailchimpPolicy _mailchimp = new();

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        _events = new DeliverabilityEvent[Subscribers][];
        for (int s = 0; s < Subscribers; s++)
        {
            string key = "s" + s;
            var list = new DeliverabilityEvent[EventsPerSubscriber];
            for (int i = 0; i < EventsPerSubscriber; i++)
            {
                DateTimeOffset at = start.AddHours(random.Next(0, 24 * 60));
                list[i] = random.Next(10) switch
                {
                    0 => new DeliverabilityEvent($"{key}-{i}", key, at, DeliverabilityEventKind.Open),
                    1 => new DeliverabilityEvent($"{key}-{i}", key, at, DeliverabilityEventKind.Unsubscribe),
                    _ => new DeliverabilityEvent($"{key}-{i}", key, at, DeliverabilityEventKind.Bounce)
                    {
                        BounceType = random.Next(5) == 0 ? GivenBounceType.Hard : GivenBounceType.Soft,
                        JobId = "j" + random.Next(6),
                        RecipientDomain = random.Next(2) == 0 ? "gmail.com" : "example.com",
                    },
                };
            }

            _events[s] = list;
        }
    }

    [Benchmark(OperationsPerInvoke = Events)]
    public int Sfmc() => Fold(_sfmc);

    [Benchmark(OperationsPerInvoke = Events)]
    public int Mailchimp() => Fold(_mailchimp);

    private int Fold(SuppressionPolicy policy)
    {
        int suppressed = 0;
        for (int s = 0; s < _events.Length; s++)
        {
            suppressed += policy.Evaluate(_events[s][0].SubscriberKey, _events[s]).State.IsSuppressed ? 1 : 0;
        }

        return suppressed;
    }
}
