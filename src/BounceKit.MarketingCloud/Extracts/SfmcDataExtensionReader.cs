using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using BounceKit.MarketingCloud.Extracts.Internal;

namespace BounceKit.MarketingCloud.Extracts;

/// <summary>Reads bounce and subscriber records from data extension rows fetched over REST
/// (<see cref="MarketingCloudClient.GetRowsAsync"/>): the staging data extensions a Query Activity fills from
/// <c>_Bounce</c> and <c>_Subscribers</c>, with the data views' column names.</summary>
/// <remarks>The same rules as <see cref="SfmcExtractReader"/>: names compared ignoring case (REST returns them lower
/// case), <c>JobID</c> or <c>SendID</c>, <c>SMTPBounceReason</c> or <c>BounceReason</c>, dates in Central Standard Time
/// without daylight saving unless they carry an offset. A row that cannot be read becomes an <see cref="ExtractError"/>
/// whose line is the row's position (1 for the first row) and whose source is the data extension key.</remarks>
public static class SfmcDataExtensionReader
{
    /// <summary>Reads bounce records.</summary>
    /// <param name="rows">The rows, as the client pages them.</param>
    /// <param name="dataExtensionKey">The data extension's external key, for messages.</param>
    /// <param name="options">The time zone; the delimiter is ignored.</param>
    /// <param name="cancellationToken">Cancels the reading.</param>
    /// <returns>One record or error per row.</returns>
    public static async IAsyncEnumerable<ExtractRow<SfmcBounceRecord>> ReadBouncesAsync(IAsyncEnumerable<DataExtensionRow> rows, string dataExtensionKey, SfmcExtractOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rows);
        TimeZoneInfo zone = (options ?? SfmcExtractOptions.Default).TimeZone;
        long index = 0;
        await foreach (DataExtensionRow row in rows.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            index++;
            ExtractError? error = null;
            string? key = Text(row, "SubscriberKey");
            DateTimeOffset eventDate = default;
            long? job = null;
            int? code = null;
            if (key is null)
            {
                error = new ExtractError(index, "SubscriberKey", "The subscriber key is empty.", dataExtensionKey);
            }
            else if (!TryDate(row, zone, out eventDate, "EventDate"))
            {
                error = new ExtractError(index, "EventDate", "EventDate is missing or not a date.", dataExtensionKey);
            }
            else if (!TryNumber(row, out job, "JobID", "SendID"))
            {
                error = new ExtractError(index, "JobID", "JobID is not a number.", dataExtensionKey);
            }
            else if (!TryNumber(row, out long? smtp, "SMTPCode") || smtp is < int.MinValue or > int.MaxValue)
            {
                error = new ExtractError(index, "SMTPCode", "SMTPCode is not a number.", dataExtensionKey);
            }
            else
            {
                code = (int?)smtp;
            }

            if (error is not null)
            {
                yield return new ExtractRow<SfmcBounceRecord>(error);
                continue;
            }

            yield return new ExtractRow<SfmcBounceRecord>(
                new SfmcBounceRecord
                {
                    SubscriberKey = key!,
                    EventDate = eventDate,
                    JobId = job,
                    BounceCategory = SfmcBounceCategoryText.Map(Encoding.UTF8.GetBytes(Text(row, "BounceCategory") ?? string.Empty)),
                    BounceSubcategory = Text(row, "BounceSubcategory"),
                    BounceType = Text(row, "BounceType"),
                    SmtpCode = code,
                    SmtpBounceReason = Text(row, "SMTPBounceReason") ?? Text(row, "BounceReason"),
                    Domain = Text(row, "Domain"),
                    EmailAddress = Text(row, "EmailAddress"),
                    IsUnique = Text(row, "IsUnique") is { } unique ? unique is "1" || unique.Equals("true", StringComparison.OrdinalIgnoreCase) : null,
                },
                index);
        }
    }

    /// <summary>Reads subscriber records.</summary>
    /// <param name="rows">The rows, as the client pages them.</param>
    /// <param name="dataExtensionKey">The data extension's external key, for messages.</param>
    /// <param name="options">The time zone; the delimiter is ignored.</param>
    /// <param name="cancellationToken">Cancels the reading.</param>
    /// <returns>One record or error per row.</returns>
    public static async IAsyncEnumerable<ExtractRow<SfmcSubscriberRecord>> ReadSubscribersAsync(IAsyncEnumerable<DataExtensionRow> rows, string dataExtensionKey, SfmcExtractOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rows);
        TimeZoneInfo zone = (options ?? SfmcExtractOptions.Default).TimeZone;
        long index = 0;
        await foreach (DataExtensionRow row in rows.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            index++;
            string? key = Text(row, "SubscriberKey");
            string? status = Text(row, "Status");
            DateTimeOffset undeliverable = default;
            bool hasUndeliverable = Text(row, "DateUndeliverable") is not null;
            ExtractError? error = key is null ? new ExtractError(index, "SubscriberKey", "The subscriber key is empty.", dataExtensionKey)
                : status is null ? new ExtractError(index, "Status", "The status is empty.", dataExtensionKey)
                : hasUndeliverable && !TryDate(row, zone, out undeliverable, "DateUndeliverable") ? new ExtractError(index, "DateUndeliverable", "DateUndeliverable is not a date.", dataExtensionKey)
                : !TryNumber(row, out long? count, "BounceCount") || count is < 0 or > int.MaxValue ? new ExtractError(index, "BounceCount", "BounceCount is not a number.", dataExtensionKey)
                : null;
            if (error is not null)
            {
                yield return new ExtractRow<SfmcSubscriberRecord>(error);
                continue;
            }

            _ = TryNumber(row, out long? bounceCount, "BounceCount");
            yield return new ExtractRow<SfmcSubscriberRecord>(
                new SfmcSubscriberRecord
                {
                    SubscriberKey = key!,
                    Status = status!.ToLowerInvariant(),
                    EmailAddress = Text(row, "EmailAddress"),
                    DateUndeliverable = hasUndeliverable ? undeliverable : null,
                    BounceCount = (int?)bounceCount,
                    Domain = Text(row, "Domain"),
                },
                index);
        }
    }

    private static string? Text(DataExtensionRow row, string name) => row[name] is { } value && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

    private static bool TryDate(DataExtensionRow row, TimeZoneInfo zone, out DateTimeOffset value, string name)
    {
        value = default;
        return Text(row, name) is { } text && SfmcDateParser.TryParse(text, zone, out value);
    }

    private static bool TryNumber(DataExtensionRow row, out long? value, params string[] names)
    {
        value = null;
        foreach (string name in names)
        {
            if (Text(row, name) is { } text)
            {
                if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long parsed))
                {
                    return false;
                }

                value = parsed;
                return true;
            }
        }

        return true;
    }
}
