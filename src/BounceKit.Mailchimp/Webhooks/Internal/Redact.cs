using System.Buffers;

namespace BounceKit.Mailchimp.Webhooks.Internal;

/// <summary>Decides which values from a webhook body may appear in <c>ToString</c> and messages.</summary>
internal static class Redact
{
    private const int MaxLength = 64;

    // Ids, list ids, reasons and type names are letters, digits and a few marks; anything else (an '@', spaces, a
    // subject line) is not echoed, so no text built from a body can carry an email address.
    private static readonly SearchValues<char> TokenChars = SearchValues.Create("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_.");

    /// <summary>Whether <paramref name="value"/> is a short token: 1-64 ASCII letters, digits, '-', '_' or '.'.</summary>
    public static bool IsToken(string value) => value.Length is > 0 and <= MaxLength && !value.AsSpan().ContainsAnyExcept(TokenChars);

    /// <summary>The value if it is a short token, otherwise a placeholder.</summary>
    public static string Token(string? value) => value switch
    {
        null => "-",
        { Length: 0 } => "''",
        { Length: <= MaxLength } when !value.AsSpan().ContainsAnyExcept(TokenChars) => value,
        _ => "(not shown)",
    };
}
