using BounceKit.Events;
using BounceKit.Extensions.DependencyInjection;
using BounceKit.Policy;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace BounceKit.Extensions.DependencyInjection.Tests;

public sealed class LoggingTests
{
    [Fact]
    public async Task PolicyRunner_LogsTransitionsWithEventIds_AndNeverAFullAddress()
    {
        HostApplicationBuilder builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.SetMinimumLevel(LogLevel.Debug).AddFakeLogging();
        builder.Services.AddBounceKit(o => o.Ledger.Kind = LedgerKind.InMemory);
        using IHost host = builder.Build();
        await host.StartAsync();
        LedgerPolicyRunner runner = host.Services.GetRequiredService<LedgerPolicyRunner>();

        // SFMC subscriber keys are often the address itself; the diagnostic text names it too.
        DeliverabilityEvent Bounce(string id, int day) => new(id, "jane.doe@example.com", DateTimeOffset.UnixEpoch.AddDays(day), DeliverabilityEventKind.Bounce)
        {
            Diagnostic = "550 5.1.1 <jane.doe@example.com>: Recipient address rejected: User unknown",
            RecipientDomain = "gmail.com",
        };
        await runner.ApplyAsync([Bounce("e1", 0)]);
        await runner.ApplyAsync([Bounce("e1", 0), new DeliverabilityEvent("e2", "jane.doe@example.com", DateTimeOffset.UnixEpoch.AddDays(3), DeliverabilityEventKind.Open)]);

        IReadOnlyList<FakeLogRecord> records = host.Services.GetFakeLogCollector().GetSnapshot();
        records.Select(r => r.Id.Id).Should().Contain([1000, 1001, 1003]);
        records.Where(r => r.Id.Id == 1003).Select(r => r.Message).Should().SatisfyRespectively(
            held => held.Should().StartWith("Subscriber j***@example.com went from Active to Held"),
            reset => reset.Should().StartWith("Subscriber j***@example.com went from Held to Active"));
        records.Should().AllSatisfy(r => (r.Message + string.Join(' ', r.StructuredState?.Select(kv => kv.Value) ?? [])).Should().NotContain("jane.doe"));
        await host.StopAsync();
    }

    [Fact]
    public async Task PolicyRunner_RepeatedEvents_LogNoTransitionAgain()
    {
        HostApplicationBuilder builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.AddFakeLogging();
        builder.Services.AddBounceKit(o => o.Ledger.Kind = LedgerKind.InMemory);
        using IHost host = builder.Build();
        LedgerPolicyRunner runner = host.Services.GetRequiredService<LedgerPolicyRunner>();
        var hard = new DeliverabilityEvent("e1", "s1", DateTimeOffset.UnixEpoch, DeliverabilityEventKind.Bounce) { Diagnostic = "550 5.1.1 user unknown", RecipientDomain = "gmail.com" };

        await runner.ApplyAsync([hard]);
        await runner.ApplyAsync([hard]);

        host.Services.GetFakeLogCollector().GetSnapshot().Count(r => r.Id.Id == 1003).Should().Be(1);
    }
}
