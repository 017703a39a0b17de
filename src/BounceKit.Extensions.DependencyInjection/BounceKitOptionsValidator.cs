using BounceKit.Classification;
using Microsoft.Extensions.Options;

namespace BounceKit.Extensions.DependencyInjection;

/// <summary>The attribute rules of <see cref="BounceKitOptions"/>, checked by generated code (no reflection).</summary>
[OptionsValidator]
internal sealed partial class BounceKitOptionsAttributeValidator : IValidateOptions<BounceKitOptions>;

/// <summary>The rules that span several settings, with messages that name the setting and the fix.</summary>
internal sealed class BounceKitOptionsValidator : IValidateOptions<BounceKitOptions>
{
    public ValidateOptionsResult Validate(string? name, BounceKitOptions options)
    {
        var failures = new List<string>();
        if (!Enum.IsDefined(options.Policy))
        {
            failures.Add($"BounceKit:Policy '{options.Policy}' is not a preset: use Sfmc or Mailchimp.");
        }

        // The policy's own rules, with the configuration path in front (the attribute validator covers the ranges).
        failures.AddRange(options.Mailchimp.ToPolicyOptions().Validate().Select(error => "BounceKit:Mailchimp:" + error));
        failures.AddRange(options.Sfmc.ToPolicyOptions().Validate().Select(error => "BounceKit:Sfmc:" + error));

        if (options.Ledger.Kind == LedgerKind.Sqlite && string.IsNullOrWhiteSpace(options.Ledger.Path))
        {
            failures.Add("BounceKit:Ledger:Path is empty: give the SQLite file, for example \"bouncekit.db\", or set BounceKit:Ledger:Kind to InMemory.");
        }

        for (int i = 0; i < options.Classifier.PhraseRules.Count; i++)
        {
            PhraseRuleSettings rule = options.Classifier.PhraseRules[i];
            string where = $"BounceKit:Classifier:PhraseRules:{i}";
            if (rule.Phrase.Trim().Length < 3 || (rule.Phrase.Length > 0 && char.IsWhiteSpace(rule.Phrase[0])))
            {
                failures.Add($"{where}:Phrase '{rule.Phrase}' must have at least three characters and no leading space.");
            }

            if (!BounceTaxonomy.TryParseName(rule.Reason, out _))
            {
                failures.Add($"{where}:Reason '{rule.Reason}' is not a bounce reason: use a name from docs/taxonomy.md such as user-unknown or mailbox-full.");
            }

            if (rule.Priority is < 0 or > 100)
            {
                failures.Add($"{where}:Priority {rule.Priority} is outside 0-100.");
            }

            if (rule.Provider is { } provider && !Enum.TryParse(provider, ignoreCase: true, out ReceivingProvider _))
            {
                failures.Add($"{where}:Provider '{provider}' is not a known provider: use Google, Microsoft, Yahoo, Apple, ...");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
