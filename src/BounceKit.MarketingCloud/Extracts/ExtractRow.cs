using System.Diagnostics.CodeAnalysis;

namespace BounceKit.MarketingCloud.Extracts;

/// <summary>One data row of an extract: either the record read from it or the reason it could not be read.</summary>
/// <typeparam name="T">The record type, <see cref="SfmcBounceRecord"/> or <see cref="SfmcSubscriberRecord"/>.</typeparam>
/// <remarks>A value type so that streaming a large file allocates nothing per row beyond the record itself. The readers
/// always set one of <see cref="Record"/> and <see cref="Error"/>; only <c>default(ExtractRow&lt;T&gt;)</c> has neither.</remarks>
public readonly struct ExtractRow<T> : IEquatable<ExtractRow<T>>
    where T : class
{
    /// <summary>Creates a row that was read.</summary>
    /// <param name="record">The record.</param>
    /// <param name="line">The 1-based physical line where the row starts (the header is line 1).</param>
    public ExtractRow(T record, long line)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(line);
        Record = record;
        Line = line;
    }

    /// <summary>Creates a row that could not be read.</summary>
    /// <param name="error">Why; its <see cref="ExtractError.Line"/> becomes <see cref="Line"/>.</param>
    public ExtractRow(ExtractError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        Error = error;
        Line = error.Line;
    }

    /// <summary>The record, when the row was read; otherwise <see langword="null"/>.</summary>
    public T? Record { get; }

    /// <summary>Why the row could not be read; <see langword="null"/> when it was.</summary>
    public ExtractError? Error { get; }

    /// <summary>The 1-based physical line where the row starts; the header is line 1.</summary>
    public long Line { get; }

    /// <summary>Whether the row was read (<see cref="Record"/> is set) rather than rejected (<see cref="Error"/> is set).</summary>
    [MemberNotNullWhen(true, nameof(Record))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsSuccess => Record is not null;

    /// <inheritdoc/>
    public bool Equals(ExtractRow<T> other) =>
        Line == other.Line && EqualityComparer<T?>.Default.Equals(Record, other.Record) && Equals(Error, other.Error);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is ExtractRow<T> other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Line, Record, Error);

    /// <summary>Whether two rows hold the same line, record and error.</summary>
    /// <param name="left">Left.</param>
    /// <param name="right">Right.</param>
    /// <returns>Whether they are equal.</returns>
    public static bool operator ==(ExtractRow<T> left, ExtractRow<T> right) => left.Equals(right);

    /// <summary>Whether two rows differ.</summary>
    /// <param name="left">Left.</param>
    /// <param name="right">Right.</param>
    /// <returns>Whether they differ.</returns>
    public static bool operator !=(ExtractRow<T> left, ExtractRow<T> right) => !left.Equals(right);
}
