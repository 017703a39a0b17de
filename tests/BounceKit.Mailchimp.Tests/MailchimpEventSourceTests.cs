using BounceKit.Events;
using BounceKit.Mailchimp.Tests.Fakes;
using BounceKit.Policy;
using BounceKit.Storage.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace BounceKit.Mailchimp.Tests;

public sealed class MailchimpEventSourceTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 10, 1, 8, 0, 0, TimeSpan.Zero);
    private readonly string _directory = Directory.CreateTempSubdirectory("bouncekit-mailchimp-").FullName;
    private readonly ManualTime _time = new(T0.AddDays(20));
    private FakeMailchimpServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await FakeMailchimpServer.StartAsync();
        _server.Campaigns.Add(new FakeCampaign("ancient", "L1", T0.AddDays(-80)).Add("hard@example.com", "bounce", T0.AddDays(-80), "hard"));
        for (int i = 1; i <= 8; i++)
        {
            var campaign = new FakeCampaign($"C{i}", "L1", T0.AddDays(i));
            if (i <= 7)
            {
                campaign.Add("soft7@example.com", "bounce", T0.AddDays(i).AddMinutes(5), "soft");
            }

            if (i <= 3)
            {
                campaign.Add("soft3@example.com", "bounce", T0.AddDays(i).AddMinutes(5), "soft");
            }

            if (i == 4)
            {
                campaign.Add("soft3@example.com", "open", T0.AddDays(i).AddHours(2));
            }

            if (i == 1)
            {
                campaign.Add("hard@example.com", "bounce", T0.AddDays(i).AddMinutes(5), "hard");
            }

            _server.Campaigns.Add(campaign);
        }

        _server.AddMember("L1", "gone@example.com", "cleaned", T0.AddDays(2));
        _server.AddMember("L1", "optout@example.com", "unsubscribed", T0.AddDays(3));
        _server.AddMember("L1", "fine@example.com", "subscribed", T0.AddDays(3));
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task ReadNew_IntoLedgerAndMailchimpPolicy_KeepsSoftAndHardApart_AndResumes()
    {
        await using MailchimpTestHost host = CreateHost();
        MailchimpEventSource source = host.Services.GetRequiredService<MailchimpEventSource>();
        await using SqliteBounceLedger ledger = await SqliteBounceLedger.OpenAsync(new SqliteBounceLedgerOptions { Path = Path.Combine(_directory, "ledger.db") });
        var runner = new LedgerPolicyRunner(ledger, new MailchimpPolicy());

        List<DeliverabilityEvent> first = await source.ReadNewAsync(ledger).ToListAsync();
        await runner.ApplyAsync(first);

        first.Should().NotContain(e => e.JobId == "ancient", "campaigns sent before the look-back are not read");
        first.Should().OnlyContain(e => e.SubscriberKey.Length == 32 && !e.Id.Contains('@', StringComparison.Ordinal));
        Dictionary<string, SubscriberState> states = await States(ledger);
        states[Key("soft7@example.com")].Should().BeEquivalentTo(new { Status = SubscriberStatus.Cleaned, SoftBounceCount = 7 }, "7 soft bounces without engagement clean");
        states[Key("soft3@example.com")].Should().BeEquivalentTo(new { Status = SubscriberStatus.Subscribed, SoftBounceCount = 3, HasEngagement = true, IsSuppressed = false });
        states[Key("hard@example.com")].Should().BeEquivalentTo(new { Status = SubscriberStatus.Cleaned, IsSuppressed = true, HardBounceDate = (DateTimeOffset?)T0.AddDays(1).AddMinutes(5) });
        states[Key("gone@example.com")].Status.Should().Be(SubscriberStatus.Cleaned);
        states[Key("optout@example.com")].Consent.Should().Be(ConsentStatus.Unsubscribed);
        states[Key("optout@example.com")].IsSuppressed.Should().BeFalse("an unsubscribe is consent, never a bounce");
        states.Should().NotContainKey(Key("fine@example.com"));
        (await ledger.GetCheckpointAsync("mailchimp:us14:L1")).Should().Be(T0.AddDays(20).ToString("O"));

        // A day later: one more soft bounce. The overlap re-reads some events; the ledger keeps each once.
        _server.Campaigns.Single(c => c.Id == "C8").Add("soft3@example.com", "bounce", T0.AddDays(20).AddHours(3), "soft");
        _time.Now = T0.AddDays(21);
        List<DeliverabilityEvent> second = await source.ReadNewAsync(ledger).ToListAsync();
        await runner.ApplyAsync(second);

        second.Should().ContainSingle(e => e.Kind == DeliverabilityEventKind.Bounce && e.SubscriberKey == Key("soft3@example.com") && e.JobId == "C8");
        (await States(ledger))[Key("soft3@example.com")].SoftBounceCount.Should().Be(4);
        _server.Requests.Should().Contain(r => r.Contains("since=2026-10-21T07%3A00%3A00%2B00%3A00", StringComparison.Ordinal), "the second run starts one overlap hour before the checkpoint");
    }

    [Fact]
    public async Task ReadNew_StoppedEarly_LeavesTheCheckpoint()
    {
        await using MailchimpTestHost host = CreateHost();
        MailchimpEventSource source = host.Services.GetRequiredService<MailchimpEventSource>();
        var checkpoints = new InMemoryCheckpointStore();

        await foreach (DeliverabilityEvent _ in source.ReadNewAsync(checkpoints))
        {
            break;
        }

        (await checkpoints.GetCheckpointAsync(source.CheckpointKey(null))).Should().BeNull();
    }

    [Fact]
    public async Task Read_WithoutList_ReadsEveryAudience()
    {
        _server.AddMember("L2", "other@example.com", "cleaned", T0.AddDays(4));
        await using MailchimpTestHost host = CreateHost(listId: null);

        List<DeliverabilityEvent> events = await host.Services.GetRequiredService<MailchimpEventSource>().ReadAsync(T0, T0.AddDays(20)).ToListAsync();

        events.Should().Contain(e => e.SubscriberKey == Key("other@example.com") && e.BounceType == GivenBounceType.Hard);
        events.Should().Contain(e => e.SubscriberKey == Key("gone@example.com"));
    }

    private MailchimpTestHost CreateHost(string? listId = "L1") => MailchimpTestHost.Create(
        _server,
        o => o.ListId = listId,
        s => s.AddSingleton<TimeProvider>(_time));

    private static string Key(string email) => SubscriberHash.Compute(email);

    private static async Task<Dictionary<string, SubscriberState>> States(SqliteBounceLedger ledger)
    {
        var states = new Dictionary<string, SubscriberState>();
        await foreach (SubscriberState s in ledger.ReadStatesAsync())
        {
            states[s.SubscriberKey] = s;
        }

        return states;
    }

    private sealed class ManualTime(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
