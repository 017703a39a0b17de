using BounceKit.Extensions.DependencyInjection;
using BounceKit.Mailchimp.Tests.Fakes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace BounceKit.Mailchimp.Tests;

public sealed class AddMailchimpTests
{
    [Fact]
    public async Task Host_WithConfiguration_ResolvesClientAndSource()
    {
        using IHost host = BuildHost(new Dictionary<string, string?>
        {
            ["BounceKit:Ledger:Kind"] = "InMemory",
            ["BounceKit:Mailchimp:ApiKey"] = "abc-us14",
            ["BounceKit:Mailchimp:ListId"] = "L1",
        });
        await host.StartAsync();

        host.Services.GetRequiredService<MailchimpClient>().Should().NotBeNull();
        host.Services.GetRequiredService<MailchimpEventSource>().CheckpointKey(null).Should().Be("mailchimp:us14:L1");
        host.Services.GetRequiredService<IHttpClientFactory>().CreateClient(MailchimpBounceKitBuilderExtensions.HttpClientName(""))
            .BaseAddress.Should().Be(new Uri("https://us14.api.mailchimp.com/3.0/"));
        await host.StopAsync();
    }

    [Theory]
    [InlineData(null, "BounceKit:Mailchimp:ApiKey is empty")]
    [InlineData("0123456789abcdef", "BounceKit:Mailchimp:ApiKey is missing the data-center suffix (…-us14)")]
    [InlineData("key-", "BounceKit:Mailchimp:ApiKey is missing the data-center suffix")]
    public async Task Host_BadApiKey_FailsAtStartNamingTheSetting(string? key, string expected)
    {
        using IHost host = BuildHost(new Dictionary<string, string?> { ["BounceKit:Ledger:Kind"] = "InMemory", ["BounceKit:Mailchimp:ApiKey"] = key });

        var failure = await FluentActions.Awaiting(() => host.StartAsync()).Should().ThrowAsync<OptionsValidationException>();

        failure.Which.Message.Should().Contain(expected);
        if (key is not null)
        {
            failure.Which.Message.Should().NotContain(key + " ", "the key itself is never repeated");
        }
    }

    [Fact]
    public async Task Host_OutOfRangeSettings_FailAtStart()
    {
        using IHost host = BuildHost(new Dictionary<string, string?>
        {
            ["BounceKit:Ledger:Kind"] = "InMemory",
            ["BounceKit:Mailchimp:ApiKey"] = "abc-us14",
            ["BounceKit:Mailchimp:MaxConcurrentRequests"] = "25",
            ["BounceKit:Mailchimp:PageSize"] = "5000",
            ["BounceKit:Mailchimp:AttemptTimeout"] = "00:01:00",
            ["BounceKit:Mailchimp:TotalTimeout"] = "00:00:30",
        });

        var failure = await FluentActions.Awaiting(() => host.StartAsync()).Should().ThrowAsync<OptionsValidationException>();

        failure.Which.Failures.Should().Contain(f => f.Contains("MaxConcurrentRequests", StringComparison.Ordinal))
            .And.Contain(f => f.Contains("PageSize", StringComparison.Ordinal))
            .And.Contain(f => f.Contains("BounceKit:Mailchimp:TotalTimeout", StringComparison.Ordinal));
    }

    [Fact]
    public async Task NamedAccounts_ResolveAsKeyedServices_WithTheirOwnAddresses()
    {
        await using FakeMailchimpServer eu = await FakeMailchimpServer.StartAsync();
        eu.AddMember("EU", "a@example.com", "cleaned", DateTimeOffset.UtcNow);
        var services = new ServiceCollection();
        services.AddBounceKit(o => o.Ledger.Kind = LedgerKind.InMemory)
            .AddMailchimp("us", o => o.ApiKey = "abc-us14")
            .AddMailchimp("eu", o =>
            {
                o.ApiKey = FakeMailchimpServer.ApiKey;
                o.BaseAddress = eu.BaseAddress;
            });
        await using ServiceProvider provider = services.BuildServiceProvider();

        MailchimpClient euClient = provider.GetRequiredKeyedService<MailchimpClient>("eu");
        (await euClient.GetMemberAsync("EU", "a@example.com"))!.Status.Should().Be(MailchimpMemberStatus.Cleaned);
        provider.GetRequiredKeyedService<MailchimpEventSource>("us").CheckpointKey("L").Should().Be("mailchimp:us14:L");
        provider.GetService<MailchimpClient>().Should().BeNull("no default account was added");
    }

    [Fact]
    public async Task AddMailchimp_Twice_RegistersOneClientAndOneResilienceHandler()
    {
        await using FakeMailchimpServer server = await FakeMailchimpServer.StartAsync();
        server.AddMember("L1", "a@example.com", "subscribed", DateTimeOffset.UtcNow);
        var services = new ServiceCollection();
        IBounceKitBuilder builder = services.AddBounceKit(o => o.Ledger.Kind = LedgerKind.InMemory);
        builder.AddMailchimp(o => o.ApiKey = FakeMailchimpServer.ApiKey);
        builder.AddMailchimp(o => o.BaseAddress = server.BaseAddress);
        services.Configure<Microsoft.Extensions.Http.Resilience.HttpStandardResilienceOptions>("BounceKit.Mailchimp-standard", o => o.Retry.Delay = TimeSpan.FromMilliseconds(1));
        await using ServiceProvider provider = services.BuildServiceProvider();

        services.Count(d => d.ServiceType == typeof(MailchimpClient) && !d.IsKeyedService).Should().Be(1);
        services.Count(d => d.ServiceType == typeof(MailchimpClient) && d.IsKeyedService).Should().Be(1);
        server.FailNext(500, times: 10);
        await FluentActions.Awaiting(() => provider.GetRequiredService<MailchimpClient>().GetMemberAsync("L1", "a@example.com")).Should().ThrowAsync<MailchimpException>();
        server.Requests.Should().HaveCount(4, "one handler: 1 attempt + 3 retries, not 16");
    }

    [Fact]
    public async Task HostCanReplaceTheResiliencePipeline()
    {
        await using FakeMailchimpServer server = await FakeMailchimpServer.StartAsync();
        server.AddMember("L1", "a@example.com", "subscribed", DateTimeOffset.UtcNow);
        var services = new ServiceCollection();
        services.AddBounceKit(o => o.Ledger.Kind = LedgerKind.InMemory).AddMailchimp(o =>
        {
            o.ApiKey = FakeMailchimpServer.ApiKey;
            o.BaseAddress = server.BaseAddress;
        });
#pragma warning disable EXTEXP0001 // RemoveAllResilienceHandlers is marked experimental; replacing the pipeline is the documented use.
        services.AddHttpClient(MailchimpBounceKitBuilderExtensions.HttpClientName("")).RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001
        await using ServiceProvider provider = services.BuildServiceProvider();
        server.FailNext(500, times: 10);

        await FluentActions.Awaiting(() => provider.GetRequiredService<MailchimpClient>().GetMemberAsync("L1", "a@example.com")).Should().ThrowAsync<MailchimpException>();

        server.Requests.Should().HaveCount(1, "the host removed the retries");
    }

    private static IHost BuildHost(Dictionary<string, string?> settings)
    {
        HostApplicationBuilder builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddBounceKit(builder.Configuration.GetSection("BounceKit")).AddMailchimp(builder.Configuration.GetSection("BounceKit:Mailchimp"));
        return builder.Build();
    }
}
