using System.Diagnostics.Metrics;
using BounceKit.Classification;
using BounceKit.Diagnostics;
using BounceKit.Events;
using BounceKit.Policy;

namespace BounceKit.Tests.Diagnostics;

[CollectionDefinition(nameof(MetricsTests), DisableParallelization = true)]
public sealed class MetricsTestGroup;

/// <summary>The BounceKit meter, observed with a real <see cref="MeterListener"/>. Not run in parallel with other
/// tests so that only this test's measurements are counted.</summary>
[Collection(nameof(MetricsTests))]
public sealed class MetricsTests : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly List<(string Instrument, long Value, Dictionary<string, string?> Tags)> _measurements = [];
    private readonly Lock _lock = new();

    public MetricsTests()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == BounceKitMetrics.MeterName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            var tagMap = new Dictionary<string, string?>();
            foreach (KeyValuePair<string, object?> tag in tags)
            {
                tagMap[tag.Key] = tag.Value?.ToString();
            }

            lock (_lock)
            {
                _measurements.Add((instrument.Name, value, tagMap));
            }
        });
        _listener.Start();
    }

    [Fact]
    public void Classifications_AreCountedByTypeAndReason()
    {
        var classifier = new BounceClassifier(new BounceClassifierOptions());
        classifier.Classify("550 5.1.1 user unknown");
        classifier.Classify("452 4.2.2 mailbox full");

        Measured("bouncekit.classifications").Should().ContainEquivalentOf(("bouncekit.classifications", 1L, new Dictionary<string, string?> { ["type"] = "hard", ["reason"] = "user-unknown" }));
        Measured("bouncekit.classifications").Should().ContainEquivalentOf(("bouncekit.classifications", 1L, new Dictionary<string, string?> { ["type"] = "soft", ["reason"] = "mailbox-full" }));
    }

    [Fact]
    public async Task TransitionsAndLedgerEvents_AreCounted()
    {
        var t0 = DateTimeOffset.UnixEpoch;
        DeliverabilityEvent hard = new("e1", "metrics-s1", t0, DeliverabilityEventKind.Bounce) { BounceType = GivenBounceType.Hard, RecipientDomain = "gmail.com" };
        var runner = new LedgerPolicyRunner(new InMemoryBounceLedger(), new SfmcPolicy());

        await runner.ApplyAsync([hard, hard]);

        Measured("bouncekit.policy.transitions").Should().ContainEquivalentOf(("bouncekit.policy.transitions", 1L, new Dictionary<string, string?> { ["from"] = "active", ["to"] = "held" }));
        Measured("bouncekit.ledger.events").Where(m => m.Tags["outcome"] == "stored").Sum(m => m.Value).Should().Be(1);
        Measured("bouncekit.ledger.events").Where(m => m.Tags["outcome"] == "duplicate").Sum(m => m.Value).Should().Be(1);
    }

    private List<(string Instrument, long Value, Dictionary<string, string?> Tags)> Measured(string instrument)
    {
        lock (_lock)
        {
            return [.. _measurements.Where(m => m.Instrument == instrument)];
        }
    }

    public void Dispose() => _listener.Dispose();
}
