using BounceKit.Extensions.DependencyInjection;
using BounceKit.Policy;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace BounceKit.SalesforceCrm.Tests.Fakes;

/// <summary>A service provider wired the way a host wires BounceKit, pointed at the fake Salesforce, with retries sped
/// up (Retry-After is still honoured) and every log record collected.</summary>
internal sealed class SalesforceTestHost : IAsyncDisposable
{
    private SalesforceTestHost(ServiceProvider services) => Services = services;

    public ServiceProvider Services { get; }

    public FakeLogCollector Logs => Services.GetFakeLogCollector();

    public SalesforceCrmSink Sink => Services.GetRequiredService<SalesforceCrmSink>();

    public ICrmSink CrmSink => Services.GetRequiredKeyedService<ICrmSink>("");

    public static SalesforceTestHost Create(FakeSalesforceServer server, Action<SalesforceCrmOptions>? configure = null, Action<IServiceCollection>? services = null)
    {
        var collection = new ServiceCollection();
        collection.AddLogging(b => b.SetMinimumLevel(LogLevel.Trace)).AddFakeLogging();
        services?.Invoke(collection);
        collection.AddBounceKit(o => o.Ledger.Kind = LedgerKind.InMemory).AddSalesforceCrm(o =>
        {
            o.LoginUrl = server.LoginUrl;
            o.ClientId = FakeSalesforceServer.ClientId;
            o.ClientSecret = FakeSalesforceServer.ClientSecret;
            o.AttemptTimeout = TimeSpan.FromSeconds(1);
            o.TotalTimeout = TimeSpan.FromSeconds(30);
            configure?.Invoke(o);
        });
        collection.Configure<HttpStandardResilienceOptions>(SalesforceCrmBounceKitBuilderExtensions.HttpClientName("") + "-standard", o =>
        {
            o.Retry.Delay = TimeSpan.FromMilliseconds(5);
            o.Retry.UseJitter = false;
        });
        return new SalesforceTestHost(collection.BuildServiceProvider(validateScopes: true));
    }

    public async ValueTask DisposeAsync() => await Services.DisposeAsync();
}
