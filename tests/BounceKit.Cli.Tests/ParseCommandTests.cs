using System.Text.Json;

namespace BounceKit.Cli.Tests;

public class ParseCommandTests
{
    [Fact]
    public void Parse_TextArguments_WritesOneJsonObjectEach()
    {
        CliRunner.Result r = CliRunner.Run("parse", "smtp;550 5.1.1 <a@b>: Recipient address rejected: User unknown", "Sorry, no mailbox here by that name. (#5.1.1)");

        r.ExitCode.Should().Be(0);
        r.Stderr.Should().BeEmpty();
        JsonElement[] rows = r.Json;
        rows.Should().HaveCount(2);
        rows[0].GetProperty("text").GetString().Should().Be("smtp;550 5.1.1 <a@b>: Recipient address rejected: User unknown");
        rows[0].GetProperty("replyCode").GetInt32().Should().Be(550);
        rows[0].GetProperty("enhancedStatus").GetString().Should().Be("5.1.1");
        rows[0].GetProperty("statusTitle").GetString().Should().Be("Bad destination mailbox address");
        rows[1].GetProperty("replyCode").ValueKind.Should().Be(JsonValueKind.Null);
        rows[1].GetProperty("message").GetString().Should().Be("Sorry, no mailbox here by that name.");
    }

    [Fact]
    public void Parse_Stdin_ReadsEachLineInOrder()
    {
        CliRunner.Result r = CliRunner.RunWithInput("421 4.7.0 later\n552 5.2.2 full\nno code at all\n", "parse");

        r.ExitCode.Should().Be(0);
        r.Json.Select(j => j.GetProperty("enhancedStatus").ValueKind == JsonValueKind.Null ? null : j.GetProperty("enhancedStatus").GetString())
            .Should().Equal("4.7.0", "5.2.2", null);
    }

    [Fact]
    public void Parse_BlankLine_IsReportedWithItsLineNumber_AndTheRestIsKept()
    {
        CliRunner.Result r = CliRunner.RunWithInput("550 5.1.1 a\n\n   \n452 4.2.2 b\n", "parse");

        r.ExitCode.Should().Be(3);
        r.Json.Should().HaveCount(2);
        r.Stderr.Should().Contain("line 2").And.Contain("line 3").And.NotContain("line 1:").And.NotContain("line 4");
    }

    [Fact]
    public void Parse_TableFormat_HasHeaderAndOneRowPerInput()
    {
        CliRunner.Result r = CliRunner.Run("parse", "--format", "table", "550 5.1.1 user unknown", "421 try again");

        r.ExitCode.Should().Be(0);
        string[] lines = r.Lines;
        lines.Should().HaveCount(4);
        lines[0].Should().StartWith("REPLY").And.Contain("STATUS").And.Contain("TITLE").And.Contain("TEXT");
        lines[2].Should().StartWith("550").And.Contain("5.1.1").And.Contain("Bad destination mailbox address").And.EndWith("user unknown");
        lines[3].Should().StartWith("421").And.EndWith("try again");
    }

    [Fact]
    public void Parse_UnknownFormat_FailsWithAMessageOnStderr()
    {
        CliRunner.Result r = CliRunner.Run("parse", "--format", "xml", "550");

        r.ExitCode.Should().Be(2);
        r.Stdout.Should().BeEmpty();
        r.Stderr.Should().Contain("xml").And.Contain("bouncekit parse --help");
    }

    [Fact]
    public void Parse_OutputIsUtf8JsonWithoutEscapedMarkup()
    {
        CliRunner.Result r = CliRunner.Run("parse", "550 5.1.1 <müller@example.de>: unbekannt");

        r.Stdout.Should().Contain("<müller@example.de>");
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("parse", "--help")]
    public void Help_IsAvailableOnEveryCommand(params string[] args)
    {
        CliRunner.Result r = CliRunner.Run(args);

        r.ExitCode.Should().Be(0);
        r.Stdout.Should().Contain("Usage:");
    }

    [Fact]
    public void Version_PrintsTheInformationalVersion()
    {
        CliRunner.Result r = CliRunner.Run("--version");

        r.ExitCode.Should().Be(0);
        r.Stdout.Trim().Should().MatchRegex(@"^\d+\.\d+\.\d+");
    }

    [Fact]
    public void Parse_BundledSample_ParsesEveryLine()
    {
        string sample = File.ReadAllText(Path.Combine(RepoRoot(), "samples", "diagnostics.txt"));
        int lines = sample.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length;

        CliRunner.Result r = CliRunner.RunWithInput(sample, "parse");

        r.ExitCode.Should().Be(0);
        r.Json.Should().HaveCount(lines);
        r.Json.Count(j => j.GetProperty("replyCode").ValueKind != JsonValueKind.Null || j.GetProperty("enhancedStatus").ValueKind != JsonValueKind.Null)
            .Should().BeGreaterThan(lines / 2);
    }

    internal static string RepoRoot()
    {
        string? dir = AppContext.BaseDirectory;
        while (dir is not null && !File.Exists(Path.Combine(dir, "BounceKit.sln")))
        {
            dir = Path.GetDirectoryName(dir);
        }

        return dir ?? throw new InvalidOperationException("BounceKit.sln not found above " + AppContext.BaseDirectory);
    }
}
