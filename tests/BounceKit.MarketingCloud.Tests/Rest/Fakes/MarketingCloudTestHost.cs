using BounceKit.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace BounceKit.MarketingCloud.Tests.Rest.Fakes;

/// <summary>A service provider wired the way a host wires BounceKit, pointed at the fake server, with retries sped
/// up (Retry-After is still honoured) and every log record collected.</summary>
internal sealed class MarketingCloudTestHost : IAsyncDisposable
{
    private MarketingCloudTestHost(ServiceProvider services) => Services = services;

    public ServiceProvider Services { get; }

    public FakeLogCollector Logs => Services.GetFakeLogCollector();

    public MarketingCloudClient Client => Services.GetRequiredService<MarketingCloudClient>();

    public static MarketingCloudTestHost Create(FakeMarketingCloudServer server, Action<MarketingCloudOptions>? configure = null, TimeProvider? clock = null)
    {
        var collection = new ServiceCollection();
        if (clock is not null)
        {
            collection.AddSingleton(clock); // Before AddBounceKit, which only adds the system clock when none is there.
        }

        collection.AddLogging(b => b.SetMinimumLevel(LogLevel.Trace)).AddFakeLogging();
        collection.AddBounceKit(o => o.Ledger.Kind = LedgerKind.InMemory).AddMarketingCloud(o =>
        {
            o.Subdomain = FakeMarketingCloudServer.Subdomain;
            o.ClientId = FakeMarketingCloudServer.ClientId;
            o.ClientSecret = FakeMarketingCloudServer.ClientSecret;
            o.AuthBaseAddress = server.AuthBaseAddress;
            o.PageSize = 3;
            configure?.Invoke(o);
        });
        collection.Configure<HttpStandardResilienceOptions>(MarketingCloudBounceKitBuilderExtensions.HttpClientName("") + "-standard", o =>
        {
            o.Retry.Delay = TimeSpan.FromMilliseconds(5);
            o.Retry.UseJitter = false;
        });
        return new MarketingCloudTestHost(collection.BuildServiceProvider(validateScopes: true));
    }

    public async ValueTask DisposeAsync() => await Services.DisposeAsync();
}
