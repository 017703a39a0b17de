using BounceKit.Classification;
using CsvHelper;

namespace BounceKit.MarketingCloud.Extracts.Internal;

/// <summary>Maps rows of the <c>_Bounce</c> data view export or the tracking extract's <c>Bounces</c> file.</summary>
/// <remarks>Columns: provider-facts 2.2 (data view) and 2.7 (tracking extract, which says <c>SendID</c> and
/// <c>BounceReason</c> where the data view says <c>JobID</c> and <c>SMTPBounceReason</c>).</remarks>
internal sealed class BounceRowMapper : IRowMapper<SfmcBounceRecord>
{
    private readonly HeaderMap _header;
    private readonly TimeZoneInfo _zone;
    private readonly int _subscriberKey;
    private readonly int _eventDate;
    private readonly int _jobId;
    private readonly int _category;
    private readonly int _subcategory;
    private readonly int _bounceType;
    private readonly int _smtpCode;
    private readonly int _reason;
    private readonly int _domain;
    private readonly int _email;
    private readonly int _isUnique;

    private BounceRowMapper(HeaderMap header, SfmcExtractOptions options)
    {
        _header = header;
        _zone = options.TimeZone;
        _subscriberKey = header.Required("SubscriberKey");
        _eventDate = header.Required("EventDate");
        header.ThrowIfMissing();
        _jobId = header.Optional("JobID", "SendID");
        _category = header.Optional("BounceCategory");
        _subcategory = header.Optional("BounceSubcategory");
        _bounceType = header.Optional("BounceType");
        _smtpCode = header.Optional("SMTPCode");
        _reason = header.Optional("SMTPBounceReason", "BounceReason");
        _domain = header.Optional("Domain");
        _email = header.Optional("EmailAddress");
        _isUnique = header.Optional("IsUnique");
    }

    /// <exception cref="SfmcExtractFormatException">A required column is missing.</exception>
    public static BounceRowMapper Create(HeaderMap header, SfmcExtractOptions options) => new(header, options);

    public ExtractRow<SfmcBounceRecord> Map(CsvReader csv, long line, bool unterminatedQuote)
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

        if (!ExtractFields.TryDate(csv, _eventDate, _zone, out DateTimeOffset? eventDate))
        {
            return Fail(line, _eventDate, $"'{ExtractFields.Shown(csv, _eventDate)}' is not a date ({SfmcDateParser.Forms}).");
        }

        if (eventDate is null)
        {
            return Fail(line, _eventDate, "The event date is empty.");
        }

        if (!ExtractFields.TryInt64(csv, _jobId, out long? jobId))
        {
            return Fail(line, _jobId, $"'{ExtractFields.Shown(csv, _jobId)}' is not a job id (a whole number).");
        }

        if (!ExtractFields.TryInt32(csv, _smtpCode, out int? smtpCode))
        {
            return Fail(line, _smtpCode, $"'{ExtractFields.Shown(csv, _smtpCode)}' is not an SMTP code (a whole number such as 550).");
        }

        if (!ExtractFields.TryBoolean(csv, _isUnique, out bool? isUnique))
        {
            return Fail(line, _isUnique, $"'{ExtractFields.Shown(csv, _isUnique)}' is not a bit (1, 0, True or False).");
        }

        SfmcBounceCategory category = SfmcBounceCategoryText.Map(ExtractFields.Span(csv, _category));
        var record = new SfmcBounceRecord
        {
            SubscriberKey = subscriberKey,
            EventDate = eventDate.Value,
            JobId = jobId,
            BounceCategory = category,
            BounceSubcategory = ExtractFields.OptionalString(csv, _subcategory),
            BounceType = ExtractFields.OptionalString(csv, _bounceType),
            SmtpCode = smtpCode,
            SmtpBounceReason = ExtractFields.OptionalString(csv, _reason),
            Domain = ExtractFields.OptionalString(csv, _domain),
            EmailAddress = ExtractFields.OptionalString(csv, _email),
            IsUnique = isUnique,
        };
        return new ExtractRow<SfmcBounceRecord>(record, line);
    }

    private ExtractRow<SfmcBounceRecord> Fail(long line, int column, string message) =>
        new(new ExtractError(line, column < 0 ? null : _header.NameOf(column), message, _header.SourceName));
}
