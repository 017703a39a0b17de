using BounceKit.Classification;
using BounceKit.Events;
using BounceKit.Extensions.DependencyInjection;
using BounceKit.Policy;
using BounceKit.Storage.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace BounceKit.Extensions.DependencyInjection.Tests;

public sealed class AddBounceKitTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("bouncekit-di-").FullName;

    private static IHost Build(Action<IHostApplicationBuilder> configure)
    {
        HostApplicationBuilder builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        configure(builder);
        return builder.Build();
    }

    [Fact]
    public async Task ARealHost_ResolvesEverything_AndRunsAPolicyOnTheLedger()
    {
        using IHost host = Build(b => b.Services.AddBounceKit(o => o.Ledger.Path = Path.Combine(_directory, "host.db")));
        await host.StartAsync();

        host.Services.GetRequiredService<BounceClassifier>().Should().BeSameAs(BounceClassifier.Default);
        host.Services.GetRequiredService<SuppressionPolicy>().Should().BeOfType<SfmcPolicy>();
        host.Services.GetRequiredService<IBounceLedger>().Should().BeOfType<SqliteBounceLedger>();
        LedgerPolicyRunner runner = host.Services.GetRequiredService<LedgerPolicyRunner>();
        var hard = new DeliverabilityEvent("e1", "s1", DateTimeOffset.UnixEpoch, DeliverabilityEventKind.Bounce) { Diagnostic = "550 5.1.1 user unknown", RecipientDomain = "gmail.com" };
        (await runner.ApplyAsync([hard])).Single().State.Status.Should().Be(SubscriberStatus.Held);
        await host.StopAsync();
    }

    [Fact]
    public async Task SfmcHardBounceActions_AreBoundFromConfiguration()
    {
        using IHost host = Build(b =>
        {
            b.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["BounceKit:Ledger:Kind"] = "InMemory",
                ["BounceKit:Sfmc:OtherHardBounceAction"] = "Suppress",
            });
            b.Services.AddBounceKit(b.Configuration.GetSection(BounceKitOptions.SectionName));
        });
        await host.StartAsync();

        var hard = new DeliverabilityEvent("e1", "s1", DateTimeOffset.UnixEpoch, DeliverabilityEventKind.Bounce) { BounceType = GivenBounceType.Hard, RecipientDomain = "small-isp.example" };
        host.Services.GetRequiredService<SuppressionPolicy>().Evaluate("s1", [hard]).State.Status.Should().Be(SubscriberStatus.Held);
        await host.StopAsync();
    }

    [Fact]
    public async Task ConfigurationSection_IsBound()
    {
        using IHost host = Build(b =>
        {
            b.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["BounceKit:Policy"] = "Mailchimp",
                ["BounceKit:Mailchimp:SoftBouncesWithoutEngagement"] = "3",
                ["BounceKit:Ledger:Kind"] = "InMemory",
                ["BounceKit:Classifier:PhraseRules:0:Phrase"] = "mailbox is frozen",
                ["BounceKit:Classifier:PhraseRules:0:Reason"] = "inactive-account",
                ["BounceKit:Classifier:PhraseRules:0:Priority"] = "80",
            });
            b.Services.AddBounceKit(b.Configuration.GetSection(BounceKitOptions.SectionName));
        });
        await host.StartAsync();

        host.Services.GetRequiredService<IBounceLedger>().Should().BeOfType<InMemoryBounceLedger>();
        host.Services.GetRequiredService<BounceClassifier>().Classify("550 Mailbox is frozen").Reason.Should().Be(BounceReason.InactiveAccount);
        SuppressionPolicy policy = host.Services.GetRequiredService<SuppressionPolicy>();
        policy.Should().BeOfType<MailchimpPolicy>();
        DeliverabilityEvent[] soft = [.. Enumerable.Range(0, 3).Select(i => new DeliverabilityEvent($"b{i}", "s1", DateTimeOffset.UnixEpoch.AddDays(i), DeliverabilityEventKind.Bounce) { BounceType = GivenBounceType.Soft })];
        policy.Evaluate("s1", soft).State.Status.Should().Be(SubscriberStatus.Cleaned, "SoftBouncesWithoutEngagement was set to 3");
        await host.StopAsync();
    }

    [Fact]
    public async Task BadConfiguration_FailsAtStart_NamingEachSettingAndTheFix()
    {
        using IHost host = Build(b =>
        {
            b.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["BounceKit:Sfmc:Count"] = "0",
                ["BounceKit:Mailchimp:SoftBouncesWithEngagement"] = "5",
                ["BounceKit:Ledger:Path"] = "",
                ["BounceKit:Classifier:PhraseRules:0:Phrase"] = "ab",
                ["BounceKit:Classifier:PhraseRules:0:Reason"] = "dead",
                ["BounceKit:Classifier:PhraseRules:0:Provider"] = "Hotmale",
            });
            b.Services.AddBounceKit(b.Configuration.GetSection(BounceKitOptions.SectionName));
        });

        Func<Task> start = () => host.StartAsync();

        OptionsValidationException e = (await start.Should().ThrowAsync<OptionsValidationException>()).Which;
        string all = string.Join("\n", e.Failures);
        all.Should().Contain("Count").And.Contain("SoftBouncesWithEngagement (5) is below SoftBouncesWithoutEngagement (7)")
            .And.Contain("BounceKit:Ledger:Path is empty").And.Contain("BounceKit:Classifier:PhraseRules:0:Phrase 'ab'")
            .And.Contain("BounceKit:Classifier:PhraseRules:0:Reason 'dead' is not a bounce reason")
            .And.Contain("Provider 'Hotmale'");
    }

    [Fact]
    public void CallingTwice_RegistersEachServiceOnce()
    {
        var services = new ServiceCollection();
        services.AddBounceKit(o => o.Ledger.Kind = LedgerKind.InMemory);
        int count = services.Count;
        IBounceKitBuilder builder = services.AddBounceKit();

        builder.Services.Should().BeSameAs(services);
        services.Count(d => d.ServiceType == typeof(BounceClassifier)).Should().Be(1);
        services.Count(d => d.ServiceType == typeof(SuppressionPolicy)).Should().Be(1);
        services.Count(d => d.ServiceType == typeof(IBounceLedger)).Should().Be(1);
        services.Count(d => d.ServiceType == typeof(IValidateOptions<BounceKitOptions>)).Should().Be(2);
        services.Count.Should().BeLessThanOrEqualTo(count + 2, "only option configuration may be added again");
    }

    [Fact]
    public void HostOverrides_WinOverTheDefaults()
    {
        var services = new ServiceCollection();
        var custom = new BounceClassifier(new BounceClassifierOptions());
        services.AddSingleton(custom);
        services.AddBounceKit(o => o.Ledger.Kind = LedgerKind.InMemory);

        using ServiceProvider provider = services.BuildServiceProvider();
        provider.GetRequiredService<BounceClassifier>().Should().BeSameAs(custom);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // Cleaned by the OS.
        }
    }
}
