using BounceKit.Policy.Internal;

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
    private readonly HostPatterns _domainPatterns;
    private readonly HostPatterns _mtaPatterns;

    /// <summary>Creates a policy from patterns.</summary>
    /// <param name="domains">Recipient-domain patterns.</param>
    /// <param name="mtaHosts">Remote-MTA patterns.</param>
    public TrustedIspPolicy(IEnumerable<string> domains, IEnumerable<string>? mtaHosts = null)
    {
        ArgumentNullException.ThrowIfNull(domains);
        _domains = [.. domains.Select(Normalise).Where(d => d.Length > 0)];
        _mtaHosts = [.. (mtaHosts ?? []).Select(Normalise).Where(d => d.Length > 0)];
        _domainPatterns = new HostPatterns(_domains);
        _mtaPatterns = new HostPatterns(_mtaHosts);
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
        if (!domain.IsEmpty && _domainPatterns.Matches(domain))
        {
            return true;
        }

        // A custom domain hosted at a trusted provider counts through its MTA host, matched by either list.
        ReadOnlySpan<char> mta = Trimmed(remoteMta);
        return !mta.IsEmpty && (_mtaPatterns.Matches(mta) || _domainPatterns.Matches(mta));
    }

    private static string Normalise(string host) => host.Trim().TrimEnd('.').ToLowerInvariant();

    private static ReadOnlySpan<char> Trimmed(string? host) => host is null ? default : host.AsSpan().Trim().TrimEnd('.');
}
