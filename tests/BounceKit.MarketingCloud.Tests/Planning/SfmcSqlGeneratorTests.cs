using BounceKit.MarketingCloud.Planning;

namespace BounceKit.MarketingCloud.Tests.Planning;

public class SfmcSqlGeneratorTests
{
    [Fact]
    public void Generate_Default_JoinsHeldSubscribersWithTheLatestBounceOfTheLastDay()
    {
        string sql = SfmcSqlGenerator.Generate();

        sql.Should().Contain("FROM _Bounce b").And.Contain("INNER JOIN _Subscribers s ON s.SubscriberKey = b.SubscriberKey")
            .And.Contain("s.Status = 'held'").And.Contain("DATEADD(DAY, -1, GETDATE())")
            .And.Contain("LEFT(b.SMTPBounceReason, 500)")
            .And.Contain("PARTITION BY b.SubscriberKey ORDER BY b.EventDate DESC").And.EndWith("WHERE x.RowNumber = 1")
            .And.NotContain("Hard bounce");
    }

    [Fact]
    public void Generate_Options_ChangeWindowLengthAndHardBounceCondition()
    {
        string sql = SfmcSqlGenerator.Generate(days: 7, reasonLength: 255, requireHardBounce: true);

        sql.Should().Contain("DATEADD(DAY, -7, GETDATE())").And.Contain("LEFT(b.SMTPBounceReason, 255)").And.Contain("h.BounceCategory = 'Hard bounce'");
    }

    [Theory]
    [InlineData(0, 500)]
    [InlineData(181, 500)]
    [InlineData(1, 0)]
    [InlineData(1, 4001)]
    public void Generate_OutOfRange_Throws(int days, int length) =>
        FluentActions.Invoking(() => SfmcSqlGenerator.Generate(days, length)).Should().Throw<ArgumentOutOfRangeException>();
}
