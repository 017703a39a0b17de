using System.Globalization;
using BounceKit.MarketingCloud.Extracts;
using BounceKit.MarketingCloud.Extracts.Internal;

namespace BounceKit.MarketingCloud.Tests.Extracts;

public class SfmcDateParserTests
{
    [Theory]
    [InlineData("11/22/2026 3:00:00 AM", "2026-11-22T03:00:00-06:00")]
    [InlineData("11/22/2026 3:00:00 PM", "2026-11-22T15:00:00-06:00")]
    [InlineData("11/22/2026 12:00:00 AM", "2026-11-22T00:00:00-06:00")]
    [InlineData("1/2/2026 3:04 PM", "2026-01-02T15:04:00-06:00")]
    [InlineData("11/22/2026 15:00", "2026-11-22T15:00:00-06:00")]
    [InlineData("11/22/2026 15:00:59", "2026-11-22T15:00:59-06:00")]
    [InlineData("11/22/2026", "2026-11-22T00:00:00-06:00")]
    [InlineData("2026-11-22 03:00:00", "2026-11-22T03:00:00-06:00")]
    [InlineData("2026-11-22 03:00:00.997", "2026-11-22T03:00:00.997-06:00")]
    [InlineData("2026-11-22 03:00", "2026-11-22T03:00:00-06:00")]
    [InlineData("2026-11-22T03:00:00", "2026-11-22T03:00:00-06:00")]
    [InlineData("2026-11-22T03:00:00Z", "2026-11-22T03:00:00+00:00")]
    [InlineData("2026-11-22T03:00Z", "2026-11-22T03:00:00+00:00")]
    [InlineData("2026-11-22T03:00:00+01:00", "2026-11-22T03:00:00+01:00")]
    [InlineData("2026-11-22T03:00:00.5-05:00", "2026-11-22T03:00:00.5-05:00")]
    [InlineData("  11/22/2026 3:00:00 AM  ", "2026-11-22T03:00:00-06:00")]
    public void TryParse_SfmcForms_ReturnsInstantWithOffset(string text, string expected)
    {
        DateTimeOffset want = DateTimeOffset.Parse(expected, CultureInfo.InvariantCulture);

        SfmcDateParser.TryParse(text, SfmcExtractOptions.CentralStandardTimeWithoutDaylightSaving, out DateTimeOffset value)
            .Should().BeTrue();

        value.Should().Be(want);
        value.Offset.Should().Be(want.Offset);
    }

    [Theory]
    [InlineData("")]
    [InlineData("22/11/2026 3:00:00 AM")]       // day first: not SFMC's US form
    [InlineData("11/22/2026 13:00:00 PM")]
    [InlineData("22.11.2026 03:00")]
    [InlineData("2026-13-01 00:00:00")]
    [InlineData("Nov 22 2026")]
    [InlineData("2026-11-22T03:00:00+25:00")]
    public void TryParse_OtherText_Fails(string text)
    {
        SfmcDateParser.TryParse(text, SfmcExtractOptions.CentralStandardTimeWithoutDaylightSaving, out _).Should().BeFalse();
    }
}
