using System.Text;

namespace BounceKit.Diagnostics;

/// <summary>Masks email addresses before text reaches a log or an exception message.</summary>
/// <remarks>BounceKit's packages never log a full address, an API key or a token; adapters use these helpers for any
/// text that may carry an address (provider error details, subscriber keys that are addresses).</remarks>
public static class PersonalData
{
    /// <summary>Masks an address: <c>alice@example.com</c> becomes <c>a***@example.com</c>, enough to tell cases
    /// apart, not to mail them.</summary>
    /// <param name="address">The address (or any text; text without <c>@</c> becomes <c>***</c>).</param>
    /// <returns>The masked form; empty for empty input.</returns>
    public static string MaskEmail(string? address)
    {
        if (string.IsNullOrEmpty(address))
        {
            return string.Empty;
        }

        int at = address.LastIndexOf('@');
        return at <= 0 ? "***" : string.Concat(address.AsSpan(0, 1), "***", address.AsSpan(at));
    }

    /// <summary>Masks every token of <paramref name="text"/> that contains an <c>@</c> after its first character.</summary>
    /// <param name="text">Free text, for example a provider's error detail.</param>
    /// <returns>The text with addresses masked.</returns>
    public static string MaskEmailsIn(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!text.Contains('@', StringComparison.Ordinal))
        {
            return text;
        }

        var result = new StringBuilder(text.Length);
        int i = 0;
        while (i < text.Length)
        {
            int at = text.IndexOf('@', i);
            if (at < 0)
            {
                result.Append(text, i, text.Length - i);
                break;
            }

            int start = at;
            while (start > i && !IsBoundary(text[start - 1]))
            {
                start--;
            }

            int end = at + 1;
            while (end < text.Length && !IsBoundary(text[end]))
            {
                end++;
            }

            result.Append(text, i, start - i);
            result.Append(start < at ? MaskEmail(text[start..end]) : text[start..end]);
            i = end;
        }

        return result.ToString();
    }

    /// <summary>Masks <paramref name="key"/> when it is an address (SFMC subscriber keys often are), else returns it.</summary>
    /// <param name="key">A subscriber key.</param>
    /// <returns>The key, or its masked form.</returns>
    public static string MaskKey(string key) => key.Contains('@', StringComparison.Ordinal) ? MaskEmail(key) : key;

    private static bool IsBoundary(char c) => char.IsWhiteSpace(c) || c is '<' or '>' or '"' or '\'' or ',' or ';' or '(' or ')' or '[' or ']';
}
