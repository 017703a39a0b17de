namespace BounceKit.Mailchimp;

/// <summary>Reads the data center out of a Mailchimp API key.</summary>
/// <remarks>A Marketing API key ends in <c>-&lt;dc&gt;</c> (for example <c>…-us14</c>), and the API for that key lives
/// at <c>https://&lt;dc&gt;.api.mailchimp.com/3.0/</c>. Source: Mailchimp Marketing API fundamentals
/// (provider-facts 1.1).</remarks>
public static class MailchimpApiKey
{
    /// <summary>Finds the data-center code of <paramref name="apiKey"/>.</summary>
    /// <param name="apiKey">The key.</param>
    /// <param name="dataCenter">The code after the last dash, for example <c>us14</c>.</param>
    /// <returns><see langword="false"/> when the key has no <c>-dc</c> suffix of letters and digits.</returns>
    public static bool TryGetDataCenter(string? apiKey, out string dataCenter)
    {
        dataCenter = string.Empty;
        if (string.IsNullOrWhiteSpace(apiKey))
        {
            return false;
        }

        int dash = apiKey.LastIndexOf('-');
        if (dash <= 0 || dash == apiKey.Length - 1)
        {
            return false;
        }

        ReadOnlySpan<char> dc = apiKey.AsSpan(dash + 1);
        foreach (char c in dc)
        {
            if (!char.IsAsciiLetterOrDigit(c))
            {
                return false;
            }
        }

        dataCenter = dc.ToString().ToLowerInvariant();
        return true;
    }

    /// <summary>The API's base address for <paramref name="apiKey"/>.</summary>
    /// <param name="apiKey">The key.</param>
    /// <returns><c>https://&lt;dc&gt;.api.mailchimp.com/3.0/</c>.</returns>
    /// <exception cref="ArgumentException">The key has no data-center suffix; the message does not repeat the key.</exception>
    public static Uri BaseAddressFor(string apiKey) => TryGetDataCenter(apiKey, out string dc)
        ? new Uri($"https://{dc}.api.mailchimp.com/3.0/")
        : throw new ArgumentException("The Mailchimp API key has no data-center suffix (it should end like '-us14').", nameof(apiKey));
}
