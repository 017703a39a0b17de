using System.Text.Json;
using BounceKit.MarketingCloud.Tests.Rest.Fakes;

namespace BounceKit.Cli.Tests;

public sealed class SfmcPullTests : IAsyncLifetime, IDisposable
{
    private static readonly Dictionary<string, string> Secret = new() { ["BOUNCEKIT_SFMC_CLIENTSECRET"] = FakeMarketingCloudServer.ClientSecret };
    private readonly string _config = Path.Combine(Path.GetTempPath(), $"bouncekit-sfmc-{Guid.NewGuid():N}.json");
    private FakeMarketingCloudServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await FakeMarketingCloudServer.StartAsync();
        (string Key, string Date, string Category, string Reason)[] bounces =
        [
            ("0035g00000AbCdE", "11/22/2026 3:00:00 AM", "Hard bounce", "550 5.1.1 user unknown"),
            ("00Q5g00000XyZab", "11/22/2026 9:15:00 PM", "Soft bounce", "452 4.2.2 Mailbox full"),
            ("0035g00000Bounc", "11/22/2026 4:30:00 AM", "Hard bounce", "550 5.1.1 rejected"),
            ("0035g00000Broke", "not a date", "Soft bounce", "421 4.4.2 dropped"),
        ];
        _server.AddRows("bounces_stage", bounces.Length, i => (
            new Dictionary<string, string> { ["SubscriberKey"] = bounces[i].Key, ["JobID"] = "90211" },
            new Dictionary<string, string> { ["EventDate"] = bounces[i].Date, ["BounceCategory"] = bounces[i].Category, ["SMTPBounceReason"] = bounces[i].Reason, ["SMTPCode"] = bounces[i].Reason[..3] }));
        (string Key, string Status)[] subscribers = [("0035g00000AbCdE", "held"), ("00Q5g00000XyZab", "held"), ("0035g00000Bounc", "bounced"), ("0035g00000Reset", "active")];
        _server.AddRows("subscribers_stage", subscribers.Length, i => (
            new Dictionary<string, string> { ["SubscriberKey"] = subscribers[i].Key },
            new Dictionary<string, string> { ["Status"] = subscribers[i].Status, ["EmailAddress"] = $"p{i}@example.com" }));
        File.WriteAllText(_config, JsonSerializer.Serialize(new
        {
            BounceKit = new
            {
                MarketingCloud = new
                {
                    Subdomain = FakeMarketingCloudServer.Subdomain,
                    ClientId = FakeMarketingCloudServer.ClientId,
                    BouncesDataExtensionKey = "bounces_stage",
                    SubscribersDataExtensionKey = "subscribers_stage",
                },
            },
        }));
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    public void Dispose() => File.Delete(_config);

    private CliRunner.Result Pull(IReadOnlyDictionary<string, string> environment, params string[] extra) => CliRunner.RunWithEnvironment(
        "",
        environment,
        ["sfmc", "pull", "--config", _config, "--auth-url", _server.AuthBaseAddress.ToString(), "--since", "2026-11-22T00:00:00Z", "--until", "2026-11-24T00:00:00Z", .. extra]);

    [Fact]
    public void Pull_ReadsBothDataExtensions_AndPrintsThePlan()
    {
        string flagged = Path.GetTempFileName();
        File.WriteAllLines(flagged, ["0035g00000Reset"]);
        try
        {
            CliRunner.Result result = Pull(Secret, "--crm-flagged", flagged);

            result.ExitCode.Should().Be(3, "one staged row has an unreadable date: " + result.Stderr);
            result.Stderr.Should().Contain("bounces_stage:4: EventDate");
            result.Json.Select(j => (j.GetProperty("subscriberKey").GetString(), j.GetProperty("action").GetString()))
                .Should().Equal(("0035g00000AbCdE", "flag"), ("0035g00000Reset", "clear"), ("00Q5g00000XyZab", "flag"));
            result.Json[2].GetProperty("hardBounceDate").GetString().Should().Be("2026-11-23T03:15:00Z");
            _server.TokenRequests.Should().Be(1, "one token serves every page of both data extensions");
        }
        finally
        {
            File.Delete(flagged);
        }
    }

    [Fact]
    public void Pull_NoSecret_ExitsTwoNamingTheSetting_AndNeverPrintsSecrets()
    {
        CliRunner.Result result = Pull(new Dictionary<string, string>());

        result.ExitCode.Should().Be(2);
        result.Stderr.Should().Contain("ClientSecret");
        result.Stdout.Should().BeEmpty();
    }

    [Fact]
    public void Pull_WrongSecret_ExitsOne_WithoutTheSecret()
    {
        var wrong = new Dictionary<string, string> { ["BOUNCEKIT_SFMC_CLIENTSECRET"] = "Wr0ng-Secret-Value-123" };

        CliRunner.Result result = Pull(wrong);

        result.ExitCode.Should().Be(1);
        result.Stderr.Should().NotContain("Wr0ng-Secret-Value-123").And.NotBeEmpty();
    }
}
