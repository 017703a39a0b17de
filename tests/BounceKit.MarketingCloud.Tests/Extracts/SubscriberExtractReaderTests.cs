using BounceKit.MarketingCloud.Extracts;

namespace BounceKit.MarketingCloud.Tests.Extracts;

public class SubscriberExtractReaderTests
{
    private const string Header = "SubscriberID,SubscriberKey,EmailAddress,Status,DateUndeliverable,DateJoined,BounceCount,Domain,SubscriberType";

    private static List<ExtractRow<SfmcSubscriberRecord>> Read(string text) =>
        SfmcExtractReader.ReadSubscribers(new StringReader(text)).ToList();

    [Fact]
    public void ReadSubscribers_HeldRow_FillsEveryColumn()
    {
        string text = Header + "\n1,0035g00000AbCdE,a@example.com,held,11/22/2026 3:00 AM,1/1/2020 12:00 AM,3,example.com,Customer\n";

        SfmcSubscriberRecord record = Read(text).Single().Record!;

        record.Should().BeEquivalentTo(new SfmcSubscriberRecord
        {
            SubscriberKey = "0035g00000AbCdE",
            Status = "held",
            EmailAddress = "a@example.com",
            DateUndeliverable = new DateTimeOffset(2026, 11, 22, 3, 0, 0, TimeSpan.FromHours(-6)),
            BounceCount = 3,
            Domain = "example.com",
        });
        record.IsHeld.Should().BeTrue();
    }

    [Fact]
    public void ReadSubscribers_ActiveRowWithEmptyOptionalFields_ReadsThemAsNull()
    {
        SfmcSubscriberRecord record = Read(Header + "\n1,k1,,active,,,,,\n").Single().Record!;

        record.IsActive.Should().BeTrue();
        record.EmailAddress.Should().BeNull();
        record.DateUndeliverable.Should().BeNull();
        record.BounceCount.Should().BeNull();
        record.Domain.Should().BeNull();
    }

    [Theory]
    [InlineData("1,,a@example.com,held,,,1,,", "SubscriberKey")]
    [InlineData("1,k1,a@example.com,,,,1,,", "Status")]
    [InlineData("1,k1,a@example.com,held,31.12.2026,,1,,", "DateUndeliverable")]
    [InlineData("1,k1,a@example.com,held,,,three,,", "BounceCount")]
    public void ReadSubscribers_BadRow_ReportsColumnAndGoesOn(string badRow, string column)
    {
        List<ExtractRow<SfmcSubscriberRecord>> rows = Read(Header + "\n" + badRow + "\n2,k2,,bounced,,,1,,\n");

        rows.Should().HaveCount(2);
        rows[0].Error!.Column.Should().Be(column);
        rows[0].Error!.Line.Should().Be(2);
        rows[1].Record!.Status.Should().Be("bounced");
    }

    [Fact]
    public void ReadSubscribers_MissingStatusColumn_ThrowsNamingIt()
    {
        Action read = () => Read("SubscriberKey,EmailAddress\nk1,a@example.com\n");

        read.Should().Throw<SfmcExtractFormatException>().Which.MissingColumns.Should().Equal("Status");
    }

    [Fact]
    public void ReadSubscribers_TabSeparatedAndOtherCase_Reads()
    {
        SfmcSubscriberRecord record = Read("subscriberkey\tSTATUS\tbouncecount\nk1\tHeld\t4\n").Single().Record!;

        record.IsHeld.Should().BeTrue();
        record.BounceCount.Should().Be(4);
    }
}
