namespace BounceKit.Mailchimp.AspNetCore;

/// <summary>Settings of the Mailchimp webhook endpoint: the secret its URL must carry.</summary>
/// <remarks>Mailchimp audience webhooks carry no signature; Mailchimp's own advice is HTTPS plus a hard-to-guess secret
/// in the URL, checked on every call (provider-facts section 1.6). The endpoint compares the <c>{secret}</c> route value
/// with <see cref="Secret"/> and every <see cref="PreviousSecrets"/> entry in constant time and answers 404 when none
/// matches. Validated when the host starts: each secret needs at least <see cref="MinimumSecretLength"/> characters,
/// all of them URL-safe (letters, digits, '-', '_', '.', '~'), so the value in the URL is the configured one.</remarks>
public sealed class MailchimpWebhookOptions
{
    /// <summary>The shortest secret accepted.</summary>
    public const int MinimumSecretLength = 16;

    /// <summary>The secret the webhook URL carries in its <c>{secret}</c> segment. Required.</summary>
    /// <remarks>Use a random value, for example 32 characters from <c>RandomNumberGenerator.GetHexString(32)</c>, and keep
    /// it out of source control.</remarks>
    public string Secret { get; set; } = string.Empty;

    /// <summary>Secrets still accepted while a rotation is under way; empty by default.</summary>
    /// <remarks>To rotate: add the old secret here and set <see cref="Secret"/> to the new one, change the webhook URL
    /// in Mailchimp, then remove the old secret once Mailchimp's retries of old calls (about 75 minutes) are over.</remarks>
    public IList<string> PreviousSecrets { get; set; } = [];
}
