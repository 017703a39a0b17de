namespace BounceKit.Cli.Tests;

public class SfmcCommandTests
{
    [Fact]
    public void Sql_PrintsTheQueryWithTheOptions()
    {
        CliRunner.Result result = CliRunner.Run("sfmc", "sql", "--days", "3", "--reason-length", "255", "--require-hard-bounce");

        result.ExitCode.Should().Be(0, result.Stderr);
        result.Stdout.Should().Contain("DATEADD(DAY, -3, GETDATE())").And.Contain("LEFT(b.SMTPBounceReason, 255)").And.Contain("'Hard bounce'");
    }

    [Theory]
    [InlineData("--days", "0", "--days must be 1 to 180")]
    [InlineData("--reason-length", "0", "--reason-length must be 1 to 4000")]
    public void Sql_OutOfRange_ExitsTwo(string option, string value, string expected)
    {
        CliRunner.Result result = CliRunner.Run("sfmc", "sql", option, value);

        result.ExitCode.Should().Be(2);
        result.Stderr.Should().Contain(expected);
    }
}
