using System.Security.Cryptography;
using System.Text;

namespace BounceKit.Mailchimp;

/// <summary>Mailchimp's member id: the MD5 hex digest of the lower-cased email address.</summary>
/// <remarks>Marketing API v3 names a list member by this hash in every member URL, and reports carry it as
/// <c>email_id</c>. BounceKit uses it as the subscriber key of every Mailchimp event, so webhooks, reports and member
/// reads describe the same subscriber, and a changed address (<c>upemail</c>) starts a new subscriber: bounce state
/// belongs to the old address. Mailchimp documents only "lower-case"; BounceKit also trims surrounding white space.
/// Source: Mailchimp, "Manage subscribers with the Mailchimp API" (test vector in the tests).</remarks>
public static class SubscriberHash
{
    /// <summary>Computes the hash of <paramref name="email"/>.</summary>
    /// <param name="email">The address, in any case.</param>
    /// <returns>32 lower-case hexadecimal characters.</returns>
    /// <exception cref="ArgumentException"><paramref name="email"/> is empty or white space.</exception>
    public static string Compute(string email)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(email);
        string normalized = email.Trim().ToLowerInvariant();
        Span<byte> utf8 = normalized.Length <= 256 ? stackalloc byte[Encoding.UTF8.GetMaxByteCount(normalized.Length)] : new byte[Encoding.UTF8.GetMaxByteCount(normalized.Length)];
        int length = Encoding.UTF8.GetBytes(normalized, utf8);
        Span<byte> digest = stackalloc byte[MD5.HashSizeInBytes];
#pragma warning disable CA5351 // MD5 is Mailchimp's identifier scheme here, not a security measure.
        MD5.HashData(utf8[..length], digest);
#pragma warning restore CA5351
        return Convert.ToHexStringLower(digest);
    }

    /// <summary>Whether <paramref name="value"/> has the form of a subscriber hash (32 hexadecimal characters).</summary>
    /// <param name="value">The text to check.</param>
    /// <returns><see langword="true"/> when it is 32 hexadecimal characters.</returns>
    public static bool IsHash(ReadOnlySpan<char> value) => value.Length == 32 && !value.ContainsAnyExcept(HexDigits);

    private static readonly System.Buffers.SearchValues<char> HexDigits = System.Buffers.SearchValues.Create("0123456789abcdefABCDEF");
}
