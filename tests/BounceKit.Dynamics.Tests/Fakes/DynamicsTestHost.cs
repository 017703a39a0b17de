using BounceKit.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace BounceKit.Dynamics.Tests.Fakes;

/// <summary>A service provider wired the way a host wires BounceKit, pointed at the fake Dataverse, with retries sped
/// up (Retry-After is still honoured) and every log record collected.</summary>
internal sealed class DynamicsTestHost : IAsyncDisposable
{
    private DynamicsTestHost(ServiceProvider services) => Services = services;

    public ServiceProvider Services { get; }

    public FakeLogCollector Logs => Services.GetFakeLogCollector();

    public DynamicsCrmSink Sink => Services.GetRequiredService<DynamicsCrmSink>();

    public static DynamicsTestHost Create(FakeDataverseServer server, Action<DynamicsOptions>? configure = null, TimeProvider? timeProvider = null)
    {
        var collection = new ServiceCollection();
        if (timeProvider is not null)
        {
            collection.AddSingleton(timeProvider);
        }

        collection.AddLogging(b => b.SetMinimumLevel(LogLevel.Trace)).AddFakeLogging();
        collection.AddBounceKit(o => o.Ledger.Kind = LedgerKind.InMemory).AddDynamics(o =>
        {
            Configure(o, server);
            configure?.Invoke(o);
        });
        collection.Configure<HttpStandardResilienceOptions>(DynamicsBounceKitBuilderExtensions.HttpClientName("") + "-standard", o =>
        {
            o.Retry.Delay = TimeSpan.FromMilliseconds(5);
            o.Retry.UseJitter = false;
        });
        return new DynamicsTestHost(collection.BuildServiceProvider(validateScopes: true));
    }

    public static void Configure(DynamicsOptions o, FakeDataverseServer server)
    {
        o.OrganizationUrl = server.OrganizationUrl;
        o.TenantId = FakeDataverseServer.TenantId;
        o.ClientId = FakeDataverseServer.ClientId;
        o.ClientSecret = FakeDataverseServer.ClientSecret;
        o.TokenUrl = server.TokenUrl;
    }

    public async ValueTask DisposeAsync() => await Services.DisposeAsync();
}
