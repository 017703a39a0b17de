namespace BounceKit.Policy;

/// <summary>Which receivers count as "trusted ISPs": large mailbox providers whose hard bounces are reliable, so that
/// one hard bounce from them holds the address at once (SFMC's trusted-domain rule).</summary>
/// <remarks>
/// <para>Salesforce does not publish its list (provider-facts §2.1); the default here is a documented choice of large
/// providers. Patterns: <c>gmail.com</c> (the domain or any subdomain), <c>hotmail.*</c> (the label under a country or
/// generic suffix of one or two short labels, such as hotmail.de or hotmail.co.uk) and, for remote MTAs,
/// <c>*.google.com</c> (any host under it), so custom domains hosted at Google or Microsoft 365 count too.</para>
/// </remarks>
public sealed class TrustedIspPolicy
{
    /// <summary>The default recipient-domain patterns.</summary>
    public static IReadOnlyList<string> DefaultDomains { get; } =
    [
        "gmail.com", "googlemail.com", "outlook.com", "hotmail.*", "live.*", "msn.com", "yahoo.*", "ymail.com", "aol.com",
        "icloud.com", "me.com", "mac.com", "comcast.net", "att.net", "verizon.net", "gmx.*", "web.de", "t-online.de",
        "orange.fr", "free.fr", "mail.ru", "yandex.*", "qq.com",
    ];

    /// <summary>The default remote-MTA patterns.</summary>
    public static IReadOnlyList<string> DefaultMtaHosts { get; } =
    [
        "*.google.com", "*.googlemail.com", "*.protection.outlook.com", "*.outlook.com", "*.hotmail.com", "*.yahoodns.net",
        "*.icloud.com", "*.comcast.net", "*.gmx.net", "*.web.de", "*.t-online.de", "*.orange.fr", "*.mail.ru", "*.yandex.net",
        "*.qq.com",
    ];

    private readonly string[] _domains;
    private readonly string[] _mtaHosts;

    /// <summary>Creates a policy from patterns.</summary>
    /// <param name="domains">Recipient-domain patterns.</param>
    /// <param name="mtaHosts">Remote-MTA patterns.</param>
    public TrustedIspPolicy(IEnumerable<string> domains, IEnumerable<string>? mtaHosts = null)
    {
        ArgumentNullException.ThrowIfNull(domains);
        _domains = [.. domains.Select(Normalise).Where(d => d.Length > 0)];
        _mtaHosts = [.. (mtaHosts ?? []).Select(Normalise).Where(d => d.Length > 0)];
    }

    /// <summary>The default list.</summary>
    public static TrustedIspPolicy Default { get; } = new(DefaultDomains, DefaultMtaHosts);

    /// <summary>The recipient-domain patterns in force.</summary>
    public IReadOnlyList<string> Domains => _domains;

    /// <summary>The remote-MTA patterns in force.</summary>
    public IReadOnlyList<string> MtaHosts => _mtaHosts;

    /// <summary>A copy with more patterns.</summary>
    /// <param name="domains">Recipient-domain patterns to add.</param>
    /// <param name="mtaHosts">Remote-MTA patterns to add.</param>
    /// <returns>The extended policy.</returns>
    public TrustedIspPolicy With(IEnumerable<string> domains, IEnumerable<string>? mtaHosts = null) =>
        new(_domains.Concat(domains), _mtaHosts.Concat(mtaHosts ?? []));

    /// <summary>Whether a bounce from this recipient domain or remote MTA comes from a trusted ISP.</summary>
    /// <param name="recipientDomain">The recipient domain, if known.</param>
    /// <param name="remoteMta">The remote MTA host, if known.</param>
    /// <returns>Whether either matches.</returns>
    public bool IsTrusted(string? recipientDomain, string? remoteMta)
    {
        ReadOnlySpan<char> domain = Trimmed(recipientDomain);
        if (!domain.IsEmpty)
        {
            foreach (string pattern in _domains)
            {
                if (Matches(pattern, domain))
                {
                    return true;
                }
            }
        }

        ReadOnlySpan<char> mta = Trimmed(remoteMta);
        if (!mta.IsEmpty)
        {
            foreach (string pattern in _mtaHosts)
            {
                if (Matches(pattern, mta))
                {
                    return true;
                }
            }

            foreach (string pattern in _domains)
            {
                if (Matches(pattern, mta))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static string Normalise(string host) => host.Trim().TrimEnd('.').ToLowerInvariant();

    private static ReadOnlySpan<char> Trimmed(string? host) => host is null ? default : host.AsSpan().Trim().TrimEnd('.');

    // Patterns are lower case; hosts are compared ignoring case, without allocating.
    private static bool Matches(string pattern, ReadOnlySpan<char> host)
    {
        const StringComparison IgnoreCase = StringComparison.OrdinalIgnoreCase;
        if (pattern.StartsWith("*.", StringComparison.Ordinal))
        {
            return host.EndsWith(pattern.AsSpan(1), IgnoreCase);
        }

        if (pattern.EndsWith(".*", StringComparison.Ordinal))
        {
            // "hotmail.*": the label, then a country or generic suffix such as "com", "de", "co.uk", "com.br"; not any
            // domain that merely starts with the label ("live.example.com" is example.com's).
            ReadOnlySpan<char> label = pattern.AsSpan(0, pattern.Length - 1);
            return host.StartsWith(label, IgnoreCase) && IsShortSuffix(host[label.Length..]);
        }

        return host.Equals(pattern, IgnoreCase) ||
            (host.Length > pattern.Length && host.EndsWith(pattern, IgnoreCase) && host[host.Length - pattern.Length - 1] == '.');
    }

    private static bool IsShortSuffix(ReadOnlySpan<char> suffix)
    {
        int labels = 0;
        foreach (Range range in suffix.Split('.'))
        {
            ReadOnlySpan<char> part = suffix[range];
            if (++labels > 2 || part.Length is < 2 or > 3 || part.ContainsAnyExcept(AsciiLetters))
            {
                return false;
            }
        }

        return labels > 0;
    }

    private static readonly System.Buffers.SearchValues<char> AsciiLetters =
        System.Buffers.SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ");
}
