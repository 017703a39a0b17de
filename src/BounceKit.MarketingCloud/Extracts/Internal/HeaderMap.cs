namespace BounceKit.MarketingCloud.Extracts.Internal;

/// <summary>The header of an extract: column names to indexes, matched ignoring case and surrounding whitespace.</summary>
internal sealed class HeaderMap
{
    private readonly Dictionary<string, int> _indexes = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<string> _missing = [];

    public HeaderMap(IReadOnlyList<string> names, string? sourceName, char delimiter)
    {
        Names = names;
        SourceName = sourceName;
        DisplayName = sourceName ?? "The extract";
        Delimiter = delimiter;
        for (int i = 0; i < names.Count; i++)
        {
            // The first of duplicate columns wins, as in most CSV tools.
            _indexes.TryAdd(names[i].Trim(), i);
        }
    }

    public IReadOnlyList<string> Names { get; }

    public string? SourceName { get; }

    /// <summary>The source name for messages: the name given, or "The extract".</summary>
    public string DisplayName { get; }

    /// <summary>The name of column <paramref name="index"/> as the header spells it.</summary>
    public string NameOf(int index) => Names[index].Trim();

    public char Delimiter { get; }

    /// <summary>The index of the first of <paramref name="names"/> present, or -1.</summary>
    public int Optional(params ReadOnlySpan<string> names)
    {
        foreach (string name in names)
        {
            if (_indexes.TryGetValue(name, out int index))
            {
                return index;
            }
        }

        return -1;
    }

    /// <summary>The index of <paramref name="name"/>; when absent it is noted for <see cref="ThrowIfMissing"/>.</summary>
    public int Required(string name)
    {
        int index = Optional(name);
        if (index < 0)
        {
            _missing.Add(name);
        }

        return index;
    }

    /// <summary>Throws one exception naming every required column that is absent, and the file.</summary>
    public void ThrowIfMissing()
    {
        if (_missing.Count == 0)
        {
            return;
        }

        string columns = string.Join(", ", _missing);
        string kind = Delimiter == '\t' ? "tab-separated" : Delimiter == ',' ? "comma-separated" : $"separated by '{Delimiter}'";
        throw new SfmcExtractFormatException(
            $"{DisplayName} is missing the required column{(_missing.Count == 1 ? "" : "s")} {columns} " +
            $"(header read as {kind}: {string.Join(", ", Names)}).",
            SourceName,
            _missing.ToArray())
        {
            Line = 1,
        };
    }
}
