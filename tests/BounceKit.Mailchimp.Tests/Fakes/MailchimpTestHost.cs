using BounceKit.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace BounceKit.Mailchimp.Tests.Fakes;

/// <summary>A service provider wired the way a host wires BounceKit, pointed at the fake server, with retries sped
/// up (Retry-After is still honoured) and every log record collected.</summary>
internal sealed class MailchimpTestHost : IAsyncDisposable
{
    private MailchimpTestHost(ServiceProvider services) => Services = services;

    public ServiceProvider Services { get; }

    public FakeLogCollector Logs => Services.GetFakeLogCollector();

    public MailchimpClient Client => Services.GetRequiredService<MailchimpClient>();

    public static MailchimpTestHost Create(FakeMailchimpServer server, Action<MailchimpOptions>? configure = null, Action<IServiceCollection>? services = null)
    {
        var collection = new ServiceCollection();
        collection.AddLogging(b => b.SetMinimumLevel(LogLevel.Trace)).AddFakeLogging();
        collection.AddBounceKit(o => o.Ledger.Kind = LedgerKind.InMemory).AddMailchimp(o =>
        {
            o.ApiKey = FakeMailchimpServer.ApiKey;
            o.BaseAddress = server.BaseAddress;
            o.PageSize = 3;
            configure?.Invoke(o);
        });
        collection.Configure<HttpStandardResilienceOptions>(MailchimpBounceKitBuilderExtensions.HttpClientName("") + "-standard", o =>
        {
            o.Retry.Delay = TimeSpan.FromMilliseconds(5);
            o.Retry.UseJitter = false;
        });
        services?.Invoke(collection);
        return new MailchimpTestHost(collection.BuildServiceProvider(validateScopes: true));
    }

    public async ValueTask DisposeAsync() => await Services.DisposeAsync();
}
