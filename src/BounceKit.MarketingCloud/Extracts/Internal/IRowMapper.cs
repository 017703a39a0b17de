using CsvHelper;

namespace BounceKit.MarketingCloud.Extracts.Internal;

/// <summary>Turns the current record of an extract into a row: a record or a row error.</summary>
internal interface IRowMapper<T>
    where T : class
{
    /// <summary>Maps the current record.</summary>
    /// <param name="csv">The reader, positioned on the record.</param>
    /// <param name="line">The physical line the record starts on.</param>
    /// <param name="unterminatedQuote">Whether the record holds a quote that is never closed.</param>
    ExtractRow<T> Map(CsvReader csv, long line, bool unterminatedQuote);
}
