namespace BounceKit.MarketingCloud.Tests.Rest;

public sealed class DataExtensionRowTests
{
    [Fact]
    public void Indexer_AnyCase_FindsKeysAndValues()
    {
        var row = new DataExtensionRow(new Dictionary<string, string> { ["subscriberkey"] = "003A" }, new Dictionary<string, string> { ["status"] = "held" });

        row["SubscriberKey"].Should().Be("003A");
        row["STATUS"].Should().Be("held");
        row.Keys.Should().ContainKey("SUBSCRIBERKEY").And.HaveCount(1);
        row.Values.Should().ContainKey("Status").And.HaveCount(1);
    }

    [Fact]
    public void Constructor_FieldInKeysAndValues_Throws()
    {
        FluentActions.Invoking(() => new DataExtensionRow(new Dictionary<string, string> { ["Id"] = "1" }, new Dictionary<string, string> { ["ID"] = "2" }))
            .Should().Throw<ArgumentException>().WithMessage("*'ID' is both a key and a value*");
    }

    [Fact]
    public void ToString_NamesFieldsButNeverValues()
    {
        var row = new DataExtensionRow(new Dictionary<string, string> { ["EmailAddress"] = "person@example.com" }, new Dictionary<string, string> { ["Status"] = "held" });

        row.ToString().Should().Be("DataExtensionRow { keys: EmailAddress; values: Status }").And.NotContain("person@");
    }
}
