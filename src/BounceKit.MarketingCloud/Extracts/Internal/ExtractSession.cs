using CsvHelper;

namespace BounceKit.MarketingCloud.Extracts.Internal;

/// <summary>An extract being read: the header (read here, to detect the delimiter from it) and a CsvHelper reader
/// over the rows that follow.</summary>
/// <remarks>The text reader is not owned: whoever opened it disposes it.</remarks>
internal sealed class ExtractSession : IDisposable
{
    // A real row is a few fields and a reason of at most 8,000 characters (provider-facts 2.7). A record larger than
    // this is a quote that never closes, and growing the buffer for it would break the constant-memory promise.
    internal const int MaxRecordBytes = 1 << 20;

    internal const string UnclosedQuoteMessage = "A quoted field is never closed; the rest of the file was read into this row.";

    private readonly CsvReader _csv;
    private readonly long _headerLines;
    private long _unterminatedLine = -1;

    private ExtractSession(TextReader text, HeaderMap header, long headerLines)
    {
        Header = header;
        _headerLines = headerLines;
        CsvReaderOptions options = CsvReaderOptions.Default with
        {
            HasHeader = false,
            Separator = header.Delimiter,
            TrackLineNumbers = true,
            SkipEmptyLines = true,
            DetectSeparatorHint = false,
            MaxRecordSize = MaxRecordBytes,
            OnMalformedRecord = record =>
            {
                // Stray quotes and text after a closing quote are recovered as text; only an unclosed quote
                // makes a row unusable (it swallowed the rows after it).
                if (record.Reason == CsvMalformedReason.UnterminatedQuote)
                {
                    _unterminatedLine = record.LineNumber;
                }
            },
        };
        _csv = CsvReader.Create(text, options, leaveOpen: true);
    }

    public HeaderMap Header { get; }

    /// <summary>Reads the header line and prepares the row reader.</summary>
    /// <exception cref="SfmcExtractFormatException">The input has no header line.</exception>
    public static ExtractSession Open(TextReader text, SfmcExtractOptions options, string? sourceName)
    {
        long lines = 0;
        string? line;
        while ((line = text.ReadLine()) is not null)
        {
            lines++;
            if (!IsBlank(line, lines))
            {
                break;
            }
        }

        return Create(text, options, sourceName, line, lines);
    }

    /// <summary>Reads the header line asynchronously and prepares the row reader.</summary>
    public static async ValueTask<ExtractSession> OpenAsync(TextReader text, SfmcExtractOptions options, string? sourceName,
        CancellationToken cancellationToken)
    {
        long lines = 0;
        string? line;
        while ((line = await text.ReadLineAsync(cancellationToken).ConfigureAwait(false)) is not null)
        {
            lines++;
            if (!IsBlank(line, lines))
            {
                break;
            }
        }

        return Create(text, options, sourceName, line, lines);
    }

    /// <summary>Moves to the next row.</summary>
    public bool Read()
    {
        try
        {
            return _csv.Read();
        }
        catch (CsvFormatException ex)
        {
            throw Unreadable(ex);
        }
    }

    /// <summary>Moves to the next row asynchronously.</summary>
    public async ValueTask<bool> ReadAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await _csv.ReadAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (CsvFormatException ex)
        {
            throw Unreadable(ex);
        }
    }

    /// <summary>Maps the current row.</summary>
    public ExtractRow<T> Map<T>(IRowMapper<T> mapper)
        where T : class
    {
        long csvLine = _csv.LineNumber;
        return mapper.Map(_csv, csvLine + _headerLines, csvLine == _unterminatedLine);
    }

    public void Dispose() => _csv.Dispose();

    private static bool IsBlank(string line, long lineNumber) =>
        (lineNumber == 1 ? line.AsSpan().TrimStart('\uFEFF') : line.AsSpan()).IsWhiteSpace();

    private static ExtractSession Create(TextReader text, SfmcExtractOptions options, string? sourceName, string? headerLine,
        long headerLines)
    {
        if (headerLine is null)
        {
            throw new SfmcExtractFormatException(
                $"{sourceName ?? "The extract"} is empty: it has no header row.", sourceName, [])
            {
                Line = 0,
            };
        }

        if (headerLines == 1)
        {
            // A BOM survives when the caller decoded the bytes without stripping it (Encoding.UTF8.GetString).
            headerLine = headerLine.TrimStart('\uFEFF');
        }

        char delimiter = options.Delimiter ?? (headerLine.Contains('\t', StringComparison.Ordinal) ? '\t' : ',');
        var header = new HeaderMap(ReadHeaderNames(headerLine, delimiter), sourceName, delimiter);
        return new ExtractSession(text, header, headerLines);
    }

    private static string[] ReadHeaderNames(string headerLine, char delimiter)
    {
        // CsvHelper parses the header too, so that a quoted column name reads the same as a quoted value.
        CsvReaderOptions options = CsvReaderOptions.Default with { HasHeader = false, Separator = delimiter, DetectSeparatorHint = false };
        using CsvReader reader = CsvReader.FromText(headerLine, options);
        if (!reader.Read())
        {
            return [];
        }

        string[] names = new string[reader.FieldCount];
        for (int i = 0; i < names.Length; i++)
        {
            names[i] = reader.GetString(i).Trim();
        }

        return names;
    }

    private SfmcExtractFormatException Unreadable(CsvFormatException ex)
    {
        long line = ex.LineNumber > 0 ? ex.LineNumber + _headerLines : 0;
        string where = line > 0 ? $" at line {line}" : "";
        return new SfmcExtractFormatException(
            $"{Header.DisplayName} cannot be read{where}: {ex.Message} A row larger than {MaxRecordBytes / 1024} KiB " +
            "is not a Marketing Cloud row; most likely a quote is never closed.", ex)
        {
            SourceName = Header.SourceName,
            Line = line,
        };
    }
}
