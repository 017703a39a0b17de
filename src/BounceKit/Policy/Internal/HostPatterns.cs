namespace BounceKit.Policy.Internal;

/// <summary>Host patterns compiled for matching without allocation: hash lookups of the host and its parent domains
/// instead of comparing every pattern.</summary>
/// <remarks>Three forms: <c>gmail.com</c> (the host or any parent equals it), <c>*.google.com</c> (a proper parent
/// equals <c>google.com</c>) and <c>hotmail.*</c> (the host starts with <c>hotmail.</c> and ends in one or two short
/// labels). Patterns are lower case; hosts compare ignoring case.</remarks>
internal sealed class HostPatterns
{
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _exact;
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _parents;
    private readonly string[] _labels;

    public HostPatterns(IEnumerable<string> patterns)
    {
        var exact = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var parents = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var labels = new List<string>();
        foreach (string pattern in patterns)
        {
            if (pattern.StartsWith("*.", StringComparison.Ordinal))
            {
                parents.Add(pattern[2..]);
            }
            else if (pattern.EndsWith(".*", StringComparison.Ordinal))
            {
                labels.Add(pattern[..^1]); // keeps the dot: "hotmail."
            }
            else
            {
                exact.Add(pattern);
            }
        }

        _exact = exact.GetAlternateLookup<ReadOnlySpan<char>>();
        _parents = parents.GetAlternateLookup<ReadOnlySpan<char>>();
        _labels = [.. labels];
    }

    public bool Matches(ReadOnlySpan<char> host)
    {
        foreach (string label in _labels)
        {
            // "hotmail.*": the label under a country or generic suffix, not any domain that starts with the label.
            if (host.StartsWith(label, StringComparison.OrdinalIgnoreCase) && IsShortSuffix(host[label.Length..]))
            {
                return true;
            }
        }

        ReadOnlySpan<char> suffix = host;
        bool isHost = true;
        while (!suffix.IsEmpty)
        {
            if (_exact.Contains(suffix) || (!isHost && _parents.Contains(suffix)))
            {
                return true;
            }

            int dot = suffix.IndexOf('.');
            if (dot < 0)
            {
                return false;
            }

            suffix = suffix[(dot + 1)..];
            isHost = false;
        }

        return false;
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
