using BounceKit.Dynamics.Tests.Fakes;
using BounceKit.Extensions.DependencyInjection;
using BounceKit.Policy;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace BounceKit.Dynamics.Tests;

public sealed class AddDynamicsTests
{
    [Fact]
    public async Task Host_WithConfiguration_ResolvesTheSinkAndAKeyedICrmSinkThatWrite()
    {
        await using FakeDataverseServer server = await FakeDataverseServer.StartAsync();
        Guid id = server.AddRecord();
        using IHost host = BuildHost(new Dictionary<string, string?>
        {
            ["BounceKit:Ledger:Kind"] = "InMemory",
            ["BounceKit:Dynamics:OrganizationUrl"] = server.OrganizationUrl.AbsoluteUri,
            ["BounceKit:Dynamics:TenantId"] = FakeDataverseServer.TenantId,
            ["BounceKit:Dynamics:ClientId"] = FakeDataverseServer.ClientId,
            ["BounceKit:Dynamics:ClientSecret"] = FakeDataverseServer.ClientSecret,
            ["BounceKit:Dynamics:TokenUrl"] = server.TokenUrl.AbsoluteUri,
            ["BounceKit:Dynamics:DefaultEntity"] = "Contact",
        });
        await host.StartAsync();

        ICrmSink sink = host.Services.GetRequiredKeyedService<ICrmSink>("");
        var results = await sink.WriteAsync([DynamicsCrmSinkTests.HardBounce(id.ToString())]);

        sink.Should().BeOfType<DynamicsCrmSink>();
        host.Services.GetRequiredService<DynamicsCrmSink>().Should().NotBeNull();
        results.Single().Outcome.Should().Be(CrmWriteOutcome.Written);
        await host.StopAsync();
    }

    [Fact]
    public async Task Host_MissingSettings_FailsAtStartNamingEachSettingAndTheFix()
    {
        using IHost host = BuildHost(new Dictionary<string, string?> { ["BounceKit:Ledger:Kind"] = "InMemory", ["BounceKit:Dynamics:BatchSize"] = "10" });

        var failure = await FluentActions.Awaiting(() => host.StartAsync()).Should().ThrowAsync<OptionsValidationException>();

        failure.Which.Failures.Should().Contain(f => f.StartsWith("BounceKit:Dynamics:OrganizationUrl is empty: set the environment's address", StringComparison.Ordinal))
            .And.Contain(f => f.StartsWith("BounceKit:Dynamics:TenantId is empty", StringComparison.Ordinal))
            .And.Contain(f => f.StartsWith("BounceKit:Dynamics:ClientId is empty", StringComparison.Ordinal))
            .And.Contain(f => f.StartsWith("BounceKit:Dynamics:ClientSecret is empty", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("BounceKit:Dynamics:OrganizationUrl", "https://contoso.crm.dynamics.com/api/data/v9.2/", "BounceKit:Dynamics:OrganizationUrl 'https://contoso.crm.dynamics.com/api/data/v9.2/' must be the environment's absolute root")]
    [InlineData("BounceKit:Dynamics:HardBounceField", "donotbulkemail", "BounceKit:Dynamics:HardBounceField is 'donotbulkemail', an opt-out column: bounces are not consent")]
    [InlineData("BounceKit:Dynamics:LastBounceReasonField", "New Reason", "BounceKit:Dynamics:LastBounceReasonField 'New Reason' is not a column logical name")]
    [InlineData("BounceKit:Dynamics:AttemptTimeout", "00:00:00.5", "BounceKit:Dynamics:AttemptTimeout (00:00:00.5000000) must be between")]
    [InlineData("BounceKit:Dynamics:TotalTimeout", "00:00:10", "BounceKit:Dynamics:TotalTimeout (00:00:10) is shorter than AttemptTimeout")]
    [InlineData("BounceKit:Dynamics:MaxConcurrentRequests", "53", "BounceKit:Dynamics:MaxConcurrentRequests is 53: it must be between 1 and 52")]
    [InlineData("BounceKit:Dynamics:BatchSize", "1001", "BounceKit:Dynamics:BatchSize is 1001: it must be between 1 and 1000")]
    [InlineData("BounceKit:Dynamics:CampaignResponses:Enabled", "true", "BounceKit:Dynamics:CampaignResponses:CampaignId is empty while BounceKit:Dynamics:CampaignResponses:Enabled is true: a campaign response needs its parent campaign")]
    public async Task Host_MalformedSetting_FailsAtStartWithoutRepeatingTheSecret(string setting, string value, string expected)
    {
        var settings = new Dictionary<string, string?>
        {
            ["BounceKit:Ledger:Kind"] = "InMemory",
            ["BounceKit:Dynamics:OrganizationUrl"] = "https://contoso.crm.dynamics.com/",
            ["BounceKit:Dynamics:TenantId"] = FakeDataverseServer.TenantId,
            ["BounceKit:Dynamics:ClientId"] = FakeDataverseServer.ClientId,
            ["BounceKit:Dynamics:ClientSecret"] = FakeDataverseServer.ClientSecret,
        };
        settings[setting] = value;
        using IHost host = BuildHost(settings);

        var failure = await FluentActions.Awaiting(() => host.StartAsync()).Should().ThrowAsync<OptionsValidationException>();

        failure.Which.Failures.Should().ContainSingle().Which.Should().StartWith(expected);
        failure.Which.Message.Should().NotContain(FakeDataverseServer.ClientSecret).And.NotContain(FakeDataverseServer.ClientId);
    }

    [Fact]
    public async Task Host_CampaignResponsesMisconfigured_FailsAtStartNamingEachSetting()
    {
        using IHost host = BuildHost(new Dictionary<string, string?>
        {
            ["BounceKit:Ledger:Kind"] = "InMemory",
            ["BounceKit:Dynamics:OrganizationUrl"] = "https://contoso.crm.dynamics.com/",
            ["BounceKit:Dynamics:TenantId"] = FakeDataverseServer.TenantId,
            ["BounceKit:Dynamics:ClientId"] = FakeDataverseServer.ClientId,
            ["BounceKit:Dynamics:ClientSecret"] = FakeDataverseServer.ClientSecret,
            ["BounceKit:Dynamics:CampaignResponses:Enabled"] = "true",
            ["BounceKit:Dynamics:CampaignResponses:CampaignId"] = "00000000-0000-0000-0000-000000000000",
            ["BounceKit:Dynamics:CampaignResponses:ForHardBounces"] = "false",
            ["BounceKit:Dynamics:CampaignResponses:ForUnsubscribes"] = "false",
            ["BounceKit:Dynamics:CampaignResponses:RegardingCampaignProperty"] = "regardingobjectid_campaign@odata.bind",
            ["BounceKit:Dynamics:CampaignResponses:UnsubscribeSubject"] = " ",
        });

        var failure = await FluentActions.Awaiting(() => host.StartAsync()).Should().ThrowAsync<OptionsValidationException>();

        failure.Which.Failures.Should().HaveCount(4)
            .And.Contain(f => f.StartsWith("BounceKit:Dynamics:CampaignResponses:CampaignId is empty while", StringComparison.Ordinal))
            .And.Contain(f => f.StartsWith("BounceKit:Dynamics:CampaignResponses:ForHardBounces and ForUnsubscribes are both false", StringComparison.Ordinal))
            .And.Contain(f => f.StartsWith("BounceKit:Dynamics:CampaignResponses:RegardingCampaignProperty 'regardingobjectid_campaign@odata.bind' is not a navigation property name", StringComparison.Ordinal))
            .And.Contain(f => f.StartsWith("BounceKit:Dynamics:CampaignResponses:UnsubscribeSubject is empty", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Host_CampaignResponsesDisabled_IgnoresTheirOtherSettings()
    {
        using IHost host = BuildHost(new Dictionary<string, string?>
        {
            ["BounceKit:Ledger:Kind"] = "InMemory",
            ["BounceKit:Dynamics:OrganizationUrl"] = "https://contoso.crm.dynamics.com/",
            ["BounceKit:Dynamics:TenantId"] = FakeDataverseServer.TenantId,
            ["BounceKit:Dynamics:ClientId"] = FakeDataverseServer.ClientId,
            ["BounceKit:Dynamics:ClientSecret"] = FakeDataverseServer.ClientSecret,
            ["BounceKit:Dynamics:CampaignResponses:Enabled"] = "false",
            ["BounceKit:Dynamics:CampaignResponses:RegardingCampaignProperty"] = "not a name",
        });

        await host.StartAsync();

        host.Services.GetRequiredService<IOptionsMonitor<DynamicsOptions>>().Get(Options.DefaultName).CampaignResponses.Enabled.Should().BeFalse();
        await host.StopAsync();
    }

    [Fact]
    public async Task Host_CampaignResponsesFromConfiguration_CreatesAResponse()
    {
        await using FakeDataverseServer server = await FakeDataverseServer.StartAsync();
        Guid id = server.AddRecord();
        Guid campaign = server.AddCampaign();
        using IHost host = BuildHost(new Dictionary<string, string?>
        {
            ["BounceKit:Ledger:Kind"] = "InMemory",
            ["BounceKit:Dynamics:OrganizationUrl"] = server.OrganizationUrl.AbsoluteUri,
            ["BounceKit:Dynamics:TenantId"] = FakeDataverseServer.TenantId,
            ["BounceKit:Dynamics:ClientId"] = FakeDataverseServer.ClientId,
            ["BounceKit:Dynamics:ClientSecret"] = FakeDataverseServer.ClientSecret,
            ["BounceKit:Dynamics:TokenUrl"] = server.TokenUrl.AbsoluteUri,
            ["BounceKit:Dynamics:CampaignResponses:Enabled"] = "true",
            ["BounceKit:Dynamics:CampaignResponses:CampaignId"] = campaign.ToString(),
            ["BounceKit:Dynamics:CampaignResponses:HardBounceSubject"] = "Bounced ({reason})",
        });
        await host.StartAsync();

        var results = await host.Services.GetRequiredKeyedService<ICrmSink>("").WriteAsync([DynamicsCrmSinkTests.HardBounce(id.ToString())]);

        results.Single().Should().Be(new CrmWriteResult(id.ToString(), CrmWriteOutcome.Written));
        ((string)server.StoredCampaignResponses().Values.Single()["subject"]!).Should().Be("Bounced (550 5.1.1)");
        await host.StopAsync();
    }

    [Fact]
    public async Task Host_TokenProviderAuthentication_NeedsNoSecret()
    {
        HostApplicationBuilder builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddSingleton<IDynamicsTokenProvider, StaticTokenProvider>();
        builder.Services.AddBounceKit(o => o.Ledger.Kind = LedgerKind.InMemory).AddDynamics(o =>
        {
            o.OrganizationUrl = new Uri("https://contoso.crm.dynamics.com/");
            o.Authentication = DynamicsAuthentication.TokenProvider;
        });
        using IHost host = builder.Build();

        await host.StartAsync();

        host.Services.GetRequiredService<DynamicsCrmSink>().Should().NotBeNull();
        await host.StopAsync();
    }

    [Fact]
    public void AddDynamics_NamedAccounts_AreKeyedAndASecondCallAddsNoSecondClient()
    {
        var services = new ServiceCollection();
        IBounceKitBuilder builder = services.AddBounceKit(o => o.Ledger.Kind = LedgerKind.InMemory);
        builder.AddDynamics("eu", o => Configure(o, "https://contoso-eu.crm4.dynamics.com/"));
        builder.AddDynamics("us", o => Configure(o, "https://contoso.crm.dynamics.com/"));
        int clients = services.Count(d => d.ServiceType == typeof(IConfigureOptions<Microsoft.Extensions.Http.HttpClientFactoryOptions>));
        int sinks = services.Count(d => d.ServiceType == typeof(ICrmSink));
        builder.AddDynamics("eu", o => o.BatchSize = 7);

        services.Count(d => d.ServiceType == typeof(IConfigureOptions<Microsoft.Extensions.Http.HttpClientFactoryOptions>)).Should().Be(clients, "a second call adds no second client configuration nor resilience handler");
        services.Count(d => d.ServiceType == typeof(ICrmSink)).Should().Be(sinks).And.Be(2);
        using ServiceProvider provider = services.BuildServiceProvider();
        provider.GetRequiredKeyedService<ICrmSink>("eu").Should().BeOfType<DynamicsCrmSink>();
        provider.GetRequiredKeyedService<ICrmSink>("us").Should().BeOfType<DynamicsCrmSink>();
        provider.GetRequiredService<IOptionsMonitor<DynamicsOptions>>().Get("eu").BatchSize.Should().Be(7);
        provider.GetService<DynamicsCrmSink>().Should().BeNull("no default account was added");
    }

    private static void Configure(DynamicsOptions o, string url)
    {
        o.OrganizationUrl = new Uri(url);
        o.TenantId = FakeDataverseServer.TenantId;
        o.ClientId = FakeDataverseServer.ClientId;
        o.ClientSecret = FakeDataverseServer.ClientSecret;
    }

    private static IHost BuildHost(Dictionary<string, string?> settings)
    {
        HostApplicationBuilder builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddBounceKit(builder.Configuration.GetSection("BounceKit")).AddDynamics(builder.Configuration.GetSection("BounceKit:Dynamics"));
        return builder.Build();
    }

    private sealed class StaticTokenProvider : IDynamicsTokenProvider
    {
        public ValueTask<string> GetAccessTokenAsync(bool forceRefresh, CancellationToken cancellationToken = default) => ValueTask.FromResult("token");
    }
}
