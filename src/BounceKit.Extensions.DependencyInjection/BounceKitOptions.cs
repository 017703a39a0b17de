using System.ComponentModel.DataAnnotations;
using BounceKit.Policy;
using Microsoft.Extensions.Options;

namespace BounceKit.Extensions.DependencyInjection;

/// <summary>Settings of <c>services.AddBounceKit(...)</c>, usually bound from the <c>"BounceKit"</c> configuration section.</summary>
public sealed class BounceKitOptions
{
    /// <summary>The configuration section read by the <c>IConfiguration</c> overload.</summary>
    public const string SectionName = "BounceKit";

    /// <summary>Which suppression policy the host uses: <see cref="PolicyPreset.Sfmc"/> (default) or <see cref="PolicyPreset.Mailchimp"/>.</summary>
    public PolicyPreset Policy { get; set; } = PolicyPreset.Sfmc;

    /// <summary>The SFMC policy's settings.</summary>
    [ValidateObjectMembers]
    public SfmcSettings Sfmc { get; set; } = new();

    /// <summary>The Mailchimp policy's settings.</summary>
    [ValidateObjectMembers]
    public MailchimpSettings Mailchimp { get; set; } = new();

    /// <summary>Classifier rules to add, override or remove.</summary>
    public ClassifierSettings Classifier { get; set; } = new();

    /// <summary>Where events and states are kept.</summary>
    [ValidateObjectMembers]
    public LedgerSettings Ledger { get; set; } = new();
}

/// <summary>The suppression policy presets.</summary>
public enum PolicyPreset
{
    /// <summary>Salesforce Marketing Cloud: Active, Bounced, Held.</summary>
    Sfmc,

    /// <summary>Mailchimp: subscribed, cleaned, unsubscribed.</summary>
    Mailchimp,
}

/// <summary>Settings of the SFMC policy (see docs/policies.md).</summary>
public sealed class SfmcSettings
{
    /// <summary>Bounces that can make a subscriber Held. Default 3.</summary>
    [Range(1, 1000)]
    public int Count { get; set; } = 3;

    /// <summary>Days of the Held threshold. Default 15.</summary>
    [Range(1, 3650)]
    public int Days { get; set; } = 15;

    /// <summary>How Count and Days combine. Default MinimumSpan (SFMC's documented rule).</summary>
    public HeldThresholdMode Mode { get; set; } = HeldThresholdMode.MinimumSpan;

    /// <summary>Trusted-ISP domain patterns; when set, they replace the default list.</summary>
    public IList<string>? TrustedDomains { get; set; }

    /// <summary>Trusted-ISP patterns added to the list in force.</summary>
    public IList<string> AdditionalTrustedDomains { get; set; } = [];

    /// <summary>Whether block bounces count towards Held. Default true, as SFMC does.</summary>
    public bool CountBlockBounces { get; set; } = true;

    /// <summary>What a hard bounce from a trusted ISP does: Suppress (Held at once; default) or Count.</summary>
    public BounceAction TrustedIspHardBounceAction { get; set; } = BounceAction.Suppress;

    /// <summary>What a hard bounce from any other domain does: Count (default, as SFMC) or Suppress.</summary>
    public BounceAction OtherHardBounceAction { get; set; } = BounceAction.Count;

    internal SfmcPolicyOptions ToPolicyOptions()
    {
        TrustedIspPolicy trusted = TrustedDomains is { } replaced ? new TrustedIspPolicy(replaced, TrustedIspPolicy.DefaultMtaHosts) : TrustedIspPolicy.Default;
        return new SfmcPolicyOptions
        {
            Count = Count,
            Days = Days,
            Mode = Mode,
            TrustedIsps = trusted.With(AdditionalTrustedDomains),
            CountBlockBounces = CountBlockBounces,
            TrustedIspHardBounceAction = TrustedIspHardBounceAction,
            OtherHardBounceAction = OtherHardBounceAction,
        };
    }
}

/// <summary>Settings of the Mailchimp policy (see docs/policies.md).</summary>
public sealed class MailchimpSettings
{
    /// <summary>Soft bounces that clean a contact without engagement history. Default 7.</summary>
    [Range(1, 1000)]
    public int SoftBouncesWithoutEngagement { get; set; } = 7;

    /// <summary>Soft bounces that clean a contact with engagement history. Default 15.</summary>
    [Range(1, 1000)]
    public int SoftBouncesWithEngagement { get; set; } = 15;

    /// <summary>Whether an open or click ends the soft-bounce series. Default false.</summary>
    public bool ResetOnEngagement { get; set; }

    /// <summary>Whether block bounces count as soft bounces. Default true, as Mailchimp does.</summary>
    public bool CountBlockBounces { get; set; } = true;

    /// <summary>What a hard bounce does to a contact without engagement history: Suppress (cleaned; default) or Count.</summary>
    public BounceAction HardBounceAction { get; set; } = BounceAction.Suppress;

    /// <summary>What a hard bounce does to an engaged contact: Suppress (default) or Count (noted, not cleaned).</summary>
    public BounceAction EngagedHardBounceAction { get; set; } = BounceAction.Suppress;

    internal MailchimpPolicyOptions ToPolicyOptions() => new()
    {
        HardBounceAction = HardBounceAction,
        EngagedHardBounceAction = EngagedHardBounceAction,
        SoftBouncesWithoutEngagement = SoftBouncesWithoutEngagement,
        SoftBouncesWithEngagement = SoftBouncesWithEngagement,
        ResetOnEngagement = ResetOnEngagement,
        CountBlockBounces = CountBlockBounces,
    };
}

/// <summary>Classifier rule changes.</summary>
public sealed class ClassifierSettings
{
    /// <summary>Phrase rules to add; a rule with a built-in phrase replaces it.</summary>
    public IList<PhraseRuleSettings> PhraseRules { get; set; } = [];

    /// <summary>Built-in phrases to remove.</summary>
    public IList<string> RemovedPhrases { get; set; } = [];
}

/// <summary>One phrase rule, as configuration writes it.</summary>
public sealed class PhraseRuleSettings
{
    /// <summary>The phrase, matched ignoring case where a word starts.</summary>
    public string Phrase { get; set; } = "";

    /// <summary>The reason: a BounceKit name such as <c>user-unknown</c>, or a Sisimai name such as <c>userunknown</c>.</summary>
    public string Reason { get; set; } = "";

    /// <summary>0-100; higher wins. Default 50.</summary>
    public int Priority { get; set; } = 50;

    /// <summary>Limit the rule to one receiving provider, such as <c>Google</c>; none by default.</summary>
    public string? Provider { get; set; }
}

/// <summary>Where the ledger lives.</summary>
public sealed class LedgerSettings
{
    /// <summary>SQLite (default: a file, survives restarts) or InMemory (tests, single process).</summary>
    public LedgerKind Kind { get; set; } = LedgerKind.Sqlite;

    /// <summary>The SQLite file. Default <c>bouncekit.db</c>.</summary>
    public string Path { get; set; } = "bouncekit.db";

    /// <summary>How long to wait for another writer's lock. Default 30 seconds.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>The ledger implementations.</summary>
public enum LedgerKind
{
    /// <summary>The embedded SQLite ledger.</summary>
    Sqlite,

    /// <summary>In memory: lost when the process ends.</summary>
    InMemory,
}
