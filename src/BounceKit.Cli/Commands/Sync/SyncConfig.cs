using System.Globalization;
using BounceKit.Dynamics;
using BounceKit.Extensions.DependencyInjection;
using BounceKit.Mailchimp;
using BounceKit.MarketingCloud;
using BounceKit.Policy;
using BounceKit.SalesforceCrm;
using BounceKit.Sync;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace BounceKit.Cli.Commands.Sync;

/// <summary>A <c>bouncekit.json</c> sync configuration, read and checked: every problem is reported with the setting's
/// path (<c>sinks:1:options:ClientId</c>), not only the first one. The format is documented in docs/configuration.md.</summary>
internal sealed class SyncConfig
{
    private readonly List<string> _errors = [];

    private SyncConfig()
    {
    }

    public string LedgerPath { get; private set; } = "";

    public SuppressionPolicy Policy { get; private set; } = new SfmcPolicy();

    public SyncOptions Options { get; } = new();

    public List<SourceConfig> Sources { get; } = [];

    public List<SinkConfig> Sinks { get; } = [];

    public IReadOnlyList<string> Errors => _errors;

    /// <summary>Applies <c>--partition INDEX/COUNT</c>, which wins over the file's <c>sync</c> settings.</summary>
    public void SetPartition(string text)
    {
        if (text.Split('/') is [string i, string n]
            && int.TryParse(i, NumberStyles.None, CultureInfo.InvariantCulture, out int index)
            && int.TryParse(n, NumberStyles.None, CultureInfo.InvariantCulture, out int count)
            && count is >= 1 and <= 1024 && index < count)
        {
            Options.PartitionCount = count;
            Options.PartitionIndex = index;
        }
        else
        {
            _errors.Add($"--partition: '{text}' is not INDEX/COUNT with 0 <= INDEX < COUNT <= 1024, for example 0/4.");
        }
    }

    /// <summary>Reads a configuration file, replacing <c>env:NAME</c> values with environment variables.</summary>
    public static SyncConfig Load(string path, Func<string, string?> environment)
    {
        var config = new SyncConfig();
        string full = Path.GetFullPath(path);
        string directory = Path.GetDirectoryName(full)!;
        IConfigurationRoot raw;
        try
        {
            raw = new ConfigurationBuilder().AddJsonFile(full, optional: false).Build();
        }
        catch (Exception e) when (e is IOException or InvalidDataException or FormatException or UnauthorizedAccessException)
        {
            config._errors.Add($"cannot read '{path}': {(e.InnerException ?? e).Message}");
            return config;
        }

        // Secrets stay out of the file: "ClientSecret": "env:SALESFORCE_CLIENT_SECRET".
        var resolved = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach ((string key, string? value) in raw.AsEnumerable())
        {
            if (value is not null && value.StartsWith("env:", StringComparison.Ordinal))
            {
                string variable = value[4..];
                string? found = environment(variable);
                if (string.IsNullOrEmpty(found))
                {
                    config._errors.Add($"{key}: the environment variable {variable} is not set.");
                }

                resolved[key] = found;
            }
        }

        IConfigurationRoot root = new ConfigurationBuilder().AddConfiguration(raw).AddInMemoryCollection(resolved).Build();
        config.Read(root, directory);
        return config;
    }

    /// <summary>Builds the adapters the configuration names (Mailchimp sources, CRM sinks) in one service provider.</summary>
    public ServiceProvider BuildServices()
    {
        var services = new ServiceCollection();
        IBounceKitBuilder builder = services.AddBounceKit(o => o.Ledger.Kind = LedgerKind.InMemory);
        foreach (SourceConfig source in Sources)
        {
            _ = source.Type switch
            {
                "mailchimp" => builder.AddMailchimp(source.Name, source.Options!),
                "sfmc-data-extension" => builder.AddMarketingCloud(source.Name, source.Options!),
                _ => builder,
            };
        }

        foreach (SinkConfig sink in Sinks)
        {
            _ = sink.Type switch
            {
                "salesforce" => builder.AddSalesforceCrm(sink.Name, sink.Options!),
                "dynamics" => builder.AddDynamics(sink.Name, sink.Options!),
                _ => builder,
            };
        }

        return services.BuildServiceProvider();
    }

    private void Read(IConfiguration root, string directory)
    {
        LedgerPath = root["ledger"] is { Length: > 0 } ledger ? Path.Combine(directory, ledger) : Path.Combine(directory, "bouncekit.db");
        ReadPolicy(root.GetSection("policy"));
        ReadOptions(root.GetSection("sync"));

        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (IConfigurationSection s in root.GetSection("sources").GetChildren())
        {
            string at = $"sources:{s.Key}";
            string? type = s["type"];
            string name = s["name"] ?? type ?? s.Key;
            if (!names.Add("source:" + name))
            {
                _errors.Add($"{at}:name: another source is named '{name}'.");
            }

            switch (type)
            {
                case "events" or "sfmc-bounces":
                    if (RequiredPath(s, at, directory) is { } path)
                    {
                        Sources.Add(new SourceConfig(name, type, path, null, null));
                    }

                    break;
                case "mailchimp":
                    Sources.Add(new SourceConfig(name, type, null, s["listId"], s.GetSection("options")));
                    break;
                case "sfmc-data-extension":
                    string? dataExtension = s["dataExtension"] ?? s["options:BouncesDataExtensionKey"];
                    if (dataExtension is null)
                    {
                        _errors.Add($"{at}:dataExtension: the external key of the data extension staged from _Bounce is required (or options:BouncesDataExtensionKey).");
                    }

                    Sources.Add(new SourceConfig(name, type, null, dataExtension, s.GetSection("options")));
                    break;
                default:
                    _errors.Add($"{at}:type: '{type}' is not a source type; use events, sfmc-bounces, sfmc-data-extension or mailchimp.");
                    break;
            }
        }

        foreach (IConfigurationSection s in root.GetSection("sinks").GetChildren())
        {
            string at = $"sinks:{s.Key}";
            string? type = s["type"];
            string name = s["name"] ?? type ?? s.Key;
            if (!names.Add("sink:" + name))
            {
                _errors.Add($"{at}:name: another sink is named '{name}'.");
            }

            int batch = Int(s, at, "batchSize", 200, 1, 10_000);
            int reasonLength = Int(s, at, "reasonLength", type == "dynamics" ? 500 : 255, 1, 100_000);
            switch (type)
            {
                case "file":
                    if (RequiredPath(s, at, directory) is { } path)
                    {
                        Sinks.Add(new SinkConfig(name, type, path, null, batch, reasonLength));
                    }

                    break;
                case "salesforce" or "dynamics":
                    Sinks.Add(new SinkConfig(name, type, null, s.GetSection("options"), batch, reasonLength));
                    break;
                default:
                    _errors.Add($"{at}:type: '{type}' is not a sink type; use file, salesforce or dynamics.");
                    break;
            }
        }

        if (Sources.Count == 0 && Sinks.Count == 0 && _errors.Count == 0)
        {
            _errors.Add("sources, sinks: the configuration names no source and no sink; there is nothing to sync.");
        }
    }

    private void ReadPolicy(IConfigurationSection policy)
    {
        string preset = policy["preset"] ?? "sfmc";
        if (preset == "mailchimp")
        {
            Policy = new MailchimpPolicy();
            return;
        }

        if (preset != "sfmc")
        {
            _errors.Add($"policy:preset: '{preset}' is not a preset; use sfmc or mailchimp.");
            return;
        }

        var options = new SfmcPolicyOptions();
        options.Count = Int(policy, "policy", "thresholdCount", options.Count, 1, 1000);
        options.Days = Int(policy, "policy", "thresholdDays", options.Days, 0, 3650);
        switch (policy["thresholdMode"])
        {
            case null or "min-span":
                break;
            case "window":
                options.Mode = HeldThresholdMode.SlidingWindow;
                break;
            case { } other:
                _errors.Add($"policy:thresholdMode: '{other}' is not a mode; use min-span or window.");
                break;
        }

        string[] trusted = [.. policy.GetSection("trustedDomains").GetChildren().Select(c => c.Value).OfType<string>()];
        if (trusted.Length > 0)
        {
            options.TrustedIsps = new TrustedIspPolicy(trusted);
        }

        try
        {
            Policy = new SfmcPolicy(options);
        }
        catch (ArgumentException e)
        {
            _errors.Add($"policy: {e.Message}");
        }
    }

    private void ReadOptions(IConfigurationSection sync)
    {
        Options.EventChunkSize = Int(sync, "sync", "eventChunkSize", Options.EventChunkSize, 1, 1_000_000);
        Options.SettlePageSize = Int(sync, "sync", "settlePageSize", Options.SettlePageSize, 1, 100_000);
        Options.MaxAttempts = Int(sync, "sync", "maxAttempts", Options.MaxAttempts, 1, 1000);
        Options.PartitionCount = Int(sync, "sync", "partitionCount", 1, 1, 1024);
        Options.PartitionIndex = Int(sync, "sync", "partitionIndex", 0, 0, Options.PartitionCount - 1);
    }

    private string? RequiredPath(IConfigurationSection section, string at, string directory)
    {
        if (section["path"] is { Length: > 0 } path)
        {
            return Path.Combine(directory, path);
        }

        _errors.Add($"{at}:path: a file path is required.");
        return null;
    }

    private int Int(IConfiguration section, string at, string key, int fallback, int min, int max)
    {
        if (section[key] is not { } text)
        {
            return fallback;
        }

        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) && value >= min && value <= max)
        {
            return value;
        }

        _errors.Add($"{at}:{key}: '{text}' is not a whole number from {min} to {max}.");
        return fallback;
    }
}

/// <summary>A configured source; <paramref name="Key"/> is the Mailchimp list or the SFMC data extension.</summary>
internal sealed record SourceConfig(string Name, string Type, string? Path, string? Key, IConfigurationSection? Options);

internal sealed record SinkConfig(string Name, string Type, string? Path, IConfigurationSection? Options, int BatchSize, int ReasonLength);
