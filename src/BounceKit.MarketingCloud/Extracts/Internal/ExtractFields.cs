using System.Globalization;
using System.Text;
using CsvHelper;

namespace BounceKit.MarketingCloud.Extracts.Internal;

/// <summary>Typed reads of the fields of the current record, straight from CsvHelper's UTF-8 spans; a column index of -1
/// (column absent) reads as empty.</summary>
internal static class ExtractFields
{
    private const int MaxDateLength = 64;

    public static ReadOnlySpan<byte> Span(CsvReader csv, int index) =>
        index < 0 ? default : csv.GetSpan(index).Trim(" \t"u8);

    /// <summary>The field as a string, or <see langword="null"/> when it is absent, empty or only whitespace.</summary>
    public static string? OptionalString(CsvReader csv, int index) =>
        Span(csv, index).IsEmpty ? null : csv.GetString(index);

    /// <summary>The field, shortened, for an error message.</summary>
    public static string Shown(CsvReader csv, int index)
    {
        ReadOnlySpan<byte> span = Span(csv, index);
        string text = Encoding.UTF8.GetString(span.Length > 40 ? span[..40] : span);
        return span.Length > 40 ? text + "…" : text;
    }

    public static bool TryInt32(CsvReader csv, int index, out int? value)
    {
        ReadOnlySpan<byte> span = Span(csv, index);
        value = null;
        if (span.IsEmpty)
        {
            return true;
        }

        if (int.TryParse(span, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int parsed))
        {
            value = parsed;
            return true;
        }

        return false;
    }

    public static bool TryInt64(CsvReader csv, int index, out long? value)
    {
        ReadOnlySpan<byte> span = Span(csv, index);
        value = null;
        if (span.IsEmpty)
        {
            return true;
        }

        if (long.TryParse(span, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long parsed))
        {
            value = parsed;
            return true;
        }

        return false;
    }

    /// <summary>SQL <c>bit</c> as exported: 1/0 or True/False, ignoring case.</summary>
    public static bool TryBoolean(CsvReader csv, int index, out bool? value)
    {
        ReadOnlySpan<byte> span = Span(csv, index);
        value = null;
        if (span.IsEmpty)
        {
            return true;
        }

        if (span.SequenceEqual("1"u8) || Ascii.EqualsIgnoreCase(span, "true"u8))
        {
            value = true;
            return true;
        }

        if (span.SequenceEqual("0"u8) || Ascii.EqualsIgnoreCase(span, "false"u8))
        {
            value = false;
            return true;
        }

        return false;
    }

    public static bool TryDate(CsvReader csv, int index, TimeZoneInfo zone, out DateTimeOffset? value)
    {
        ReadOnlySpan<byte> span = Span(csv, index);
        value = null;
        if (span.IsEmpty)
        {
            return true;
        }

        if (span.Length > MaxDateLength)
        {
            return false;
        }

        Span<char> chars = stackalloc char[MaxDateLength];
        int length = Encoding.UTF8.GetChars(span, chars);
        if (!SfmcDateParser.TryParse(chars[..length], zone, out DateTimeOffset parsed))
        {
            return false;
        }

        value = parsed;
        return true;
    }
}
