namespace BounceKit.MarketingCloud.Extracts;

/// <summary>How <see cref="SfmcExtractReader"/> reads an extract file.</summary>
public sealed class SfmcExtractOptions
{
    private readonly char? _delimiter;
    private readonly TimeZoneInfo _timeZone = CentralStandardTimeWithoutDaylightSaving;

    /// <summary>Central Standard Time without daylight saving: a fixed UTC-06:00 all year, the zone SFMC writes data view
    /// and extract dates in.</summary>
    /// <remarks>Source: the <c>_Bounce</c> data view reference, "Central Standard Time with no daylight-saving adjustment"
    /// (https://help.salesforce.com/s/articleView?id=mktg.mc_as_data_view_bounce.htm; provider-facts 2.2).</remarks>
    public static TimeZoneInfo CentralStandardTimeWithoutDaylightSaving { get; } = TimeZoneInfo.CreateCustomTimeZone(
        "SFMC Central Standard Time",
        TimeSpan.FromHours(-6),
        "(UTC-06:00) Central Standard Time without daylight saving (Marketing Cloud)",
        "Central Standard Time (no DST)");

    /// <summary>The default options: delimiter detected, dates in <see cref="CentralStandardTimeWithoutDaylightSaving"/>.</summary>
    public static SfmcExtractOptions Default { get; } = new();

    /// <summary>The field delimiter, or <see langword="null"/> (the default) to detect it from the header line: a tab when
    /// the header contains one, a comma otherwise.</summary>
    /// <remarks>Must be an ASCII character other than the quote, CR and LF.</remarks>
    /// <exception cref="ArgumentOutOfRangeException">The character cannot be a delimiter.</exception>
    public char? Delimiter
    {
        get => _delimiter;
        init
        {
            if (value is { } c && (!char.IsAscii(c) || c is '"' or '\r' or '\n' or '\0'))
            {
                throw new ArgumentOutOfRangeException(nameof(value), value,
                    "The delimiter must be an ASCII character other than the quote, CR, LF and NUL.");
            }

            _delimiter = value;
        }
    }

    /// <summary>The zone of dates that carry no offset. Defaults to <see cref="CentralStandardTimeWithoutDaylightSaving"/>
    /// (fixed UTC-06:00, also in summer). A date with an offset or <c>Z</c> keeps its own offset.</summary>
    /// <remarks>For another fixed offset use <see cref="TimeZoneInfo.CreateCustomTimeZone(string, TimeSpan, string, string)"/>.
    /// With a zone that has daylight saving, an ambiguous or skipped local time gets the zone's standard offset.</remarks>
    /// <exception cref="ArgumentNullException">The value is <see langword="null"/>.</exception>
    public TimeZoneInfo TimeZone
    {
        get => _timeZone;
        init
        {
            ArgumentNullException.ThrowIfNull(value);
            _timeZone = value;
        }
    }

    /// <summary>A name for the input used in error messages and <see cref="ExtractError.SourceName"/>, such as the file
    /// name. When <see langword="null"/>, the path overloads use the path.</summary>
    public string? SourceName { get; init; }
}
