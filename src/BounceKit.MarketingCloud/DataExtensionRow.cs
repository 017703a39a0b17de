namespace BounceKit.MarketingCloud;

/// <summary>One row of a data extension: its primary-key fields and its other fields, as strings.</summary>
/// <remarks>Field names compare ignoring case because Marketing Cloud returns them lower-cased on read
/// (<c>subscriberkey</c> for <c>SubscriberKey</c>; provider-facts 2.6). <see cref="Fields"/> merges both parts, so a
/// reader asks for <c>row["SubscriberKey"]</c> whatever the case the service used.</remarks>
public sealed class DataExtensionRow
{
    /// <summary>Creates a row, for example to upsert.</summary>
    /// <param name="keys">The primary-key fields (at least one to upsert).</param>
    /// <param name="values">The other fields; none when <see langword="null"/>.</param>
    /// <exception cref="ArgumentException">A field appears in both <paramref name="keys"/> and <paramref name="values"/>.</exception>
    public DataExtensionRow(IEnumerable<KeyValuePair<string, string>> keys, IEnumerable<KeyValuePair<string, string>>? values = null)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var keyFields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var valueFields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach ((string name, string value) in keys)
        {
            keyFields[name] = value ?? string.Empty;
            fields[name] = value ?? string.Empty;
        }

        foreach ((string name, string value) in values ?? [])
        {
            if (keyFields.ContainsKey(name))
            {
                throw new ArgumentException($"The field '{name}' is both a key and a value.", nameof(values));
            }

            valueFields[name] = value ?? string.Empty;
            fields[name] = value ?? string.Empty;
        }

        Keys = keyFields;
        Values = valueFields;
        Fields = fields;
    }

    /// <summary>The primary-key fields, compared ignoring case.</summary>
    public IReadOnlyDictionary<string, string> Keys { get; }

    /// <summary>The fields that are not part of the primary key, compared ignoring case.</summary>
    public IReadOnlyDictionary<string, string> Values { get; }

    /// <summary>Every field, keys and values together, compared ignoring case.</summary>
    public IReadOnlyDictionary<string, string> Fields { get; }

    /// <summary>A field's value, or <see langword="null"/> when the row has no such field.</summary>
    /// <param name="name">The field name, in any case.</param>
    public string? this[string name] => Fields.TryGetValue(name, out string? value) ? value : null;

    /// <summary>The field names only: a row may hold personal data, so values are left out.</summary>
    /// <returns>For example <c>DataExtensionRow { keys: subscriberkey; values: status, bouncecount }</c>.</returns>
    public override string ToString() =>
        $"DataExtensionRow {{ keys: {string.Join(", ", Keys.Keys)}; values: {string.Join(", ", Values.Keys)} }}";
}
