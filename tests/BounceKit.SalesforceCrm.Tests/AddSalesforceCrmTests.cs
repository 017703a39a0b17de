using BounceKit.Extensions.DependencyInjection;
using BounceKit.Policy;
using BounceKit.SalesforceCrm.Tests.Fakes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace BounceKit.SalesforceCrm.Tests;

public sealed class AddSalesforceCrmTests
{
    [Fact]
    public async Task Host_WithConfiguration_ResolvesTheSinkAsItselfAndAsKeyedICrmSinkButNotUnkeyed()
    {
        await using FakeSalesforceServer server = await FakeSalesforceServer.StartAsync();
        server.AddRecord(SalesforceCrmSinkTests.Contact(1));
        using IHost host = BuildHost(new Dictionary<string, string?>
        {
            ["BounceKit:Ledger:Kind"] = "InMemory",
            ["BounceKit:SalesforceCrm:LoginUrl"] = server.LoginUrl.AbsoluteUri,
            ["BounceKit:SalesforceCrm:ClientId"] = FakeSalesforceServer.ClientId,
            ["BounceKit:SalesforceCrm:ClientSecret"] = FakeSalesforceServer.ClientSecret,
            ["BounceKit:SalesforceCrm:SoftBounceCountField"] = "Soft_Bounce_Count__c",
        });
        await host.StartAsync();

        host.Services.GetService<ICrmSink>().Should().BeNull("the host chooses its default CRM");
        host.Services.GetRequiredService<SalesforceCrmSink>().Should().NotBeNull();
        ICrmSink sink = host.Services.GetRequiredKeyedService<ICrmSink>("");
        sink.Should().BeOfType<SalesforceCrmSink>();
        (await sink.WriteAsync([SalesforceCrmSinkTests.Flag(SalesforceCrmSinkTests.Contact(1)) with { SoftBounceCount = 3 }])).Single().Outcome.Should().Be(CrmWriteOutcome.Written);
        server.Field(SalesforceCrmSinkTests.Contact(1), "Soft_Bounce_Count__c")!.GetValue<int>().Should().Be(3);
        await host.StopAsync();
    }

    [Fact]
    public async Task Host_MissingSettings_FailsAtStartNamingEachSettingAndTheFix()
    {
        using IHost host = BuildHost(new Dictionary<string, string?> { ["BounceKit:Ledger:Kind"] = "InMemory", ["BounceKit:SalesforceCrm:BatchSize"] = "100" });

        var failure = await FluentActions.Awaiting(() => host.StartAsync()).Should().ThrowAsync<OptionsValidationException>();

        failure.Which.Failures.Should().Contain(f => f.StartsWith("BounceKit:SalesforceCrm:LoginUrl is empty: set the org's My Domain URL", StringComparison.Ordinal))
            .And.Contain(f => f.StartsWith("BounceKit:SalesforceCrm:ClientId is empty: set the consumer key", StringComparison.Ordinal))
            .And.Contain(f => f.StartsWith("BounceKit:SalesforceCrm:ClientSecret is empty: set the connected app's consumer secret", StringComparison.Ordinal)
                && f.Contains("(BounceKit__SalesforceCrm__ClientSecret)", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("ApiVersion", "62.0", "BounceKit:SalesforceCrm:ApiVersion '62.0' is not a REST API version such as v62.0.")]
    [InlineData("LoginUrl", "http://acme.my.salesforce.com", "BounceKit:SalesforceCrm:LoginUrl 'http://acme.my.salesforce.com/' is not an absolute https URL")]
    [InlineData("HardBounceField", "Hard Bounce", "BounceKit:SalesforceCrm:HardBounceField 'Hard Bounce' is not a Salesforce API name")]
    [InlineData("OptOutField", "1Opt", "BounceKit:SalesforceCrm:OptOutField '1Opt' is not a Salesforce API name")]
    public async Task Host_MalformedSetting_FailsAtStartWithoutRepeatingTheSecret(string setting, string value, string expected)
    {
        var settings = new Dictionary<string, string?>
        {
            ["BounceKit:Ledger:Kind"] = "InMemory",
            ["BounceKit:SalesforceCrm:LoginUrl"] = "https://acme.my.salesforce.com",
            ["BounceKit:SalesforceCrm:ClientId"] = FakeSalesforceServer.ClientId,
            ["BounceKit:SalesforceCrm:ClientSecret"] = FakeSalesforceServer.ClientSecret,
        };
        settings["BounceKit:SalesforceCrm:" + setting] = value;
        using IHost host = BuildHost(settings);

        var failure = await FluentActions.Awaiting(() => host.StartAsync()).Should().ThrowAsync<OptionsValidationException>();

        failure.Which.Failures.Should().ContainSingle().Which.Should().StartWith(expected);
        failure.Which.Message.Should().NotContain(FakeSalesforceServer.ClientSecret).And.NotContain(FakeSalesforceServer.ClientId);
    }

    [Fact]
    public async Task Host_OutOfRangeSettings_FailAtStart()
    {
        using IHost host = BuildHost(new Dictionary<string, string?>
        {
            ["BounceKit:Ledger:Kind"] = "InMemory",
            ["BounceKit:SalesforceCrm:LoginUrl"] = "https://acme.my.salesforce.com",
            ["BounceKit:SalesforceCrm:ClientId"] = FakeSalesforceServer.ClientId,
            ["BounceKit:SalesforceCrm:ClientSecret"] = FakeSalesforceServer.ClientSecret,
            ["BounceKit:SalesforceCrm:BatchSize"] = "201",
            ["BounceKit:SalesforceCrm:AttemptTimeout"] = "00:02:00",
            ["BounceKit:SalesforceCrm:TotalTimeout"] = "00:01:00",
        });

        var failure = await FluentActions.Awaiting(() => host.StartAsync()).Should().ThrowAsync<OptionsValidationException>();

        failure.Which.Failures.Should().Contain(f => f.Contains("BatchSize", StringComparison.Ordinal))
            .And.Contain(f => f.StartsWith("BounceKit:SalesforceCrm:TotalTimeout", StringComparison.Ordinal));
    }

    [Fact]
    public async Task NamedAccount_InvalidOptions_NamesTheAccountSection()
    {
        HostApplicationBuilder builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddBounceKit(o => o.Ledger.Kind = LedgerKind.InMemory).AddSalesforceCrm("eu", o => o.LoginUrl = new Uri("https://acme.my.salesforce.com"));
        using IHost host = builder.Build();

        var failure = await FluentActions.Awaiting(() => host.StartAsync()).Should().ThrowAsync<OptionsValidationException>();

        failure.Which.Failures.Should().Contain(f => f.StartsWith("BounceKit:SalesforceCrm:eu:ClientSecret is empty", StringComparison.Ordinal)
            && f.Contains("(BounceKit__SalesforceCrm__eu__ClientSecret)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task HostTokenProvider_MakesCredentialsOptional()
    {
        HostApplicationBuilder builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddKeyedSingleton<ISalesforceTokenProvider>("eu", new NoTokens());
        builder.Services.AddBounceKit(o => o.Ledger.Kind = LedgerKind.InMemory).AddSalesforceCrm("eu", _ => { });
        using IHost host = builder.Build();

        await host.StartAsync();

        host.Services.GetRequiredKeyedService<ICrmSink>("eu").Should().BeOfType<SalesforceCrmSink>();
        await host.StopAsync();
    }

    [Fact]
    public async Task NamedAccounts_ResolveAsKeyedServices_EachWithItsOwnOrgAndToken()
    {
        await using FakeSalesforceServer us = await FakeSalesforceServer.StartAsync();
        await using FakeSalesforceServer eu = await FakeSalesforceServer.StartAsync();
        string id = SalesforceCrmSinkTests.Contact(1);
        us.AddRecord(id);
        eu.AddRecord(id);
        var services = new ServiceCollection();
        services.AddBounceKit(o => o.Ledger.Kind = LedgerKind.InMemory)
            .AddSalesforceCrm("us", o => Point(o, us))
            .AddSalesforceCrm("eu", o => Point(o, eu));
        await using ServiceProvider provider = services.BuildServiceProvider();

        for (int i = 0; i < 2; i++)
        {
            await provider.GetRequiredKeyedService<ICrmSink>("us").WriteAsync([SalesforceCrmSinkTests.Flag(id)]);
            await provider.GetRequiredKeyedService<SalesforceCrmSink>("eu").WriteAsync([SalesforceCrmSinkTests.Clear(id)]);
        }

        us.Field(id, "Hard_Bounce__c")!.GetValue<bool>().Should().BeTrue();
        eu.Field(id, "Hard_Bounce__c")!.GetValue<bool>().Should().BeFalse();
        us.TokenRequests.Should().Be(1, "each account keeps one token for all its sinks");
        eu.TokenRequests.Should().Be(1);
        provider.GetService<SalesforceCrmSink>().Should().BeNull("no default account was added");
    }

    [Fact]
    public async Task AddSalesforceCrm_Twice_RegistersOneSinkAndOneResilienceHandler()
    {
        await using FakeSalesforceServer server = await FakeSalesforceServer.StartAsync();
        server.AddRecord(SalesforceCrmSinkTests.Contact(1));
        var services = new ServiceCollection();
        IBounceKitBuilder builder = services.AddBounceKit(o => o.Ledger.Kind = LedgerKind.InMemory);
        builder.AddSalesforceCrm(o => Point(o, server));
        builder.AddSalesforceCrm(o => o.BatchSize = 10);
        services.Configure<Microsoft.Extensions.Http.Resilience.HttpStandardResilienceOptions>("BounceKit.SalesforceCrm-standard", o => o.Retry.Delay = TimeSpan.FromMilliseconds(1));
        await using ServiceProvider provider = services.BuildServiceProvider();

        services.Count(d => d.ServiceType == typeof(SalesforceCrmSink) && !d.IsKeyedService).Should().Be(1);
        services.Count(d => d.ServiceType == typeof(ICrmSink)).Should().Be(1);
        server.FailNext(503, "SERVER_UNAVAILABLE", "down", times: 10);
        (await provider.GetRequiredService<SalesforceCrmSink>().WriteAsync([SalesforceCrmSinkTests.Flag(SalesforceCrmSinkTests.Contact(1))])).Single().Outcome.Should().Be(CrmWriteOutcome.Retryable);
        server.UpdateCalls.Should().Be(4, "one handler: 1 attempt + 3 retries, not 16");
    }

    private static void Point(SalesforceCrmOptions o, FakeSalesforceServer server)
    {
        o.LoginUrl = server.LoginUrl;
        o.ClientId = FakeSalesforceServer.ClientId;
        o.ClientSecret = FakeSalesforceServer.ClientSecret;
    }

    private static IHost BuildHost(Dictionary<string, string?> settings)
    {
        HostApplicationBuilder builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddBounceKit(builder.Configuration.GetSection("BounceKit")).AddSalesforceCrm(builder.Configuration.GetSection("BounceKit:SalesforceCrm"));
        return builder.Build();
    }

    private sealed class NoTokens : ISalesforceTokenProvider
    {
        public ValueTask<SalesforceAccessToken> GetTokenAsync(SalesforceAccessToken? rejected, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();
    }
}
