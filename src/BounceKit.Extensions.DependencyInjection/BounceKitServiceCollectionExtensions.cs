using BounceKit.Classification;
using BounceKit.Extensions.DependencyInjection;
using BounceKit.Extensions.DependencyInjection.Internal;
using BounceKit.Policy;
using BounceKit.Storage.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

// Extension methods live in the namespace of the type they extend, as in Microsoft.Extensions and OpenTelemetry.
namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers BounceKit in a host.</summary>
public static class BounceKitServiceCollectionExtensions
{
    /// <summary>Registers the classifier, the suppression policy, the ledger and the policy runner, with options
    /// validated when the host starts. Calling it again changes nothing but adds the configuration.</summary>
    /// <param name="services">The host's services.</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>A builder for provider adapters.</returns>
    public static IBounceKitBuilder AddBounceKit(this IServiceCollection services, Action<BounceKitOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        OptionsBuilder<BounceKitOptions> options = services.AddOptionsWithValidateOnStart<BounceKitOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        return AddCore(services);
    }

    /// <summary>Registers BounceKit with options bound from a configuration section (usually <c>"BounceKit"</c>).</summary>
    /// <param name="services">The host's services.</param>
    /// <param name="section">The section, for example <c>configuration.GetSection("BounceKit")</c>.</param>
    /// <returns>A builder for provider adapters.</returns>
    public static IBounceKitBuilder AddBounceKit(this IServiceCollection services, IConfiguration section)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(section);
        services.AddOptionsWithValidateOnStart<BounceKitOptions>().Bind(section);
        return AddCore(services);
    }

    private static BounceKitBuilder AddCore(IServiceCollection services)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<BounceKitOptions>, BounceKitOptionsAttributeValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<BounceKitOptions>, BounceKitOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System); // every clock in BounceKit; hosts and tests may register their own first
        services.TryAddSingleton(sp => CreateClassifier(sp.GetRequiredService<IOptions<BounceKitOptions>>().Value.Classifier));
        services.TryAddSingleton(sp => CreatePolicy(sp.GetRequiredService<IOptions<BounceKitOptions>>().Value, sp.GetRequiredService<BounceClassifier>()));
        services.TryAddSingleton<IBounceLedger>(sp => CreateLedger(sp.GetRequiredService<IOptions<BounceKitOptions>>().Value.Ledger, sp.GetService<ILoggerFactory>()));
        services.TryAddSingleton(sp => new LedgerPolicyRunner(
            sp.GetRequiredService<IBounceLedger>(),
            sp.GetRequiredService<SuppressionPolicy>(),
            sp.GetService<ILogger<LedgerPolicyRunner>>() is { } logger ? new LoggingPolicyRunObserver(logger) : null));
        return new BounceKitBuilder(services);
    }

    private static BounceClassifier CreateClassifier(ClassifierSettings settings)
    {
        var options = new BounceClassifierOptions();
        foreach (PhraseRuleSettings rule in settings.PhraseRules)
        {
            // The validator has already refused unknown names.
            BounceReason reason = BounceTaxonomy.TryParseName(rule.Reason, out BounceReason parsed)
                ? parsed
                : throw new InvalidOperationException($"Unknown bounce reason '{rule.Reason}'.");
            ReceivingProvider provider = rule.Provider is { } p ? Enum.Parse<ReceivingProvider>(p, ignoreCase: true) : ReceivingProvider.Unknown;
            options.PhraseRules.Add(new PhraseRule(rule.Phrase, reason, rule.Priority, provider));
        }

        foreach (string phrase in settings.RemovedPhrases)
        {
            options.RemovedPhrases.Add(phrase);
        }

        return settings.PhraseRules.Count == 0 && settings.RemovedPhrases.Count == 0 ? BounceClassifier.Default : new BounceClassifier(options);
    }

    private static SuppressionPolicy CreatePolicy(BounceKitOptions options, BounceClassifier classifier)
    {
        if (options.Policy == PolicyPreset.Mailchimp)
        {
            return new MailchimpPolicy(options.Mailchimp.ToPolicyOptions(), classifier);
        }

        return new SfmcPolicy(options.Sfmc.ToPolicyOptions(), classifier);
    }

    private static IBounceLedger CreateLedger(LedgerSettings settings, ILoggerFactory? loggers)
    {
        if (loggers is not null)
        {
            Log.LedgerOpened(loggers.CreateLogger("BounceKit.Ledger"), settings.Kind, settings.Kind == LedgerKind.Sqlite ? Path.GetFullPath(settings.Path) : null);
        }

        return settings.Kind == LedgerKind.InMemory
            ? new InMemoryBounceLedger()
            : SqliteBounceLedger.OpenAsync(new SqliteBounceLedgerOptions { Path = settings.Path, BusyTimeout = settings.BusyTimeout }).GetAwaiter().GetResult();
    }

    private sealed class BounceKitBuilder(IServiceCollection services) : IBounceKitBuilder
    {
        public IServiceCollection Services { get; } = services;
    }
}
