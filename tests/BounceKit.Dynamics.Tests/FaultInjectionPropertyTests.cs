using System.Text.Json.Nodes;
using BounceKit.Dynamics.Tests.Fakes;
using BounceKit.Policy;

namespace BounceKit.Dynamics.Tests;

public sealed class FaultInjectionPropertyTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(20260)]
    public async Task Write_300ProjectionsWith30PercentFaults_ResubmittingRetryablesEndsEveryRecordAsProjected(int seed)
    {
        await using FakeDataverseServer server = await FakeDataverseServer.StartAsync();
        var random = new Random(seed);
        var projections = new List<CrmProjection>();
        var missing = new HashSet<string>();
        DateTimeOffset start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        for (int i = 0; i < 300; i++)
        {
            bool lead = random.Next(4) == 0;
            Guid id;
            if (random.Next(20) == 0)
            {
                id = Guid.NewGuid(); // Not in the CRM.
                missing.Add(id.ToString());
            }
            else
            {
                id = server.AddRecord(lead ? "leads" : "contacts", new JsonObject
                {
                    ["new_hardbounce"] = random.Next(2) == 0,
                    ["new_hardbouncedate"] = "2025-06-01T00:00:00Z",
                    ["donotbulkemail"] = random.Next(2) == 0,
                    ["donotsendmm"] = random.Next(2) == 0,
                });
            }

            bool hard = random.Next(2) == 0;
            var consent = (ConsentStatus)random.Next(3);
            DateTimeOffset date = start.AddMinutes(random.Next(500_000));
            projections.Add(new CrmProjection((lead ? "lead:" : string.Empty) + id, hard, hard ? date : null, random.Next(5), date, null, consent == ConsentStatus.Unsubscribed) { Consent = consent });
        }

        Dictionary<string, JsonObject> before = [];
        lock (server.Records)
        {
            foreach (var row in server.Records)
            {
                before[row.Key] = (JsonObject)row.Value.DeepClone();
            }
        }

        var faults = new Random(seed + 1);
        int[] transient = [429, 500, 503];
        server.RecordFault = _ =>
        {
            lock (faults)
            {
                return faults.NextDouble() < 0.3 ? transient[faults.Next(transient.Length)] : null;
            }
        };
        for (int i = 0; i < 10; i++)
        {
            server.FailNext(i % 2 == 0 ? 503 : 429, retryAfter: i % 2 == 0 ? null : "0");
        }

        await using var host = DynamicsTestHost.Create(server, o => o.BatchSize = 25);
        var final = new Dictionary<string, CrmWriteResult>();
        List<CrmProjection> toSend = projections;
        int rounds = 0;
        while (toSend.Count > 0)
        {
            rounds++;
            rounds.Should().BeLessThan(40, "30% faults must die out when retryables are resubmitted");
            IReadOnlyList<CrmWriteResult> results = await host.Sink.WriteAsync(toSend);
            results.Select(r => r.SubscriberKey).Should().Equal(toSend.Select(p => p.SubscriberKey));
            foreach (CrmWriteResult result in results)
            {
                final[result.SubscriberKey] = result;
            }

            toSend = [.. toSend.Where((_, i) => results[i].Outcome == CrmWriteOutcome.Retryable)];
        }

        rounds.Should().BeGreaterThan(1, "the faults must actually have hit");
        server.Created.Should().BeEmpty();
        foreach (CrmProjection p in projections)
        {
            string key = p.SubscriberKey;
            string bare = key.StartsWith("lead:", StringComparison.Ordinal) ? key[5..] : key;
            if (missing.Contains(bare))
            {
                final[key].Outcome.Should().Be(CrmWriteOutcome.NotFound);
                continue;
            }

            final[key].Outcome.Should().Be(CrmWriteOutcome.Written);
            string set = key.StartsWith("lead:", StringComparison.Ordinal) ? "leads" : "contacts";
            JsonObject row = server.Record(set, Guid.Parse(bare))!;
            JsonObject old = before[FakeDataverseServer.Key(set, Guid.Parse(bare))];
            ((bool)row["new_hardbounce"]!).Should().Be(p.HardBounce);
            ((string?)row["new_hardbouncedate"]).Should().Be(p.HardBounceDate?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture));
            bool expectedDoNotBulk = p.Consent switch { ConsentStatus.Unsubscribed => true, ConsentStatus.Subscribed => false, _ => (bool)old["donotbulkemail"]! };
            bool expectedDoNotSendMm = p.Consent switch { ConsentStatus.Unsubscribed => true, ConsentStatus.Subscribed => false, _ => (bool)old["donotsendmm"]! };
            ((bool)row["donotbulkemail"]!).Should().Be(expectedDoNotBulk);
            ((bool)row["donotsendmm"]!).Should().Be(expectedDoNotSendMm);
        }
    }
}
