using System.Buffers;
using Microsoft.Extensions.Options;

namespace BounceKit.Mailchimp.AspNetCore.Internal;

/// <summary>Checks the secrets when the host starts, with messages that name the setting and never show its value.</summary>
internal sealed class MailchimpWebhookOptionsValidator : IValidateOptions<MailchimpWebhookOptions>
{
    // RFC 3986 unreserved characters: they pass through a URL path unchanged, so routing hands over what was configured.
    private static readonly SearchValues<char> UrlSafe = SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~");

    public ValidateOptionsResult Validate(string? name, MailchimpWebhookOptions options)
    {
        var failures = new List<string>();
        Check(options.Secret, "Secret", failures);
        for (int i = 0; i < (options.PreviousSecrets?.Count ?? 0); i++)
        {
            Check(options.PreviousSecrets![i], $"PreviousSecrets:{i}", failures);
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Check(string? secret, string setting, List<string> failures)
    {
        if (string.IsNullOrEmpty(secret))
        {
            failures.Add($"Mailchimp webhook {setting} is missing: set a random value of at least {MailchimpWebhookOptions.MinimumSecretLength} characters and put it in the webhook URL's {{secret}} segment.");
        }
        else if (secret.Length < MailchimpWebhookOptions.MinimumSecretLength)
        {
            failures.Add($"Mailchimp webhook {setting} is too short ({secret.Length} characters): use at least {MailchimpWebhookOptions.MinimumSecretLength}, for example 32 random hexadecimal digits.");
        }
        else if (secret.AsSpan().ContainsAnyExcept(UrlSafe))
        {
            failures.Add($"Mailchimp webhook {setting} may contain only letters, digits, '-', '.', '_' and '~', so that it passes through the URL unchanged.");
        }
    }
}
