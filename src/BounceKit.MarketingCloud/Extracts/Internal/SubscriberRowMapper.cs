using CsvHelper;

namespace BounceKit.MarketingCloud.Extracts.Internal;

/// <summary>Maps rows of the <c>_Subscribers</c> data view export (columns: provider-facts 2.4).</summary>
internal sealed class SubscriberRowMapper : IRowMapper<SfmcSubscriberRecord>
{
    private readonly HeaderMap _header;
    private readonly TimeZoneInfo _zone;
    private readonly int _subscriberKey;
    private readonly int _status;
    private readonly int _email;
    private readonly int _dateUndeliverable;
    private readonly int _bounceCount;
    private readonly int _domain;

    private SubscriberRowMapper(HeaderMap header, SfmcExtractOptions options)
    {
        _header = header;
        _zone = options.TimeZone;
        _subscriberKey = header.Required("SubscriberKey");
        _status = header.Required("Status");
        header.ThrowIfMissing();
        _email = header.Optional("EmailAddress");
        _dateUndeliverable = header.Optional("DateUndeliverable");
        _bounceCount = header.Optional("BounceCount");
        _domain = header.Optional("Domain");
    }

    /// <exception cref="SfmcExtractFormatException">A required column is missing.</exception>
    public static SubscriberRowMapper Create(HeaderMap header, SfmcExtractOptions options) => new(header, options);

    public ExtractRow<SfmcSubscriberRecord> Map(CsvReader csv, long line, bool unterminatedQuote)
    {
        if (unterminatedQuote)
        {
            return Fail(line, -1, ExtractSession.UnclosedQuoteMessage);
        }

        string? subscriberKey = ExtractFields.OptionalString(csv, _subscriberKey);
        if (subscriberKey is null)
        {
            return Fail(line, _subscriberKey, "The subscriber key is empty.");
        }

        string? status = ExtractFields.OptionalString(csv, _status);
        if (status is null)
        {
            return Fail(line, _status, "The status is empty.");
        }

        if (!ExtractFields.TryDate(csv, _dateUndeliverable, _zone, out DateTimeOffset? dateUndeliverable))
        {
            return Fail(line, _dateUndeliverable,
                $"'{ExtractFields.Shown(csv, _dateUndeliverable)}' is not a date ({SfmcDateParser.Forms}).");
        }

        if (!ExtractFields.TryInt32(csv, _bounceCount, out int? bounceCount))
        {
            return Fail(line, _bounceCount, $"'{ExtractFields.Shown(csv, _bounceCount)}' is not a bounce count (a whole number).");
        }

        var record = new SfmcSubscriberRecord
        {
            SubscriberKey = subscriberKey,
            Status = status.Trim(),
            EmailAddress = ExtractFields.OptionalString(csv, _email),
            DateUndeliverable = dateUndeliverable,
            BounceCount = bounceCount,
            Domain = ExtractFields.OptionalString(csv, _domain),
        };
        return new ExtractRow<SfmcSubscriberRecord>(record, line);
    }

    private ExtractRow<SfmcSubscriberRecord> Fail(long line, int column, string message) =>
        new(new ExtractError(line, column < 0 ? null : _header.NameOf(column), message, _header.SourceName));
}
