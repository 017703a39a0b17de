using Microsoft.Extensions.Options;

namespace BounceKit.Mailchimp;

/// <summary>The attribute rules of <see cref="MailchimpOptions"/>, checked by generated code.</summary>
[OptionsValidator]
internal sealed partial class MailchimpOptionsAttributeValidator : IValidateOptions<MailchimpOptions>;

/// <summary>The rules with messages that name the configuration key and the fix.</summary>
internal sealed class MailchimpOptionsValidator : IValidateOptions<MailchimpOptions>
{
    public ValidateOptionsResult Validate(string? name, MailchimpOptions options)
    {
        string section = string.IsNullOrEmpty(name) ? "BounceKit:Mailchimp" : $"BounceKit:Mailchimp:{name}";
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.ApiKey))
        {
            failures.Add($"{section}:ApiKey is empty: set the Marketing API key (Account > Extras > API keys), for example from the BOUNCEKIT_MAILCHIMP_APIKEY environment variable.");
        }
        else if (!MailchimpApiKey.TryGetDataCenter(options.ApiKey, out _))
        {
            failures.Add($"{section}:ApiKey is missing the data-center suffix (…-us14): copy the whole key as Mailchimp shows it.");
        }

        if (options.BaseAddress is { IsAbsoluteUri: false } relative)
        {
            failures.Add($"{section}:BaseAddress '{relative}' is not an absolute URL such as https://us14.api.mailchimp.com/3.0/.");
        }

        if (options.TotalTimeout < options.AttemptTimeout)
        {
            failures.Add($"{section}:TotalTimeout ({options.TotalTimeout}) is shorter than AttemptTimeout ({options.AttemptTimeout}): no attempt could finish.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
