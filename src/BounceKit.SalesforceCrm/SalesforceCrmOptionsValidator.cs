using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BounceKit.SalesforceCrm;

/// <summary>The attribute rules of <see cref="SalesforceCrmOptions"/>, checked by generated code.</summary>
[OptionsValidator]
internal sealed partial class SalesforceCrmOptionsAttributeValidator : IValidateOptions<SalesforceCrmOptions>;

/// <summary>The rules with messages that name the configuration key and the fix. No message repeats the client id or
/// secret.</summary>
/// <param name="services">Tells whether the host registered its own <see cref="ISalesforceTokenProvider"/> for an
/// account, which makes the credentials optional.</param>
internal sealed class SalesforceCrmOptionsValidator(IServiceProviderIsService? services = null) : IValidateOptions<SalesforceCrmOptions>
{
    public ValidateOptionsResult Validate(string? name, SalesforceCrmOptions options)
    {
        string section = string.IsNullOrEmpty(name) ? "BounceKit:SalesforceCrm" : $"BounceKit:SalesforceCrm:{name}";
        var failures = new List<string>();
        bool ownTokens = services is IServiceProviderIsKeyedService keyed && keyed.IsKeyedService(typeof(ISalesforceTokenProvider), name ?? string.Empty);
        if (!ownTokens)
        {
            if (options.LoginUrl is null)
            {
                failures.Add($"{section}:LoginUrl is empty: set the org's My Domain URL (https://<domain>.my.salesforce.com); the client-credentials flow does not work on login.salesforce.com.");
            }
            else if (!options.LoginUrl.IsAbsoluteUri || (options.LoginUrl.Scheme != Uri.UriSchemeHttps && !options.LoginUrl.IsLoopback))
            {
                failures.Add($"{section}:LoginUrl '{options.LoginUrl}' is not an absolute https URL such as https://<domain>.my.salesforce.com.");
            }

            if (string.IsNullOrWhiteSpace(options.ClientId))
            {
                failures.Add($"{section}:ClientId is empty: set the consumer key of the connected app that has the client-credentials flow enabled.");
            }

            if (string.IsNullOrWhiteSpace(options.ClientSecret))
            {
                failures.Add($"{section}:ClientSecret is empty: set the connected app's consumer secret from a secret store or an environment variable ({section.Replace(":", "__", StringComparison.Ordinal)}__ClientSecret), never from a committed file.");
            }
        }

        if (!IsApiVersion(options.ApiVersion))
        {
            failures.Add($"{section}:ApiVersion '{options.ApiVersion}' is not a REST API version such as v62.0.");
        }

        CheckFieldName(failures, section, nameof(options.HardBounceField), options.HardBounceField, required: true);
        CheckFieldName(failures, section, nameof(options.HardBounceDateField), options.HardBounceDateField, required: true);
        CheckFieldName(failures, section, nameof(options.SoftBounceCountField), options.SoftBounceCountField, required: false);
        CheckFieldName(failures, section, nameof(options.OptOutField), options.OptOutField, required: false);
        CheckFieldName(failures, section, nameof(options.ObjectType), options.ObjectType, required: false);

        if (options.TotalTimeout < options.AttemptTimeout)
        {
            failures.Add($"{section}:TotalTimeout ({options.TotalTimeout}) is shorter than AttemptTimeout ({options.AttemptTimeout}): no attempt could finish.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void CheckFieldName(List<string> failures, string section, string setting, string? value, bool required)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required)
            {
                failures.Add($"{section}:{setting} is empty: set the API name of the field (for example Hard_Bounce__c).");
            }
        }
        else if (!IsApiName(value))
        {
            failures.Add($"{section}:{setting} '{value}' is not a Salesforce API name (letters, digits and '_', starting with a letter, such as Hard_Bounce__c).");
        }
    }

    internal static bool IsApiVersion(string? value) =>
        value is { Length: >= 4 } v && v[0] == 'v' && v.IndexOf('.', StringComparison.Ordinal) is int dot and > 1 && dot < v.Length - 1 &&
        v[1..dot].All(char.IsAsciiDigit) && v[(dot + 1)..].All(char.IsAsciiDigit);

    internal static bool IsApiName(string value) =>
        value.Length <= 80 && char.IsAsciiLetter(value[0]) && value.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');
}
