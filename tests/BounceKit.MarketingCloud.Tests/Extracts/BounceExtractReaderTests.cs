using System.Text;
using BounceKit.Classification;
using BounceKit.MarketingCloud.Extracts;

namespace BounceKit.MarketingCloud.Tests.Extracts;

public class BounceExtractReaderTests
{
    private static readonly TimeSpan Cst = TimeSpan.FromHours(-6);

    private static List<ExtractRow<SfmcBounceRecord>> Read(string text, SfmcExtractOptions? options = null) =>
        SfmcExtractReader.ReadBounces(new StringReader(text), options).ToList();

    private static SfmcBounceRecord Single(string text, SfmcExtractOptions? options = null)
    {
        List<ExtractRow<SfmcBounceRecord>> rows = Read(text, options);
        rows.Should().ContainSingle();
        rows[0].Error.Should().BeNull();
        return rows[0].Record!;
    }

    [Fact]
    public void ReadBounces_DataViewRow_FillsEveryColumn()
    {
        const string text =
            "SubscriberKey,EventDate,JobID,BounceCategory,BounceSubcategory,BounceType,SMTPCode,SMTPBounceReason,Domain,IsUnique\n" +
            "0035g00000AbCdE,11/22/2026 3:00:00 AM,123456789012,Hard bounce,User Unknown,immediate,550,550 5.1.1 user unknown,example.com,1\n";

        SfmcBounceRecord record = Single(text);

        record.Should().BeEquivalentTo(new SfmcBounceRecord
        {
            SubscriberKey = "0035g00000AbCdE",
            EventDate = new DateTimeOffset(2026, 11, 22, 3, 0, 0, Cst),
            JobId = 123456789012,
            BounceCategory = SfmcBounceCategory.Hard,
            BounceSubcategory = "User Unknown",
            BounceType = "immediate",
            SmtpCode = 550,
            SmtpBounceReason = "550 5.1.1 user unknown",
            Domain = "example.com",
            EmailAddress = null,
            IsUnique = true,
        });
    }

    [Fact]
    public void ReadBounces_OnlyRequiredColumns_LeavesOptionalFieldsEmpty()
    {
        SfmcBounceRecord record = Single("SubscriberKey,EventDate\nk1,2026-11-22 03:00:00\n");

        record.JobId.Should().BeNull();
        record.SmtpCode.Should().BeNull();
        record.SmtpBounceReason.Should().BeNull();
        record.IsUnique.Should().BeNull();
        record.BounceCategory.Should().Be(SfmcBounceCategory.Unknown);
    }

    [Theory]
    [InlineData("\n")]
    [InlineData("\r\n")]
    public void ReadBounces_QuotedReason_KeepsCommasQuotesAndLineBreaks(string newline)
    {
        string text = string.Join(newline,
            "SubscriberKey,EventDate,SMTPBounceReason,SMTPCode",
            "k1,11/22/2026 3:00:00 AM,\"550 5.1.1 <a@example.com>, \"\"mailbox\"\" unknown" + newline + "second line\",550",
            "k2,11/22/2026 3:00:00 AM,plain,421",
            "");

        List<ExtractRow<SfmcBounceRecord>> rows = Read(text);

        rows.Select(r => r.Record!.SmtpBounceReason).Should().Equal(
            "550 5.1.1 <a@example.com>, \"mailbox\" unknown" + newline + "second line",
            "plain");
        rows.Select(r => r.Record!.SmtpCode).Should().Equal(550, 421);
    }

    [Theory]
    [InlineData("\n")]
    [InlineData("\r\n")]
    public void ReadBounces_RowAfterMultiLineField_ReportsItsPhysicalStartLine(string newline)
    {
        string text = string.Join(newline,
            "SubscriberKey,EventDate,SMTPBounceReason",                 // line 1
            "k1,11/22/2026 3:00:00 AM,\"one" + newline + "two" + newline + "three\"", // lines 2-4
            "k2,11/22/2026 3:00:00 AM,x",                                // line 5
            "",                                                          // line 6, empty, skipped
            "k3,not a date,x",                                           // line 7
            "k4,11/22/2026 3:00:00 AM,x");                               // line 8, no final newline

        List<ExtractRow<SfmcBounceRecord>> rows = Read(text);

        rows.Select(r => r.Line).Should().Equal(2, 5, 7, 8);
        rows[2].Error!.Line.Should().Be(7);
        rows.Select(r => r.IsSuccess).Should().Equal(true, true, false, true);
    }

    [Fact]
    public void ReadBounces_StreamWithByteOrderMark_MatchesFirstColumn()
    {
        byte[] bytes = [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes("SubscriberKey,EventDate\nk1,11/22/2026 3:00:00 AM\n")];
        using var stream = new MemoryStream(bytes);

        List<ExtractRow<SfmcBounceRecord>> rows = SfmcExtractReader.ReadBounces(stream).ToList();

        rows.Should().ContainSingle().Which.Record!.SubscriberKey.Should().Be("k1");
    }

    [Fact]
    public void ReadBounces_TextWithByteOrderMarkCharacter_MatchesFirstColumn()
    {
        SfmcBounceRecord record = Single("\uFEFFSubscriberKey,EventDate\nk1,11/22/2026 3:00:00 AM\n");

        record.SubscriberKey.Should().Be("k1");
    }

    [Fact]
    public void ReadBounces_StreamWithoutByteOrderMark_ReadsUtf8()
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes("SubscriberKey,EventDate,Domain\nkü,11/22/2026 3:00:00 AM,bücher.de\n"));

        SfmcBounceRecord record = SfmcExtractReader.ReadBounces(stream).Single().Record!;

        record.SubscriberKey.Should().Be("kü");
        record.Domain.Should().Be("bücher.de");
    }

    [Fact]
    public void ReadBounces_TabSeparatedHeader_DetectsTab()
    {
        SfmcBounceRecord record = Single("SubscriberKey\tEventDate\tSMTPBounceReason\nk1\t11/22/2026 3:00:00 AM\t550 a, b, c\n");

        record.SmtpBounceReason.Should().Be("550 a, b, c");
    }

    [Fact]
    public void ReadBounces_ExplicitDelimiter_OverridesDetection()
    {
        var options = new SfmcExtractOptions { Delimiter = ';' };

        SfmcBounceRecord record = Single("SubscriberKey;EventDate;SMTPBounceReason\nk1;11/22/2026 3:00:00 AM;a\tb, c\n", options);

        record.SmtpBounceReason.Should().Be("a\tb, c");
    }

    [Theory]
    [InlineData("JobID,EventDate\n", new[] { "SubscriberKey" })]
    [InlineData("SubscriberKey,JobID\n", new[] { "EventDate" })]
    [InlineData("JobID,SMTPCode\n1,2\n", new[] { "SubscriberKey", "EventDate" })]
    [InlineData("SubscriberKey\tEventDate\n", new[] { "SubscriberKey", "EventDate" })] // TSV read as CSV: one column
    public void ReadBounces_MissingRequiredColumns_ThrowsNamingThemAndTheFile(string text, string[] missing)
    {
        var options = new SfmcExtractOptions { SourceName = "bounces.csv", Delimiter = text.Contains('\t') ? ',' : null };

        Action read = () => _ = SfmcExtractReader.ReadBounces(new StringReader(text), options).ToList();

        var thrown = read.Should().Throw<SfmcExtractFormatException>().Which;
        thrown.MissingColumns.Should().Equal(missing);
        thrown.SourceName.Should().Be("bounces.csv");
        thrown.Message.Should().Contain("bounces.csv").And.ContainAll(missing);
    }

    [Fact]
    public void ReadBounces_MissingRequiredColumn_ThrowsOnFirstMoveNextNotOnCall()
    {
        IEnumerable<ExtractRow<SfmcBounceRecord>> rows = SfmcExtractReader.ReadBounces(new StringReader("a,b\n"));

        Action enumerate = () => rows.GetEnumerator().MoveNext();

        enumerate.Should().Throw<SfmcExtractFormatException>();
    }

    [Theory]
    [InlineData("")]
    [InlineData("\n\n")]
    public void ReadBounces_EmptyFile_ThrowsNoHeader(string text)
    {
        Action read = () => Read(text);

        read.Should().Throw<SfmcExtractFormatException>().WithMessage("*empty*no header*");
    }

    [Theory]
    [InlineData("SubscriberKey,EventDate")]
    [InlineData("SubscriberKey,EventDate\n")]
    [InlineData("SubscriberKey,EventDate\r\n\r\n")]
    public void ReadBounces_HeaderOnly_YieldsNoRows(string text)
    {
        Read(text).Should().BeEmpty();
    }

    [Fact]
    public void ReadBounces_ExtraColumnsAndOtherCase_AreIgnoredAndMatched()
    {
        const string text =
            "AccountID,subscriberkey, EVENTDATE ,TriggererSendDefinitionObjectID,smtpcode,SMTPMessage\n" +
            "1,k1,11/22/2026 3:00:00 AM,abc,550,ignored\n";

        SfmcBounceRecord record = Single(text);

        record.SubscriberKey.Should().Be("k1");
        record.SmtpCode.Should().Be(550);
        record.SmtpBounceReason.Should().BeNull("SMTPMessage is not the bounce reason");
    }

    [Theory]
    [InlineData(",11/22/2026 3:00:00 AM,1,550,1", "SubscriberKey", "empty")]
    [InlineData("  ,11/22/2026 3:00:00 AM,1,550,1", "SubscriberKey", "empty")]
    [InlineData("k,,1,550,1", "EventDate", "empty")]
    [InlineData("k,22/11/2026 3:00:00 AM,1,550,1", "EventDate", "'22/11/2026 3:00:00 AM' is not a date")]
    [InlineData("k,11/22/2026 3:00:00 XM,1,550,1", "EventDate", "not a date")]
    [InlineData("k,yesterday,1,550,1", "EventDate", "not a date")]
    [InlineData("k,11/22/2026 3:00:00 AM,12x,550,1", "JobID", "'12x' is not a job id")]
    [InlineData("k,11/22/2026 3:00:00 AM,1,5.5.0,1", "SMTPCode", "'5.5.0' is not an SMTP code")]
    [InlineData("k,11/22/2026 3:00:00 AM,1,550 ,yes", "IsUnique", "'yes' is not a bit")]
    public void ReadBounces_BadRow_ReportsColumnAndGoesOn(string badRow, string column, string message)
    {
        string text = "SubscriberKey,EventDate,JobID,SMTPCode,IsUnique\n" + badRow + "\nk2,11/22/2026 3:00:00 AM,2,421,0\n";

        List<ExtractRow<SfmcBounceRecord>> rows = Read(text, new SfmcExtractOptions { SourceName = "b.csv" });

        rows.Should().HaveCount(2);
        rows[0].IsSuccess.Should().BeFalse();
        rows[0].Error!.Column.Should().Be(column);
        rows[0].Error!.Line.Should().Be(2);
        rows[0].Error!.SourceName.Should().Be("b.csv");
        rows[0].Error!.Message.Should().Contain(message);
        rows[0].Error!.ToString().Should().StartWith($"b.csv:2: {column}: ");
        rows[1].Record!.SubscriberKey.Should().Be("k2");
        rows[1].Record!.IsUnique.Should().BeFalse();
    }

    [Fact]
    public void ReadBounces_ShortRow_ReadsMissingOptionalFieldsAsEmpty()
    {
        SfmcBounceRecord record = Single("SubscriberKey,EventDate,SMTPCode,Domain\nk1,11/22/2026 3:00:00 AM\n");

        record.SmtpCode.Should().BeNull();
        record.Domain.Should().BeNull();
    }

    [Fact]
    public void ReadBounces_UnclosedQuote_ReportsRowError()
    {
        const string text = "SubscriberKey,EventDate,SMTPBounceReason\nk1,11/22/2026 3:00:00 AM,ok\nk2,11/22/2026 3:00:00 AM,\"never closed\nk3,11/22/2026 3:00:00 AM,x\n";

        List<ExtractRow<SfmcBounceRecord>> rows = Read(text);

        rows.Should().HaveCount(2);
        rows[0].IsSuccess.Should().BeTrue();
        rows[1].Error!.Line.Should().Be(3);
        rows[1].Error!.Column.Should().BeNull();
        rows[1].Error!.Message.Should().Contain("never closed");
    }

    [Fact]
    public void ReadBounces_StrayQuoteInUnquotedField_IsKeptAsText()
    {
        SfmcBounceRecord record = Single("SubscriberKey\tEventDate\tSMTPBounceReason\nk1\t11/22/2026 3:00:00 AM\t550 user \"bob\" unknown\n");

        record.SmtpBounceReason.Should().Be("550 user \"bob\" unknown");
    }

    [Theory]
    [InlineData("Hard bounce", "Hard bounce")]
    [InlineData("hard BOUNCE", "Hard bounce")]
    [InlineData("Soft bounce", "Soft bounce")]
    [InlineData("Block bounce", "Block bounce")]
    [InlineData("Technical/Other bounce", "Technical/Other bounce")]
    [InlineData("Technical or other bounce", "Technical/Other bounce")]
    [InlineData("Unknown bounce", "Unknown bounce")]
    [InlineData("", "Unknown bounce")]
    [InlineData("Brand new bounce", "Brand new bounce")]
    public void ReadBounces_BounceCategory_MapsToSfmcBounceCategory(string text, string expected)
    {
        SfmcBounceRecord record = Single($"SubscriberKey,EventDate,BounceCategory\nk1,11/22/2026 3:00:00 AM,{text}\n");

        record.BounceCategory.Should().Be(new SfmcBounceCategory(expected));
        record.BounceCategory.Value.Should().Be(expected, "known categories come back in their canonical spelling");
    }

    [Fact]
    public void ReadBounces_TrackingExtractColumns_FillTheSameRecord()
    {
        const string text =
            "ClientID,SendID,SubscriberKey,EmailAddress,SubscriberID,ListID,EventDate,EventType,BounceCategory,SMTPCode,BounceReason,BatchID,TriggeredSendExternalKey\n" +
            "7,4242,k1,a@example.com,9,10,11/22/2026 3:00:00 AM,Bounce,Technical or other bounce,554,\"554 5.7.1, rejected\",1,\n";

        SfmcBounceRecord record = Single(text);

        record.JobId.Should().Be(4242);
        record.EmailAddress.Should().Be("a@example.com");
        record.BounceCategory.Should().Be(SfmcBounceCategory.TechnicalOther);
        record.SmtpCode.Should().Be(554);
        record.SmtpBounceReason.Should().Be("554 5.7.1, rejected");
    }

    [Fact]
    public void ReadBounces_BothJobIdAndSendId_PrefersJobId()
    {
        SfmcBounceRecord record = Single("SendID,SubscriberKey,EventDate,JobID\n1,k1,11/22/2026 3:00:00 AM,2\n");

        record.JobId.Should().Be(2);
    }

    [Fact]
    public void ReadBounces_BadSendId_NamesTheColumnAsTheFileSpellsIt()
    {
        ExtractRow<SfmcBounceRecord> row = Read("SubscriberKey,EventDate,sendid\nk1,11/22/2026 3:00:00 AM,x\n").Single();

        row.Error!.Column.Should().Be("sendid");
    }

    [Theory]
    [InlineData("7/15/2026 3:00:00 PM", "2026-07-15T15:00:00-06:00")] // July: still -06:00, SFMC has no DST
    [InlineData("1/15/2026 3:00:00 PM", "2026-01-15T15:00:00-06:00")]
    [InlineData("11/22/2026 15:00", "2026-11-22T15:00:00-06:00")]
    [InlineData("2026-07-22 03:00:00", "2026-07-22T03:00:00-06:00")]
    [InlineData("2026-07-22T03:00:00", "2026-07-22T03:00:00-06:00")]
    [InlineData("2026-07-22T03:00:00Z", "2026-07-22T03:00:00+00:00")]
    [InlineData("2026-07-22T03:00:00+01:00", "2026-07-22T03:00:00+01:00")]
    [InlineData("2026-07-22T03:00:00.123-05:00", "2026-07-22T03:00:00.123-05:00")]
    public void ReadBounces_EventDate_UsesFixedCstUnlessTheTextHasAnOffset(string date, string expected)
    {
        SfmcBounceRecord record = Single($"SubscriberKey,EventDate\nk1,{date}\n");

        DateTimeOffset want = DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture);
        record.EventDate.Should().Be(want);
        record.EventDate.Offset.Should().Be(want.Offset);
    }

    [Fact]
    public void ReadBounces_ZoneOption_AppliesToDatesWithoutOffset()
    {
        var options = new SfmcExtractOptions
        {
            TimeZone = TimeZoneInfo.CreateCustomTimeZone("plus2", TimeSpan.FromHours(2), "plus2", "plus2"),
        };

        SfmcBounceRecord record = Single("SubscriberKey,EventDate\nk1,7/15/2026 3:00:00 PM\n", options);

        record.EventDate.Should().Be(new DateTimeOffset(2026, 7, 15, 15, 0, 0, TimeSpan.FromHours(2)));
        record.EventDate.Offset.Should().Be(TimeSpan.FromHours(2));
    }

    [Fact]
    public void Options_InvalidDelimiter_Throws()
    {
        Action quote = () => _ = new SfmcExtractOptions { Delimiter = '"' };
        Action nonAscii = () => _ = new SfmcExtractOptions { Delimiter = '§' };

        quote.Should().Throw<ArgumentOutOfRangeException>();
        nonAscii.Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public void ReadBounces_NullArguments_ThrowAtCall()
    {
        Action reader = () => SfmcExtractReader.ReadBounces((TextReader)null!);
        Action path = () => SfmcExtractReader.ReadBounces("");

        reader.Should().Throw<ArgumentNullException>();
        path.Should().Throw<ArgumentException>();
    }
}
