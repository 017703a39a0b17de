using System.Text;

namespace BounceKit.Mailchimp.Internal;

/// <summary>Masks email addresses before text reaches a log or an exception message.</summary>
internal static class Redact
{
    /// <summary><c>alice@example.com</c> becomes <c>a***@example.com</c>: enough to tell cases apart, not to mail them.</summary>
    public static string Email(string? address)
    {
        if (string.IsNullOrEmpty(address))
        {
            return string.Empty;
        }

        int at = address.LastIndexOf('@');
        return at <= 0 ? "***" : string.Concat(address.AsSpan(0, 1), "***", address.AsSpan(at));
    }

    /// <summary>Masks every token of <paramref name="text"/> that contains an <c>@</c>.</summary>
    public static string EmailsIn(string text)
    {
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
            result.Append(start < at ? Email(text[start..end]) : text[start..end]);
            i = end;
        }

        return result.ToString();
    }

    private static bool IsBoundary(char c) => char.IsWhiteSpace(c) || c is '<' or '>' or '"' or '\'' or ',' or ';' or '(' or ')' or '[' or ']';
}
