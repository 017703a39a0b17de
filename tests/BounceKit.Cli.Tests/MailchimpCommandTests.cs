using BounceKit.Mailchimp;
using BounceKit.Mailchimp.Tests.Fakes;

namespace BounceKit.Cli.Tests;

public sealed class MailchimpCommandTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 10, 1, 8, 0, 0, TimeSpan.Zero);
    private static readonly Dictionary<string, string> Key = new() { ["BOUNCEKIT_MAILCHIMP_APIKEY"] = FakeMailchimpServer.ApiKey };
    private FakeMailchimpServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await FakeMailchimpServer.StartAsync();
        for (int i = 1; i <= 7; i++)
        {
            var campaign = new FakeCampaign($"C{i}", "L1", T0.AddDays(i)).Add("soft@example.com", "bounce", T0.AddDays(i).AddMinutes(1), "soft");
            if (i <= 2)
            {
                campaign.Add("engaged@example.com", "bounce", T0.AddDays(i).AddMinutes(1), "soft");
            }

            if (i == 3)
            {
                campaign.Add("engaged@example.com", "click", T0.AddDays(i).AddHours(1));
            }

            _server.Campaigns.Add(campaign);
        }

        _server.AddMember("L1", "gone@example.com", "cleaned", T0.AddDays(2));
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public void Events_PrintsPolicyInput_ThatPolicySimulateReads()
    {
        CliRunner.Result events = CliRunner.RunWithEnvironment("", Key, "mailchimp", "events", "--since", "2026-10-01T00:00:00Z", "--until", "2026-10-20T00:00:00Z", "--list", "L1", "--base-url", _server.BaseAddress.ToString());

        events.ExitCode.Should().Be(0, events.Stderr);
        events.Json.Should().HaveCount(7 + 2 + 1 + 1);
        events.Json[0].GetProperty("event").GetString().Should().Be("bounce");
        events.Json[0].GetProperty("bounce").GetString().Should().Be("hard", "the cleaned member comes first");
        events.Lines.Should().Contain(l => l.Contains("\"event\":\"click\"", StringComparison.Ordinal));

        CliRunner.Result states = CliRunner.RunWithInput(events.Stdout, "policy", "simulate", "--preset", "mailchimp", "--events", "-");

        states.ExitCode.Should().Be(0, states.Stderr);
        var bySubscriber = states.Json.ToDictionary(j => j.GetProperty("subscriber").GetString()!);
        bySubscriber[SubscriberHash.Compute("soft@example.com")].GetProperty("status").GetString().Should().Be("cleaned");
        bySubscriber[SubscriberHash.Compute("soft@example.com")].GetProperty("softBounceCount").GetInt32().Should().Be(7);
        bySubscriber[SubscriberHash.Compute("engaged@example.com")].GetProperty("status").GetString().Should().Be("subscribed");
        bySubscriber[SubscriberHash.Compute("engaged@example.com")].GetProperty("softBounceCount").GetInt32().Should().Be(2);
        bySubscriber[SubscriberHash.Compute("engaged@example.com")].GetProperty("hardBounce").GetBoolean().Should().BeFalse();
        bySubscriber[SubscriberHash.Compute("gone@example.com")].GetProperty("hardBounce").GetBoolean().Should().BeTrue();
    }

    [Fact]
    public void Events_KeyFromConfigFile_Works()
    {
        string path = Path.Combine(Path.GetTempPath(), $"bouncekit-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, System.Text.Json.JsonSerializer.Serialize(new { BounceKit = new { Mailchimp = new { ApiKey = FakeMailchimpServer.ApiKey, ListId = "L1", BaseAddress = _server.BaseAddress.ToString() } } }));
        try
        {
            CliRunner.Result result = CliRunner.Run("mailchimp", "events", "--since", "2026-10-01T00:00:00Z", "--until", "2026-10-03T00:00:00Z", "--config", path);

            result.ExitCode.Should().Be(0, result.Stderr);
            result.Json.Should().HaveCount(2, "C1's two soft bounces; C2 and the cleaning come after --until");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Events_NoKey_ExitsTwoNamingTheSettingAndVariable()
    {
        CliRunner.Result result = CliRunner.Run("mailchimp", "events", "--since", "7d", "--base-url", _server.BaseAddress.ToString());

        result.ExitCode.Should().Be(2);
        result.Stderr.Should().Contain("BounceKit:Mailchimp:ApiKey is empty").And.Contain("BOUNCEKIT_MAILCHIMP_APIKEY");
        result.Stdout.Should().BeEmpty();
    }

    [Theory]
    [InlineData("--since", "yesterday", "--since 'yesterday'")]
    [InlineData("--base-url", "not a url", "--base-url 'not a url'")]
    public void Events_BadArgument_ExitsTwo(string option, string value, string expected)
    {
        string[] args = option == "--since"
            ? ["mailchimp", "events", option, value]
            : ["mailchimp", "events", "--since", "1d", option, value];

        CliRunner.Result result = CliRunner.RunWithEnvironment("", Key, args);

        result.ExitCode.Should().Be(2);
        result.Stderr.Should().Contain(expected);
    }

    [Fact]
    public void Events_RefusedByMailchimp_ExitsOneWithTheProblem_AndNeverPrintsTheKey()
    {
        var wrongKey = new Dictionary<string, string> { ["BOUNCEKIT_MAILCHIMP_APIKEY"] = "deadbeefdeadbeefdeadbeefdeadbeef-us14" };

        CliRunner.Result result = CliRunner.RunWithEnvironment("", wrongKey, "mailchimp", "events", "--since", "1d", "--list", "L1", "--base-url", _server.BaseAddress.ToString());

        result.ExitCode.Should().Be(1);
        result.Stderr.Should().Contain("401 API Key Invalid").And.NotContain("deadbeef");
    }

    [Fact]
    public void Webhook_SamplePayloads_PrintTheirEvents()
    {
        CliRunner.Result result = CliRunner.RunWithInput(File.ReadAllText(Sample), "mailchimp", "webhook");

        result.ExitCode.Should().Be(0, result.Stderr);
        result.Json.Select(j => j.GetProperty("event").GetString()).Should().Equal("subscribe", "bounce", "complaint", "unsubscribe");
        result.Json[1].GetProperty("bounce").GetString().Should().Be("hard");
        result.Json[1].GetProperty("subscriber").GetString().Should().Be(SubscriberHash.Compute("gone@example.com"));
    }

    [Fact]
    public void Webhook_OutputWebhook_DescribesEveryPayload()
    {
        CliRunner.Result result = CliRunner.RunWithInput(File.ReadAllText(Sample), "mailchimp", "webhook", "--output", "webhook");

        result.ExitCode.Should().Be(0, result.Stderr);
        result.Json.Select(j => j.GetProperty("type").GetString()).Should().Equal("subscribe", "profile", "cleaned", "cleaned", "unsubscribe", "upemail", "campaign");
        result.Json[1].GetProperty("data").GetProperty("data[merges][GROUPINGS][0][groups]").GetString().Should().Be("Deliverability, CRM");
    }

    [Fact]
    public void Webhook_MalformedLine_IsReportedWithItsNumber_AndTheOthersStillPrint()
    {
        string input = "type=cleaned&fired_at=2026-10-03+11%3A00%3A00&data%5Blist_id%5D=L1&data%5Breason%5D=hard\n"
            + File.ReadAllLines(Sample)[2] + "\n";

        CliRunner.Result result = CliRunner.RunWithInput(input, "mailchimp", "webhook");

        result.ExitCode.Should().Be(3);
        result.Stderr.Should().Contain("line 1:").And.Contain("data[email]");
        result.Json.Should().ContainSingle().Which.GetProperty("event").GetString().Should().Be("bounce");
    }

    [Fact]
    public void EndToEnd_WebhooksPlusReports_GiveOnePolicyStatePerMember()
    {
        CliRunner.Result webhooks = CliRunner.RunWithInput(File.ReadAllText(Sample), "mailchimp", "webhook");
        CliRunner.Result reports = CliRunner.RunWithEnvironment("", Key, "mailchimp", "events", "--since", "2026-10-01T00:00:00Z", "--until", "2026-10-20T00:00:00Z", "--list", "L1", "--base-url", _server.BaseAddress.ToString());

        CliRunner.Result states = CliRunner.RunWithInput(webhooks.Stdout + reports.Stdout, "policy", "simulate", "--preset", "mailchimp", "--events", "-");

        states.ExitCode.Should().Be(0, states.Stderr);
        var by = states.Json.ToDictionary(j => j.GetProperty("subscriber").GetString()!);
        JsonOf(by, "engaged@example.com").GetProperty("consent").GetString().Should().Be("unsubscribed", "the webhook's unsubscribe is consent");
        JsonOf(by, "engaged@example.com").GetProperty("hardBounce").GetBoolean().Should().BeFalse("2 soft bounces and an unsubscribe are not a hard bounce");
        JsonOf(by, "engaged@example.com").GetProperty("softBounceCount").GetInt32().Should().Be(2);
        JsonOf(by, "gone@example.com").GetProperty("status").GetString().Should().Be("cleaned", "webhook and member list agree; the repeat changes nothing");
        JsonOf(by, "soft@example.com").GetProperty("status").GetString().Should().Be("cleaned");
        JsonOf(by, "new.reader@example.com").GetProperty("status").GetString().Should().Be("subscribed");
        by.Should().NotContainKey(SubscriberHash.Compute("ada@new.example.org"), "a changed address starts with no bounce history");
    }

    private static System.Text.Json.JsonElement JsonOf(Dictionary<string, System.Text.Json.JsonElement> by, string email) => by[SubscriberHash.Compute(email)];

    private static string Sample => Path.Combine(ParseCommandTests.RepoRoot(), "samples", "mailchimp-webhooks.txt");
}
