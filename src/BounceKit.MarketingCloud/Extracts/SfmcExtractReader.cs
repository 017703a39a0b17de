using System.Text;
using BounceKit.MarketingCloud.Extracts.Internal;

namespace BounceKit.MarketingCloud.Extracts;

/// <summary>Streams the rows of Marketing Cloud exports: the <c>_Bounce</c> data view, the tracking extract's
/// <c>Bounces</c> file and the <c>_Subscribers</c> data view, as CSV or TSV.</summary>
/// <remarks>
/// <para>Input: a header row, then one row per record; RFC 4180 quoting (separators, quotes and line breaks inside quoted
/// fields); UTF-8 with or without a byte order mark; CRLF or LF. The delimiter is detected from the header line (tab when
/// it contains one, comma otherwise) unless <see cref="SfmcExtractOptions.Delimiter"/> sets it. Column names are matched
/// ignoring case and surrounding whitespace; columns the reader does not use are ignored; of duplicate columns the first
/// wins. Empty lines are skipped.</para>
/// <para>Dates: <c>11/22/2026 3:00:00 AM</c>, <c>11/22/2026 15:00</c>, <c>2026-11-22 03:00:00</c> and ISO 8601, always
/// with the invariant culture. A date without an offset is a time in <see cref="SfmcExtractOptions.TimeZone"/> (by default
/// Central Standard Time without daylight saving, a fixed UTC-06:00, as SFMC documents); a date with an offset or <c>Z</c>
/// keeps it.</para>
/// <para>Errors: nothing is read until the enumeration starts. The first <c>MoveNext</c> reads the header and throws
/// <see cref="SfmcExtractFormatException"/> when the input is empty or lacks a required column (all missing columns are
/// named). After that, a row that cannot be read (empty key, unparseable date, non-numeric SMTP code, unclosed quote)
/// comes back as an <see cref="ExtractRow{T}"/> with an <see cref="ExtractRow{T}.Error"/> and reading goes on. The one
/// exception is a row larger than 1 MiB, which can only be an unclosed quote swallowing the file: reading stops with
/// <see cref="SfmcExtractFormatException"/> rather than buffer the rest of the file.</para>
/// <para>Memory: rows are read one at a time from a fixed buffer, so a file of any length streams in constant memory as
/// long as the caller does not keep the rows.</para>
/// </remarks>
public static class SfmcExtractReader
{
    private const int BufferSize = 64 * 1024;

    /// <summary>Reads the rows of a <c>_Bounce</c> export or a tracking extract <c>Bounces</c> file.</summary>
    /// <param name="reader">The text; it is not disposed.</param>
    /// <param name="options">The options, or <see langword="null"/> for <see cref="SfmcExtractOptions.Default"/>.</param>
    /// <returns>The rows, read lazily as they are enumerated.</returns>
    /// <remarks>Required columns: <c>SubscriberKey</c>, <c>EventDate</c>. Optional: <c>JobID</c> (or <c>SendID</c>),
    /// <c>BounceCategory</c>, <c>BounceSubcategory</c>, <c>BounceType</c>, <c>SMTPCode</c>, <c>SMTPBounceReason</c> (or
    /// <c>BounceReason</c>), <c>Domain</c>, <c>EmailAddress</c>, <c>IsUnique</c>. An empty or missing
    /// <c>BounceCategory</c> reads as <see cref="Classification.SfmcBounceCategory.Unknown"/>;
    /// "Technical or other bounce" as <see cref="Classification.SfmcBounceCategory.TechnicalOther"/>.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="reader"/> is <see langword="null"/>.</exception>
    public static IEnumerable<ExtractRow<SfmcBounceRecord>> ReadBounces(TextReader reader, SfmcExtractOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        options ??= SfmcExtractOptions.Default;
        return ExtractPipeline.Read(() => reader, ownsReader: false, options, options.SourceName, BounceRowMapper.Create);
    }

    /// <summary>Reads the rows of a <c>_Bounce</c> export or a tracking extract <c>Bounces</c> file from a stream.</summary>
    /// <param name="stream">The bytes, UTF-8 unless a byte order mark says otherwise; it is not disposed.</param>
    /// <param name="options">The options, or <see langword="null"/> for <see cref="SfmcExtractOptions.Default"/>.</param>
    /// <returns>The rows, read lazily as they are enumerated.</returns>
    /// <remarks>See <see cref="ReadBounces(TextReader, SfmcExtractOptions?)"/> for the columns.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="stream"/> cannot be read.</exception>
    public static IEnumerable<ExtractRow<SfmcBounceRecord>> ReadBounces(Stream stream, SfmcExtractOptions? options = null)
    {
        Func<TextReader> open = StreamOpener(stream);
        options ??= SfmcExtractOptions.Default;
        return ExtractPipeline.Read(open, ownsReader: true, options, options.SourceName, BounceRowMapper.Create);
    }

    /// <summary>Reads the rows of a <c>_Bounce</c> export or a tracking extract <c>Bounces</c> file.</summary>
    /// <param name="path">The file, UTF-8 unless a byte order mark says otherwise. It is opened when the enumeration
    /// starts and closed when it ends or is disposed.</param>
    /// <param name="options">The options, or <see langword="null"/> for <see cref="SfmcExtractOptions.Default"/>.
    /// Without a <see cref="SfmcExtractOptions.SourceName"/>, messages name the path.</param>
    /// <returns>The rows, read lazily as they are enumerated.</returns>
    /// <remarks>See <see cref="ReadBounces(TextReader, SfmcExtractOptions?)"/> for the columns.</remarks>
    /// <exception cref="ArgumentException"><paramref name="path"/> is <see langword="null"/> or empty.</exception>
    public static IEnumerable<ExtractRow<SfmcBounceRecord>> ReadBounces(string path, SfmcExtractOptions? options = null)
    {
        Func<TextReader> open = FileOpener(path, FileOptions.SequentialScan);
        options ??= SfmcExtractOptions.Default;
        return ExtractPipeline.Read(open, ownsReader: true, options, options.SourceName ?? path, BounceRowMapper.Create);
    }

    /// <summary>Reads the rows of a <c>_Subscribers</c> export.</summary>
    /// <param name="reader">The text; it is not disposed.</param>
    /// <param name="options">The options, or <see langword="null"/> for <see cref="SfmcExtractOptions.Default"/>.</param>
    /// <returns>The rows, read lazily as they are enumerated.</returns>
    /// <remarks>Required columns: <c>SubscriberKey</c>, <c>Status</c>. Optional: <c>EmailAddress</c>,
    /// <c>DateUndeliverable</c>, <c>BounceCount</c>, <c>Domain</c>. The status is kept as written (trimmed).</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="reader"/> is <see langword="null"/>.</exception>
    public static IEnumerable<ExtractRow<SfmcSubscriberRecord>> ReadSubscribers(TextReader reader, SfmcExtractOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        options ??= SfmcExtractOptions.Default;
        return ExtractPipeline.Read(() => reader, ownsReader: false, options, options.SourceName, SubscriberRowMapper.Create);
    }

    /// <summary>Reads the rows of a <c>_Subscribers</c> export from a stream.</summary>
    /// <param name="stream">The bytes, UTF-8 unless a byte order mark says otherwise; it is not disposed.</param>
    /// <param name="options">The options, or <see langword="null"/> for <see cref="SfmcExtractOptions.Default"/>.</param>
    /// <returns>The rows, read lazily as they are enumerated.</returns>
    /// <remarks>See <see cref="ReadSubscribers(TextReader, SfmcExtractOptions?)"/> for the columns.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="stream"/> cannot be read.</exception>
    public static IEnumerable<ExtractRow<SfmcSubscriberRecord>> ReadSubscribers(Stream stream, SfmcExtractOptions? options = null)
    {
        Func<TextReader> open = StreamOpener(stream);
        options ??= SfmcExtractOptions.Default;
        return ExtractPipeline.Read(open, ownsReader: true, options, options.SourceName, SubscriberRowMapper.Create);
    }

    /// <summary>Reads the rows of a <c>_Subscribers</c> export.</summary>
    /// <param name="path">The file, UTF-8 unless a byte order mark says otherwise. It is opened when the enumeration
    /// starts and closed when it ends or is disposed.</param>
    /// <param name="options">The options, or <see langword="null"/> for <see cref="SfmcExtractOptions.Default"/>.
    /// Without a <see cref="SfmcExtractOptions.SourceName"/>, messages name the path.</param>
    /// <returns>The rows, read lazily as they are enumerated.</returns>
    /// <remarks>See <see cref="ReadSubscribers(TextReader, SfmcExtractOptions?)"/> for the columns.</remarks>
    /// <exception cref="ArgumentException"><paramref name="path"/> is <see langword="null"/> or empty.</exception>
    public static IEnumerable<ExtractRow<SfmcSubscriberRecord>> ReadSubscribers(string path, SfmcExtractOptions? options = null)
    {
        Func<TextReader> open = FileOpener(path, FileOptions.SequentialScan);
        options ??= SfmcExtractOptions.Default;
        return ExtractPipeline.Read(open, ownsReader: true, options, options.SourceName ?? path, SubscriberRowMapper.Create);
    }

    /// <summary>Reads the rows of a <c>_Bounce</c> export or a tracking extract <c>Bounces</c> file asynchronously.</summary>
    /// <param name="reader">The text; it is not disposed.</param>
    /// <param name="options">The options, or <see langword="null"/> for <see cref="SfmcExtractOptions.Default"/>.</param>
    /// <param name="cancellationToken">Cancels the reading.</param>
    /// <returns>The rows, read lazily as they are enumerated.</returns>
    /// <remarks>See <see cref="ReadBounces(TextReader, SfmcExtractOptions?)"/> for the columns and errors.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="reader"/> is <see langword="null"/>.</exception>
    public static IAsyncEnumerable<ExtractRow<SfmcBounceRecord>> ReadBouncesAsync(TextReader reader,
        SfmcExtractOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reader);
        options ??= SfmcExtractOptions.Default;
        return ExtractPipeline.ReadAsync(() => reader, ownsReader: false, options, options.SourceName, BounceRowMapper.Create,
            cancellationToken);
    }

    /// <summary>Reads the rows of a <c>_Bounce</c> export or a tracking extract <c>Bounces</c> file from a stream
    /// asynchronously.</summary>
    /// <param name="stream">The bytes, UTF-8 unless a byte order mark says otherwise; it is not disposed.</param>
    /// <param name="options">The options, or <see langword="null"/> for <see cref="SfmcExtractOptions.Default"/>.</param>
    /// <param name="cancellationToken">Cancels the reading.</param>
    /// <returns>The rows, read lazily as they are enumerated.</returns>
    /// <remarks>See <see cref="ReadBounces(TextReader, SfmcExtractOptions?)"/> for the columns and errors.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="stream"/> cannot be read.</exception>
    public static IAsyncEnumerable<ExtractRow<SfmcBounceRecord>> ReadBouncesAsync(Stream stream,
        SfmcExtractOptions? options = null, CancellationToken cancellationToken = default)
    {
        Func<TextReader> open = StreamOpener(stream);
        options ??= SfmcExtractOptions.Default;
        return ExtractPipeline.ReadAsync(open, ownsReader: true, options, options.SourceName, BounceRowMapper.Create,
            cancellationToken);
    }

    /// <summary>Reads the rows of a <c>_Bounce</c> export or a tracking extract <c>Bounces</c> file asynchronously.</summary>
    /// <param name="path">The file, UTF-8 unless a byte order mark says otherwise; opened when the enumeration starts.</param>
    /// <param name="options">The options, or <see langword="null"/> for <see cref="SfmcExtractOptions.Default"/>.
    /// Without a <see cref="SfmcExtractOptions.SourceName"/>, messages name the path.</param>
    /// <param name="cancellationToken">Cancels the reading.</param>
    /// <returns>The rows, read lazily as they are enumerated.</returns>
    /// <remarks>See <see cref="ReadBounces(TextReader, SfmcExtractOptions?)"/> for the columns and errors.</remarks>
    /// <exception cref="ArgumentException"><paramref name="path"/> is <see langword="null"/> or empty.</exception>
    public static IAsyncEnumerable<ExtractRow<SfmcBounceRecord>> ReadBouncesAsync(string path,
        SfmcExtractOptions? options = null, CancellationToken cancellationToken = default)
    {
        Func<TextReader> open = FileOpener(path, FileOptions.SequentialScan | FileOptions.Asynchronous);
        options ??= SfmcExtractOptions.Default;
        return ExtractPipeline.ReadAsync(open, ownsReader: true, options, options.SourceName ?? path, BounceRowMapper.Create,
            cancellationToken);
    }

    /// <summary>Reads the rows of a <c>_Subscribers</c> export asynchronously.</summary>
    /// <param name="reader">The text; it is not disposed.</param>
    /// <param name="options">The options, or <see langword="null"/> for <see cref="SfmcExtractOptions.Default"/>.</param>
    /// <param name="cancellationToken">Cancels the reading.</param>
    /// <returns>The rows, read lazily as they are enumerated.</returns>
    /// <remarks>See <see cref="ReadSubscribers(TextReader, SfmcExtractOptions?)"/> for the columns.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="reader"/> is <see langword="null"/>.</exception>
    public static IAsyncEnumerable<ExtractRow<SfmcSubscriberRecord>> ReadSubscribersAsync(TextReader reader,
        SfmcExtractOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reader);
        options ??= SfmcExtractOptions.Default;
        return ExtractPipeline.ReadAsync(() => reader, ownsReader: false, options, options.SourceName,
            SubscriberRowMapper.Create, cancellationToken);
    }

    /// <summary>Reads the rows of a <c>_Subscribers</c> export from a stream asynchronously.</summary>
    /// <param name="stream">The bytes, UTF-8 unless a byte order mark says otherwise; it is not disposed.</param>
    /// <param name="options">The options, or <see langword="null"/> for <see cref="SfmcExtractOptions.Default"/>.</param>
    /// <param name="cancellationToken">Cancels the reading.</param>
    /// <returns>The rows, read lazily as they are enumerated.</returns>
    /// <remarks>See <see cref="ReadSubscribers(TextReader, SfmcExtractOptions?)"/> for the columns.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="stream"/> cannot be read.</exception>
    public static IAsyncEnumerable<ExtractRow<SfmcSubscriberRecord>> ReadSubscribersAsync(Stream stream,
        SfmcExtractOptions? options = null, CancellationToken cancellationToken = default)
    {
        Func<TextReader> open = StreamOpener(stream);
        options ??= SfmcExtractOptions.Default;
        return ExtractPipeline.ReadAsync(open, ownsReader: true, options, options.SourceName, SubscriberRowMapper.Create,
            cancellationToken);
    }

    /// <summary>Reads the rows of a <c>_Subscribers</c> export asynchronously.</summary>
    /// <param name="path">The file, UTF-8 unless a byte order mark says otherwise; opened when the enumeration starts.</param>
    /// <param name="options">The options, or <see langword="null"/> for <see cref="SfmcExtractOptions.Default"/>.
    /// Without a <see cref="SfmcExtractOptions.SourceName"/>, messages name the path.</param>
    /// <param name="cancellationToken">Cancels the reading.</param>
    /// <returns>The rows, read lazily as they are enumerated.</returns>
    /// <remarks>See <see cref="ReadSubscribers(TextReader, SfmcExtractOptions?)"/> for the columns.</remarks>
    /// <exception cref="ArgumentException"><paramref name="path"/> is <see langword="null"/> or empty.</exception>
    public static IAsyncEnumerable<ExtractRow<SfmcSubscriberRecord>> ReadSubscribersAsync(string path,
        SfmcExtractOptions? options = null, CancellationToken cancellationToken = default)
    {
        Func<TextReader> open = FileOpener(path, FileOptions.SequentialScan | FileOptions.Asynchronous);
        options ??= SfmcExtractOptions.Default;
        return ExtractPipeline.ReadAsync(open, ownsReader: true, options, options.SourceName ?? path,
            SubscriberRowMapper.Create, cancellationToken);
    }

    private static Func<TextReader> StreamOpener(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanRead)
        {
            throw new ArgumentException("The stream cannot be read.", nameof(stream));
        }

        return () => new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, BufferSize, leaveOpen: true);
    }

    private static Func<TextReader> FileOpener(string path, FileOptions fileOptions)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var streamOptions = new FileStreamOptions
        {
            Mode = FileMode.Open,
            Access = FileAccess.Read,
            Share = FileShare.Read,
            Options = fileOptions,
            BufferSize = BufferSize,
        };
        return () => new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, streamOptions);
    }
}
