namespace BounceKit.Dynamics.Internal;

/// <summary>A subscriber key read as a Dataverse row: <c>{guid}</c> (the default table), <c>contact:{guid}</c> or
/// <c>lead:{guid}</c>.</summary>
internal readonly record struct RecordKey(DynamicsEntity Entity, Guid Id)
{
    public string EntitySet => Entity == DynamicsEntity.Lead ? "leads" : "contacts";

    /// <summary>The path under <c>api/data/v9.2/</c>, for example <c>contacts(00000000-0000-0000-0000-000000000001)</c>.</summary>
    public string Path => $"{EntitySet}({Id:D})";

    public static bool TryParse(string? key, DynamicsEntity defaultEntity, out RecordKey record)
    {
        record = default;
        if (string.IsNullOrWhiteSpace(key))
        {
            return false;
        }

        ReadOnlySpan<char> text = key.AsSpan().Trim();
        DynamicsEntity entity = defaultEntity;
        int colon = text.IndexOf(':');
        if (colon >= 0)
        {
            ReadOnlySpan<char> prefix = text[..colon];
            if (prefix.Equals("contact", StringComparison.OrdinalIgnoreCase))
            {
                entity = DynamicsEntity.Contact;
            }
            else if (prefix.Equals("lead", StringComparison.OrdinalIgnoreCase))
            {
                entity = DynamicsEntity.Lead;
            }
            else
            {
                return false;
            }

            text = text[(colon + 1)..];
        }

        // Only the hyphenated form a Dataverse id is shown in: other forms (braces, 32 digits) are more likely a typo.
        if (!Guid.TryParseExact(text, "D", out Guid id) || id == Guid.Empty)
        {
            return false;
        }

        record = new RecordKey(entity, id);
        return true;
    }
}
