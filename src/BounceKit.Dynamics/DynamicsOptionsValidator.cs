using Microsoft.Extensions.Options;

namespace BounceKit.Dynamics;

/// <summary>The attribute rules of <see cref="DynamicsOptions"/>, checked by generated code.</summary>
[OptionsValidator]
internal sealed partial class DynamicsOptionsAttributeValidator : IValidateOptions<DynamicsOptions>;

/// <summary>The rules with messages that name the configuration key and the fix. No message repeats the client id or
/// secret.</summary>
internal sealed class DynamicsOptionsValidator : IValidateOptions<DynamicsOptions>
{
    public ValidateOptionsResult Validate(string? name, DynamicsOptions options)
    {
        string section = string.IsNullOrEmpty(name) ? "BounceKit:Dynamics" : $"BounceKit:Dynamics:{name}";
        var failures = new List<string>();
        if (options.OrganizationUrl is null)
        {
            failures.Add($"{section}:OrganizationUrl is empty: set the environment's address, for example https://contoso.crm.dynamics.com/ (Power Platform admin center > Environments > Environment URL).");
        }
        else if (!options.OrganizationUrl.IsAbsoluteUri || options.OrganizationUrl.AbsolutePath.Contains("/api/", StringComparison.OrdinalIgnoreCase))
        {
            failures.Add($"{section}:OrganizationUrl '{options.OrganizationUrl}' must be the environment's absolute root address such as https://contoso.crm.dynamics.com/, without /api/data/v9.2.");
        }

        if (options.Authentication == DynamicsAuthentication.ClientSecret)
        {
            if (string.IsNullOrWhiteSpace(options.TenantId) && options.TokenUrl is null)
            {
                failures.Add($"{section}:TenantId is empty: set the Microsoft Entra tenant id (Directory (tenant) ID of the app registration), or set TokenUrl.");
            }

            if (string.IsNullOrWhiteSpace(options.ClientId))
            {
                failures.Add($"{section}:ClientId is empty: set the Application (client) ID of the app registration that is the environment's application user.");
            }

            if (string.IsNullOrWhiteSpace(options.ClientSecret))
            {
                failures.Add($"{section}:ClientSecret is empty: set the app registration's client secret from a secret store or an environment variable ({section.Replace(":", "__", StringComparison.Ordinal)}__ClientSecret), never from a committed file; or set Authentication to TokenProvider and register an IDynamicsTokenProvider.");
            }
        }

        if (options.TokenUrl is { IsAbsoluteUri: false } relative)
        {
            failures.Add($"{section}:TokenUrl '{relative}' is not an absolute URL such as https://login.microsoftonline.com/<tenant>/oauth2/v2.0/token.");
        }

        CheckField(failures, section, nameof(DynamicsOptions.HardBounceField), options.HardBounceField, required: true);
        CheckField(failures, section, nameof(DynamicsOptions.HardBounceDateField), options.HardBounceDateField, required: true);
        CheckField(failures, section, nameof(DynamicsOptions.SoftBounceCountField), options.SoftBounceCountField, required: false);
        CheckField(failures, section, nameof(DynamicsOptions.LastBounceDateField), options.LastBounceDateField, required: false);
        CheckField(failures, section, nameof(DynamicsOptions.LastBounceReasonField), options.LastBounceReasonField, required: false);

        if (options.TotalTimeout < options.AttemptTimeout)
        {
            failures.Add($"{section}:TotalTimeout ({options.TotalTimeout}) is shorter than AttemptTimeout ({options.AttemptTimeout}): no attempt could finish.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void CheckField(List<string> failures, string section, string setting, string? value, bool required)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required)
            {
                failures.Add($"{section}:{setting} is empty: set the logical name of the column, for example new_hardbounce.");
            }

            return;
        }

        if (IsReservedConsentField(value))
        {
            failures.Add($"{section}:{setting} is '{value}', an opt-out column: bounces are not consent, so bounce data needs its own columns (docs/providers/dynamics.md).");
        }
        else if (!IsLogicalName(value))
        {
            failures.Add($"{section}:{setting} '{value}' is not a column logical name (lower-case letters, digits and '_', such as new_hardbounce).");
        }
    }

    internal static bool IsLogicalName(string value) =>
        value.Length <= 128 && char.IsAsciiLetterLower(value[0]) && value.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_');

    private static bool IsReservedConsentField(string value) =>
        value is "donotbulkemail" or "donotemail" or "donotsendmm";
}
