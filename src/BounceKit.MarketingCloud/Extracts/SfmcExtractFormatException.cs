namespace BounceKit.MarketingCloud.Extracts;

/// <summary>An extract cannot be read at all: it has no header row, lacks a required column, or holds a row too large
/// to be a real SFMC row (a quote that is never closed).</summary>
/// <remarks>Thrown by the enumerators of <see cref="SfmcExtractReader"/> on the first <c>MoveNext</c> (header problems)
/// or where the oversized row is met. Problems of single rows are never thrown: they come back as
/// <see cref="ExtractRow{T}.Error"/>.</remarks>
public sealed class SfmcExtractFormatException : FormatException
{
    /// <summary>Creates the exception with a default message.</summary>
    public SfmcExtractFormatException()
        : this("The Marketing Cloud extract cannot be read.")
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    public SfmcExtractFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public SfmcExtractFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for a file that lacks required columns.</summary>
    /// <param name="message">The message, naming the columns and the file.</param>
    /// <param name="sourceName">The file or source name, when known.</param>
    /// <param name="missingColumns">The required columns the header lacks.</param>
    public SfmcExtractFormatException(string message, string? sourceName, IReadOnlyList<string> missingColumns)
        : base(message)
    {
        ArgumentNullException.ThrowIfNull(missingColumns);
        SourceName = sourceName;
        MissingColumns = missingColumns;
    }

    /// <summary>The file or source name, when known.</summary>
    public string? SourceName { get; init; }

    /// <summary>The required columns the header lacks (canonical names, such as <c>SubscriberKey</c>); empty when the
    /// problem is something else.</summary>
    public IReadOnlyList<string> MissingColumns { get; init; } = [];

    /// <summary>The 1-based line the problem was found at, or 0 when it concerns the whole file.</summary>
    public long Line { get; init; }
}
