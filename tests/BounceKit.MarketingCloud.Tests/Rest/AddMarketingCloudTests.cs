using BounceKit.Extensions.DependencyInjection;
using BounceKit.MarketingCloud.Tests.Rest.Fakes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace BounceKit.MarketingCloud.Tests.Rest;

public sealed class AddMarketingCloudTests
{
    [Fact]
    public async Task Host_WithConfiguration_ResolvesAClientThatReadsRows()
    {
        await using FakeMarketingCloudServer server = await FakeMarketingCloudServer.StartAsync();
        server.AddRows("Bounces", 2, i => (new() { ["SubscriberKey"] = $"k{i}" }, new() { ["Status"] = "held" }));
        using IHost host = BuildHost(new Dictionary<string, string?>
        {
            ["BounceKit:Ledger:Kind"] = "InMemory",
            ["BounceKit:MarketingCloud:Subdomain"] = FakeMarketingCloudServer.Subdomain,
            ["BounceKit:MarketingCloud:ClientId"] = FakeMarketingCloudServer.ClientId,
            ["BounceKit:MarketingCloud:ClientSecret"] = FakeMarketingCloudServer.ClientSecret,
            ["BounceKit:MarketingCloud:AuthBaseAddress"] = server.AuthBaseAddress.AbsoluteUri,
            ["BounceKit:MarketingCloud:BouncesDataExtensionKey"] = "Bounces",
            ["BounceKit:MarketingCloud:SubscribersDataExtensionKey"] = "Subscribers",
        });
        await host.StartAsync();

        MarketingCloudOptions options = host.Services.GetRequiredService<IOptions<MarketingCloudOptions>>().Value;
        var rows = await host.Services.GetRequiredService<MarketingCloudClient>().GetRowsAsync(options.BouncesDataExtensionKey!).ToListAsync();

        rows.Select(r => r["subscriberKey"]).Should().Equal("k0", "k1");
        options.SubscribersDataExtensionKey.Should().Be("Subscribers");
        options.PageSize.Should().Be(2500);
        await host.StopAsync();
    }

    [Fact]
    public void AuthAddress_FromSubdomain_IsTheTenantAuthServer()
    {
        MarketingCloudClient.AuthAddressOf(new MarketingCloudOptions { Subdomain = "mc563885gzs27c5t9-63k636ttgm" })
            .Should().Be(new Uri("https://mc563885gzs27c5t9-63k636ttgm.auth.marketingcloudapis.com/"));
        MarketingCloudClient.AuthAddressOf(new MarketingCloudOptions { Subdomain = "x", AuthBaseAddress = new Uri("http://proxy.local/sfmc") })
            .Should().Be(new Uri("http://proxy.local/sfmc/"));
    }

    [Fact]
    public async Task Host_MissingSettings_FailsAtStartNamingEachSettingAndTheFix()
    {
        using IHost host = BuildHost(new Dictionary<string, string?> { ["BounceKit:Ledger:Kind"] = "InMemory", ["BounceKit:MarketingCloud:PageSize"] = "100" });

        var failure = await FluentActions.Awaiting(() => host.StartAsync()).Should().ThrowAsync<OptionsValidationException>();

        failure.Which.Failures.Should().Contain(f => f.StartsWith("BounceKit:MarketingCloud:Subdomain is empty: set the tenant part", StringComparison.Ordinal))
            .And.Contain(f => f.StartsWith("BounceKit:MarketingCloud:ClientId is empty: set the client id", StringComparison.Ordinal))
            .And.Contain(f => f.StartsWith("BounceKit:MarketingCloud:ClientSecret is empty: set the client secret", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("https://mc563885gzs27c5t9-63k636ttgm.auth.marketingcloudapis.com/", null, "BounceKit:MarketingCloud:Subdomain must be only the tenant part")]
    [InlineData("mc563885gzs27c5t9-63k636ttgm.auth.marketingcloudapis.com", null, "BounceKit:MarketingCloud:Subdomain must be only the tenant part")]
    [InlineData("mc563885gzs27c5t9-63k636ttgm", "MID-518000123", "BounceKit:MarketingCloud:AccountId must be the business unit's MID, digits only")]
    public async Task Host_MalformedSetting_FailsAtStartWithoutRepeatingTheSecret(string subdomain, string? accountId, string expected)
    {
        using IHost host = BuildHost(new Dictionary<string, string?>
        {
            ["BounceKit:Ledger:Kind"] = "InMemory",
            ["BounceKit:MarketingCloud:Subdomain"] = subdomain,
            ["BounceKit:MarketingCloud:ClientId"] = FakeMarketingCloudServer.ClientId,
            ["BounceKit:MarketingCloud:ClientSecret"] = FakeMarketingCloudServer.ClientSecret,
            ["BounceKit:MarketingCloud:AccountId"] = accountId,
        });

        var failure = await FluentActions.Awaiting(() => host.StartAsync()).Should().ThrowAsync<OptionsValidationException>();

        failure.Which.Failures.Should().ContainSingle().Which.Should().StartWith(expected);
        failure.Which.Message.Should().NotContain(FakeMarketingCloudServer.ClientSecret).And.NotContain(FakeMarketingCloudServer.ClientId);
    }

    [Fact]
    public async Task Host_OutOfRangeSettings_FailAtStart()
    {
        using IHost host = BuildHost(new Dictionary<string, string?>
        {
            ["BounceKit:Ledger:Kind"] = "InMemory",
            ["BounceKit:MarketingCloud:Subdomain"] = FakeMarketingCloudServer.Subdomain,
            ["BounceKit:MarketingCloud:ClientId"] = FakeMarketingCloudServer.ClientId,
            ["BounceKit:MarketingCloud:ClientSecret"] = FakeMarketingCloudServer.ClientSecret,
            ["BounceKit:MarketingCloud:PageSize"] = "5000",
            ["BounceKit:MarketingCloud:MaxConcurrentRequests"] = "0",
            ["BounceKit:MarketingCloud:AttemptTimeout"] = "00:01:00",
            ["BounceKit:MarketingCloud:TotalTimeout"] = "00:00:30",
        });

        var failure = await FluentActions.Awaiting(() => host.StartAsync()).Should().ThrowAsync<OptionsValidationException>();

        failure.Which.Failures.Should().Contain(f => f.Contains("PageSize", StringComparison.Ordinal))
            .And.Contain(f => f.Contains("MaxConcurrentRequests", StringComparison.Ordinal))
            .And.Contain(f => f.Contains("BounceKit:MarketingCloud:TotalTimeout", StringComparison.Ordinal));
    }

    [Fact]
    public async Task NamedAccounts_ResolveAsKeyedServices_EachWithItsOwnServerAndToken()
    {
        await using FakeMarketingCloudServer us = await FakeMarketingCloudServer.StartAsync();
        await using FakeMarketingCloudServer eu = await FakeMarketingCloudServer.StartAsync();
        us.AddRows("B", 1, _ => (new() { ["SubscriberKey"] = "us-1" }, new()));
        eu.AddRows("B", 1, _ => (new() { ["SubscriberKey"] = "eu-1" }, new()));
        var services = new ServiceCollection();
        services.AddBounceKit(o => o.Ledger.Kind = LedgerKind.InMemory)
            .AddMarketingCloud("us", o => Point(o, us))
            .AddMarketingCloud("eu", o => Point(o, eu));
        await using ServiceProvider provider = services.BuildServiceProvider();

        for (int i = 0; i < 2; i++)
        {
            (await provider.GetRequiredKeyedService<MarketingCloudClient>("us").GetRowsAsync("B").SingleAsync())["SubscriberKey"].Should().Be("us-1");
            (await provider.GetRequiredKeyedService<MarketingCloudClient>("eu").GetRowsAsync("B").SingleAsync())["SubscriberKey"].Should().Be("eu-1");
        }

        us.TokenRequests.Should().Be(1, "each account keeps one token for all its clients");
        eu.TokenRequests.Should().Be(1);
        provider.GetService<MarketingCloudClient>().Should().BeNull("no default account was added");
    }

    [Fact]
    public async Task NamedAccount_InvalidOptions_NamesTheAccountSection()
    {
        HostApplicationBuilder builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddBounceKit(o => o.Ledger.Kind = LedgerKind.InMemory).AddMarketingCloud("eu", o => o.Subdomain = "mc1");
        using IHost host = builder.Build();

        var failure = await FluentActions.Awaiting(() => host.StartAsync()).Should().ThrowAsync<OptionsValidationException>();

        failure.Which.Failures.Should().Contain(f => f.StartsWith("BounceKit:MarketingCloud:eu:ClientSecret is empty", StringComparison.Ordinal)
            && f.Contains("(BounceKit__MarketingCloud__eu__ClientSecret)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AddMarketingCloud_Twice_RegistersOneClientAndOneResilienceHandler()
    {
        await using FakeMarketingCloudServer server = await FakeMarketingCloudServer.StartAsync();
        server.AddRows("B", 1, _ => (new() { ["SubscriberKey"] = "k" }, new()));
        var services = new ServiceCollection();
        IBounceKitBuilder builder = services.AddBounceKit(o => o.Ledger.Kind = LedgerKind.InMemory);
        builder.AddMarketingCloud(o => Point(o, server));
        builder.AddMarketingCloud(o => o.PageSize = 10);
        services.Configure<Microsoft.Extensions.Http.Resilience.HttpStandardResilienceOptions>("BounceKit.MarketingCloud-standard", o => o.Retry.Delay = TimeSpan.FromMilliseconds(1));
        await using ServiceProvider provider = services.BuildServiceProvider();

        services.Count(d => d.ServiceType == typeof(MarketingCloudClient) && !d.IsKeyedService).Should().Be(1);
        services.Count(d => d.ServiceType == typeof(MarketingCloudClient) && d.IsKeyedService).Should().Be(1);
        server.FailNext(500, times: 10);
        await FluentActions.Awaiting(() => provider.GetRequiredService<MarketingCloudClient>().GetRowsAsync("B").ToListAsync().AsTask()).Should().ThrowAsync<MarketingCloudException>();
        server.Requests.Count(r => r.StartsWith("GET /rest/", StringComparison.Ordinal)).Should().Be(4, "one handler: 1 attempt + 3 retries, not 16");
        server.Requests.Should().Contain(r => r.Contains("$pageSize=10", StringComparison.Ordinal), "both configurations apply");
    }

    [Fact]
    public async Task HostCanReplaceTheResiliencePipeline()
    {
        await using FakeMarketingCloudServer server = await FakeMarketingCloudServer.StartAsync();
        server.AddRows("B", 1, _ => (new() { ["SubscriberKey"] = "k" }, new()));
        var services = new ServiceCollection();
        services.AddBounceKit(o => o.Ledger.Kind = LedgerKind.InMemory).AddMarketingCloud(o => Point(o, server));
#pragma warning disable EXTEXP0001 // RemoveAllResilienceHandlers is marked experimental; replacing the pipeline is the documented use.
        services.AddHttpClient(MarketingCloudBounceKitBuilderExtensions.HttpClientName("")).RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001
        await using ServiceProvider provider = services.BuildServiceProvider();
        server.FailNext(500, times: 10);

        await FluentActions.Awaiting(() => provider.GetRequiredService<MarketingCloudClient>().GetRowsAsync("B").ToListAsync().AsTask()).Should().ThrowAsync<MarketingCloudException>();

        server.Requests.Count(r => r.StartsWith("GET /rest/", StringComparison.Ordinal)).Should().Be(1, "the host removed the retries");
    }

    private static void Point(MarketingCloudOptions o, FakeMarketingCloudServer server)
    {
        o.Subdomain = FakeMarketingCloudServer.Subdomain;
        o.ClientId = FakeMarketingCloudServer.ClientId;
        o.ClientSecret = FakeMarketingCloudServer.ClientSecret;
        o.AuthBaseAddress = server.AuthBaseAddress;
    }

    private static IHost BuildHost(Dictionary<string, string?> settings)
    {
        HostApplicationBuilder builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddBounceKit(builder.Configuration.GetSection("BounceKit")).AddMarketingCloud(builder.Configuration.GetSection("BounceKit:MarketingCloud"));
        return builder.Build();
    }
}
