using Microsoft.Extensions.Options;

namespace BounceKit.Dynamics;

/// <summary>Every rule of <see cref="DynamicsOptions"/>, with messages that name the configuration key and the fix. No
/// message repeats the client id or secret. (No attribute rules: their generated messages do not name the key.)</summary>
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

        CheckRange(failures, section, nameof(DynamicsOptions.BatchSize), options.BatchSize, 1, 1000, "Dataverse takes at most 1000 requests per $batch");
        CheckRange(failures, section, nameof(DynamicsOptions.MaxConcurrentRequests), options.MaxConcurrentRequests, 1, 52, "Dataverse allows 52 concurrent requests per user");
        CheckRange(failures, section, nameof(DynamicsOptions.LastBounceReasonMaxLength), options.LastBounceReasonMaxLength, 1, 4000, "the length of the text column");
        if (options.AttemptTimeout < TimeSpan.FromSeconds(1) || options.AttemptTimeout > TimeSpan.FromMinutes(5))
        {
            failures.Add($"{section}:AttemptTimeout ({options.AttemptTimeout}) must be between 00:00:01 and 00:05:00.");
        }

        if (options.TotalTimeout < TimeSpan.FromSeconds(1) || options.TotalTimeout > TimeSpan.FromHours(1))
        {
            failures.Add($"{section}:TotalTimeout ({options.TotalTimeout}) must be between 00:00:01 and 01:00:00.");
        }

        if (options.TotalTimeout < options.AttemptTimeout)
        {
            failures.Add($"{section}:TotalTimeout ({options.TotalTimeout}) is shorter than AttemptTimeout ({options.AttemptTimeout}): no attempt could finish.");
        }

        CheckCampaignResponses(failures, section + ":CampaignResponses", options.CampaignResponses);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void CheckCampaignResponses(List<string> failures, string section, DynamicsCampaignResponseOptions? options)
    {
        if (options is null)
        {
            failures.Add($"{section} is null: leave it out to keep campaign responses off, or set Enabled and CampaignId.");
            return;
        }

        if (!options.Enabled)
        {
            return; // Nothing below is used, so nothing blocks the start.
        }

        if (options.CampaignId is not { } campaign || campaign == Guid.Empty)
        {
            failures.Add($"{section}:CampaignId is empty while {section}:Enabled is true: a campaign response needs its parent campaign, so set the campaignid of the campaign the responses belong to (open the campaign in Dynamics 365 and copy the id= value from its address), or set Enabled to false.");
        }

        if (!options.ForHardBounces && !options.ForUnsubscribes)
        {
            failures.Add($"{section}:ForHardBounces and ForUnsubscribes are both false while Enabled is true: no campaign response would ever be created; turn one on or set Enabled to false.");
        }

        if (string.IsNullOrWhiteSpace(options.HardBounceSubject))
        {
            failures.Add($"{section}:HardBounceSubject is empty: a campaign response needs a subject, for example 'Hard bounce: {DynamicsCampaignResponseOptions.ReasonPlaceholder}'.");
        }

        if (string.IsNullOrWhiteSpace(options.UnsubscribeSubject))
        {
            failures.Add($"{section}:UnsubscribeSubject is empty: a campaign response needs a subject, for example 'Unsubscribed from marketing email'.");
        }

        CheckNavigationProperty(failures, section, nameof(DynamicsCampaignResponseOptions.RegardingCampaignProperty), options.RegardingCampaignProperty);
        CheckNavigationProperty(failures, section, nameof(DynamicsCampaignResponseOptions.ActivityPartiesProperty), options.ActivityPartiesProperty);
        CheckNavigationProperty(failures, section, nameof(DynamicsCampaignResponseOptions.ContactPartyProperty), options.ContactPartyProperty);
        CheckNavigationProperty(failures, section, nameof(DynamicsCampaignResponseOptions.LeadPartyProperty), options.LeadPartyProperty);
    }

    private static void CheckNavigationProperty(List<string> failures, string section, string setting, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            failures.Add($"{section}:{setting} is empty: set the navigation property name as your environment's $metadata spells it (docs/providers/dynamics.md).");
        }
        else if (!IsNavigationPropertyName(value))
        {
            failures.Add($"{section}:{setting} '{value}' is not a navigation property name (letters, digits and '_', starting with a letter, without '@odata.bind'), for example partyid_contact.");
        }
    }

    private static void CheckRange(List<string> failures, string section, string setting, int value, int min, int max, string why)
    {
        if (value < min || value > max)
        {
            failures.Add($"{section}:{setting} is {value}: it must be between {min} and {max} ({why}).");
        }
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

    // Navigation property names keep the schema name's case in places (Campaign_CampaignResponses), so upper case passes.
    internal static bool IsNavigationPropertyName(string value) =>
        value.Length <= 128 && char.IsAsciiLetter(value[0]) && value.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');

    private static bool IsReservedConsentField(string value) =>
        value is "donotbulkemail" or "donotemail" or "donotsendmm";
}
