using System.Text;
using System.Text.Json;

namespace BounceKit.Cli.Tests;

public class ClassifyCommandTests
{
    [Fact]
    public void Classify_Text_WritesTheContractFields()
    {
        CliRunner.Result r = CliRunner.Run("classify", "550 5.1.1 <a@b.example>... User unknown");

        r.ExitCode.Should().Be(0);
        JsonElement j = r.Json.Single();
        j.GetProperty("text").GetString().Should().Be("550 5.1.1 <a@b.example>... User unknown");
        j.GetProperty("replyCode").GetInt32().Should().Be(550);
        j.GetProperty("enhancedStatus").GetString().Should().Be("5.1.1");
        j.GetProperty("type").GetString().Should().Be("hard");
        j.GetProperty("hardBounce").GetBoolean().Should().BeTrue();
        j.GetProperty("reason").GetString().Should().Be("user-unknown");
        j.GetProperty("sisimaiReason").GetString().Should().Be("userunknown");
        j.GetProperty("category").GetString().Should().Be("hard");
        j.GetProperty("label").GetString().Should().Be("Invalid recipient");
        j.GetProperty("sfmcCategory").GetString().Should().Be("Hard bounce");
        j.GetProperty("mailchimpType").GetString().Should().Be("hard");
        j.GetProperty("evidence").EnumerateArray().Select(e => e.GetString()).Should().Contain("status 5.1.1").And.Contain("text 'user unknown'");
    }

    [Fact]
    public void Classify_JsonLines_UsesEveryField_AndReportsBadLinesByNumber()
    {
        string input = string.Join('\n',
            """{"text":"550 5.7.1 No such user!","status":"5.7.1","replyCode":550,"command":"RCPT","recipientDomain":"yandex.ru","remoteMta":"mx.yandex.ru"}""",
            """{"text":"Sender verify failed","command":"MAIL"}""",
            """not json""",
            """{"status":"5.1.1"}""",
            """{"text":"x","status":"5.x"}""",
            """{"text":"x","replyCode":999}""",
            """{"text":"452 4.2.2 Mailbox full","replyCode":"452"}""") + "\n";

        CliRunner.Result r = CliRunner.RunWithInput(input, "classify", "--input", "jsonl");

        r.ExitCode.Should().Be(3);
        JsonElement[] rows = r.Json;
        rows.Select(j => j.GetProperty("reason").GetString()).Should().Equal("user-unknown", "rejected", "mailbox-full");
        rows[0].GetProperty("provider").GetString().Should().Be("yandex");
        rows[1].GetProperty("type").GetString().Should().Be("block");
        rows[1].GetProperty("hardBounce").GetBoolean().Should().BeFalse();
        rows[2].GetProperty("type").GetString().Should().Be("soft");
        string[] errors = r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        errors.Should().HaveCount(4);
        errors[0].Should().Contain("line 3").And.Contain("not valid JSON");
        errors[1].Should().Contain("line 4").And.Contain("'text'");
        errors[2].Should().Contain("line 5").And.Contain("'status'");
        errors[3].Should().Contain("line 6").And.Contain("'replyCode'");
    }

    [Fact]
    public void Classify_TableFormat()
    {
        CliRunner.Result r = CliRunner.Run("classify", "-f", "table", "552 5.2.2 Mailbox full");

        r.ExitCode.Should().Be(0);
        r.Lines[0].Should().StartWith("TYPE").And.Contain("REASON").And.Contain("HARD");
        r.Lines[2].Should().StartWith("soft").And.Contain("mailbox-full").And.Contain("no");
    }

    [Fact]
    public void Classify_Streams_ManyLinesInOrder()
    {
        var input = new StringBuilder();
        for (int i = 0; i < 20_000; i++)
        {
            input.Append(i % 2 == 0 ? "550 5.1.1 user unknown\n" : "452 4.2.2 mailbox full\n");
        }

        CliRunner.Result r = CliRunner.RunWithInput(input.ToString(), "classify");

        r.ExitCode.Should().Be(0);
        string[] lines = r.Lines;
        lines.Should().HaveCount(20_000);
        lines[0].Should().Contain("\"user-unknown\"");
        lines[19_999].Should().Contain("\"mailbox-full\"");
    }
}
