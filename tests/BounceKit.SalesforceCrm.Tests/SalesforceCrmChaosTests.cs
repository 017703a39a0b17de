using System.Text.Json.Nodes;
using BounceKit.Policy;
using BounceKit.SalesforceCrm.Tests.Fakes;

namespace BounceKit.SalesforceCrm.Tests;

[Collection(SalesforceMeter.Name)]
public sealed class SalesforceCrmChaosTests
{
    [Theory]
    [InlineData(20261122)]
    [InlineData(7)]
    public async Task Write_300ProjectionsThrough30PercentFaults_ResubmittingRetryable_EveryRecordEndsAsProjected(int seed)
    {
        await using FakeSalesforceServer server = await FakeSalesforceServer.StartAsync();
        var random = new Random(seed);
        var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var projections = new List<CrmProjection>();
        var initialOptOut = new Dictionary<string, bool>();
        for (int i = 0; i < 300; i++)
        {
            string id = i % 4 == 0 ? SalesforceCrmSinkTests.Lead(i) : SalesforceCrmSinkTests.Contact(i);
            bool optedOut = random.Next(2) == 0;
            initialOptOut[id] = optedOut;
            server.AddRecord(id, ("Hard_Bounce__c", random.Next(2) == 0), ("Hard_Bounce_Date__c", "2020-01-01T00:00:00.000+0000"), ("HasOptedOutOfEmail", optedOut));
            bool hard = random.Next(2) == 0;
            DateTimeOffset when = start.AddMinutes(random.Next(500_000));
            projections.Add(new CrmProjection(id, hard, hard ? when : null, random.Next(5), when, "550 5.1.1", false)
            {
                Consent = (ConsentStatus)random.Next(3),
            });
        }

        server.InjectRandomFaults(seed, 0.3);
        await using var host = SalesforceTestHost.Create(server, o =>
        {
            o.BatchSize = 40;
            o.SoftBounceCountField = "Soft_Bounce_Count__c";
            o.AttemptTimeout = TimeSpan.FromMilliseconds(500);
        });

        List<CrmProjection> pending = projections;
        int rounds = 0;
        int retryable = 0;
        while (pending.Count > 0)
        {
            rounds.Should().BeLessThan(30, "faults are random, not permanent");
            IReadOnlyList<CrmWriteResult> results = await host.CrmSink.WriteAsync(pending);
            results.Select(r => r.SubscriberKey).Should().Equal(pending.Select(p => p.SubscriberKey));
            results.Should().OnlyContain(r => r.Outcome == CrmWriteOutcome.Written || r.Outcome == CrmWriteOutcome.Retryable, "every record exists and every field is known");
            pending = [.. pending.Where((_, i) => results[i].Outcome == CrmWriteOutcome.Retryable)];
            retryable += pending.Count;
            rounds++;
        }

        retryable.Should().BeGreaterThan(0, "the faults must have bitten for this test to mean anything");
        foreach (CrmProjection p in projections)
        {
            server.Field(p.SubscriberKey, "Hard_Bounce__c")!.GetValue<bool>().Should().Be(p.HardBounce, p.SubscriberKey);
            server.Field(p.SubscriberKey, "Hard_Bounce_Date__c")?.GetValue<string>().Should().Be(p.HardBounce ? SalesforceCrmSink.FormatDateTime(p.HardBounceDate!.Value) : null, p.SubscriberKey);
            server.Field(p.SubscriberKey, "Soft_Bounce_Count__c")!.GetValue<int>().Should().Be(p.SoftBounceCount);
            bool expectedOptOut = p.Consent switch
            {
                ConsentStatus.Subscribed => false,
                ConsentStatus.Unsubscribed => true,
                _ => initialOptOut[p.SubscriberKey],
            };
            server.Field(p.SubscriberKey, "HasOptedOutOfEmail")!.GetValue<bool>().Should().Be(expectedOptOut, p.SubscriberKey);
        }

        server.UpdateBodies.SelectMany(b => b["records"]!.AsArray())
            .Where(r => projections.Single(p => p.SubscriberKey == (string)r!["id"]!).Consent == ConsentStatus.Unknown)
            .Should().OnlyContain(r => !((JsonObject)r!).ContainsKey("HasOptedOutOfEmail"));
    }
}
