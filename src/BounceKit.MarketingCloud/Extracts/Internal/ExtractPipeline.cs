using System.Runtime.CompilerServices;

namespace BounceKit.MarketingCloud.Extracts.Internal;

/// <summary>The read loop shared by every public overload: open lazily, read the header, map row by row.</summary>
internal static class ExtractPipeline
{
    public static IEnumerable<ExtractRow<T>> Read<T>(Func<TextReader> open, bool ownsReader, SfmcExtractOptions options,
        string? sourceName, Func<HeaderMap, SfmcExtractOptions, IRowMapper<T>> createMapper)
        where T : class
    {
        TextReader text = open();
        try
        {
            using ExtractSession session = ExtractSession.Open(text, options, sourceName);
            IRowMapper<T> mapper = createMapper(session.Header, options);
            while (session.Read())
            {
                yield return session.Map(mapper);
            }
        }
        finally
        {
            if (ownsReader)
            {
                text.Dispose();
            }
        }
    }

    public static async IAsyncEnumerable<ExtractRow<T>> ReadAsync<T>(Func<TextReader> open, bool ownsReader,
        SfmcExtractOptions options, string? sourceName, Func<HeaderMap, SfmcExtractOptions, IRowMapper<T>> createMapper,
        [EnumeratorCancellation] CancellationToken cancellationToken)
        where T : class
    {
        TextReader text = open();
        try
        {
            using ExtractSession session = await ExtractSession.OpenAsync(text, options, sourceName, cancellationToken)
                .ConfigureAwait(false);
            IRowMapper<T> mapper = createMapper(session.Header, options);
            while (await session.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                // CsvHelper completes synchronously from its buffer and checks the token only when it reads the
                // source; checking here makes a cancel stop within one row.
                cancellationToken.ThrowIfCancellationRequested();
                yield return session.Map(mapper);
            }
        }
        finally
        {
            if (ownsReader)
            {
                text.Dispose();
            }
        }
    }
}
