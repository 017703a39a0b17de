using Microsoft.Extensions.Options;

namespace BounceKit.MarketingCloud;

/// <summary>The attribute rules of <see cref="MarketingCloudOptions"/>, checked by generated code.</summary>
[OptionsValidator]
internal sealed partial class MarketingCloudOptionsAttributeValidator : IValidateOptions<MarketingCloudOptions>;

/// <summary>The rules with messages that name the configuration key and the fix. No message repeats the client id or
/// secret.</summary>
internal sealed class MarketingCloudOptionsValidator : IValidateOptions<MarketingCloudOptions>
{
    public ValidateOptionsResult Validate(string? name, MarketingCloudOptions options)
    {
        string section = string.IsNullOrEmpty(name) ? "BounceKit:MarketingCloud" : $"BounceKit:MarketingCloud:{name}";
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Subdomain))
        {
            failures.Add($"{section}:Subdomain is empty: set the tenant part of the installed package's Authentication Base URI (https://<subdomain>.auth.marketingcloudapis.com/).");
        }
        else if (!IsSubdomain(options.Subdomain))
        {
            failures.Add($"{section}:Subdomain must be only the tenant part of https://<subdomain>.auth.marketingcloudapis.com/ (letters, digits and '-'), not a URL or host name: copy the part before '.auth.' from the installed package's Authentication Base URI.");
        }

        if (string.IsNullOrWhiteSpace(options.ClientId))
        {
            failures.Add($"{section}:ClientId is empty: set the client id of the installed package's server-to-server API integration.");
        }

        if (string.IsNullOrWhiteSpace(options.ClientSecret))
        {
            failures.Add($"{section}:ClientSecret is empty: set the client secret of the installed package's server-to-server API integration, from a secret store or an environment variable ({section.Replace(":", "__", StringComparison.Ordinal)}__ClientSecret), never from a committed file.");
        }

        if (options.AccountId is { Length: > 0 } mid && !mid.All(char.IsAsciiDigit))
        {
            failures.Add($"{section}:AccountId must be the business unit's MID, digits only (Setup > Business Units), or empty for the package's own business unit.");
        }

        if (options.AuthBaseAddress is { IsAbsoluteUri: false } relative)
        {
            failures.Add($"{section}:AuthBaseAddress '{relative}' is not an absolute URL such as https://<subdomain>.auth.marketingcloudapis.com/.");
        }

        if (options.TotalTimeout < options.AttemptTimeout)
        {
            failures.Add($"{section}:TotalTimeout ({options.TotalTimeout}) is shorter than AttemptTimeout ({options.AttemptTimeout}): no attempt could finish.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    internal static bool IsSubdomain(string value) =>
        value.Length <= 63 && value.All(c => char.IsAsciiLetterOrDigit(c) || c == '-') && value[0] != '-' && value[^1] != '-';
}
