namespace BounceKit.MarketingCloud.Extracts;

/// <summary>Why one row of an extract could not be read; the rows around it are still read.</summary>
public sealed class ExtractError
{
    /// <summary>Creates a row error.</summary>
    /// <param name="line">The 1-based physical line where the row starts (the header is line 1).</param>
    /// <param name="column">The column at fault, as the reader names it, or <see langword="null"/> for the whole row.</param>
    /// <param name="message">What is wrong, in words a person can act on.</param>
    /// <param name="sourceName">The file or source name, when known.</param>
    public ExtractError(long line, string? column, string message, string? sourceName = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(line);
        ArgumentException.ThrowIfNullOrEmpty(message);
        Line = line;
        Column = column;
        Message = message;
        SourceName = sourceName;
    }

    /// <summary>The 1-based physical line where the row starts; the header is line 1, and a row that follows a
    /// quoted field spanning several lines starts after all of them.</summary>
    public long Line { get; }

    /// <summary>The column at fault (its canonical name, such as <c>EventDate</c>), or <see langword="null"/> when
    /// the row as a whole is broken (for example an unclosed quote).</summary>
    public string? Column { get; }

    /// <summary>What is wrong with the row.</summary>
    public string Message { get; }

    /// <summary>The file or source name given in <see cref="SfmcExtractOptions.SourceName"/> or the path read, when known.</summary>
    public string? SourceName { get; }

    /// <summary>The error as <c>source:line: column: message</c>, for logs.</summary>
    /// <returns>The formatted error.</returns>
    public override string ToString()
    {
        string where = SourceName is null ? $"line {Line}" : $"{SourceName}:{Line}";
        return Column is null ? $"{where}: {Message}" : $"{where}: {Column}: {Message}";
    }
}
