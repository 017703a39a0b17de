using System.Text.Json.Nodes;
using BounceKit.Dynamics.Internal;
using BounceKit.Dynamics.Tests.Fakes;
using BounceKit.Policy;

namespace BounceKit.Dynamics.Tests;

/// <summary>Campaign responses next to the record update. Every scenario runs twice: a lone record (single
/// <c>PATCH</c>es) and the same record after a hard-bounced companion (the records' <c>$batch</c>, then a follow-up
/// <c>$batch</c> of both responses). Assertions look at the record's own responses.</summary>
public sealed class CampaignResponseTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Bounced = new(2026, 11, 20, 10, 30, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Now = new(2026, 11, 21, 8, 0, 0, TimeSpan.Zero);
    private readonly ManualClock _clock = new(Now);
    private FakeDataverseServer _server = null!;
    private Guid _campaign;

    public async Task InitializeAsync()
    {
        _server = await FakeDataverseServer.StartAsync();
        _campaign = _server.AddCampaign();
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Write_HardBounce_CreatesAnErrorResponseUnderTheCampaignForTheContact(bool batch)
    {
        Guid id = _server.AddRecord();
        await using var host = Host();

        CrmWriteResult result = await WriteAsync(host, batch, HardBounce(id.ToString()) with { LastBounceReason = "550 5.1.1 user unknown" });

        result.Should().Be(new CrmWriteResult(id.ToString(), CrmWriteOutcome.Written));
        SeenCampaignResponse seen = Seen(id).Should().ContainSingle().Subject;
        seen.IfNoneMatch.Should().Be("*", "the response is created create-only");
        seen.IfMatch.Should().BeNull();
        seen.InBatch.Should().Be(batch);
        seen.Id.Should().Be(NameBasedGuid.Create(CampaignResponse.IdNamespace, $"{_campaign:D}/contacts({id:D})/4/2026-11-20T10:30:00Z"));
        JsonObject stored = _server.StoredCampaignResponses()[seen.Id];
        ((int)stored["responsecode"]!).Should().Be(4, "4 is Error, the closest built-in value for a bounce");
        ((string)stored["subject"]!).Should().Be("Hard bounce: 550 5.1.1 user unknown");
        ((string)stored["receivedon"]!).Should().Be("2026-11-20T10:30:00Z", "a bounce response is dated by the bounce");
        ((string)stored[FakeDataverseServer.RegardingCampaign + "@odata.bind"]!).Should().Be($"/campaigns({_campaign:D})");
        JsonObject party = stored[FakeDataverseServer.ActivityParties]!.AsArray().Single()!.AsObject();
        ((string)party["partyid_contact@odata.bind"]!).Should().Be($"/contacts({id:D})");
        ((int)party["participationtypemask"]!).Should().Be(11, "11 is Customer");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Write_Unsubscribe_CreatesADoNotSendResponseDatedNow(bool batch)
    {
        Guid id = _server.AddRecord();
        await using var host = Host();

        CrmWriteResult result = await WriteAsync(host, batch, Unsubscribed(id.ToString()));

        result.Outcome.Should().Be(CrmWriteOutcome.Written);
        result.Message.Should().BeNull();
        JsonObject stored = Stored(id).Should().ContainSingle().Subject;
        ((int)stored["responsecode"]!).Should().Be(3, "3 is Do Not Send Marketing Materials");
        ((string)stored["subject"]!).Should().Be("Unsubscribed from marketing email");
        ((string)stored["receivedon"]!).Should().Be("2026-11-21T08:00:00Z", "a projection carries no unsubscribe date, so the sink's clock dates it");
        ((bool)_server.Record("contacts", id)!["donotbulkemail"]!).Should().BeTrue("the record update is still the primary write");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Write_LeadKey_BindsTheLeadAsCustomer(bool batch)
    {
        Guid lead = _server.AddRecord("leads");
        await using var host = Host();

        await WriteAsync(host, batch, HardBounce("lead:" + lead));

        JsonObject party = Stored(lead).Single()[FakeDataverseServer.ActivityParties]!.AsArray().Single()!.AsObject();
        ((string)party["partyid_lead@odata.bind"]!).Should().Be($"/leads({lead:D})");
        party.ContainsKey("partyid_contact@odata.bind").Should().BeFalse();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Write_HardBouncedAndUnsubscribed_CreatesBothResponses(bool batch)
    {
        Guid id = _server.AddRecord();
        await using var host = Host();

        CrmWriteResult result = await WriteAsync(host, batch, HardBounce(id.ToString()) with { Consent = ConsentStatus.Unsubscribed, Unsubscribed = true });

        result.Should().Be(new CrmWriteResult(id.ToString(), CrmWriteOutcome.Written));
        Stored(id).Select(r => (int)r["responsecode"]!).Should().BeEquivalentTo([4, 3]);
    }

    public static TheoryData<string, bool> NoResponseCases => new()
    {
        { "soft bounce", false }, { "soft bounce", true },
        { "cleared", false }, { "cleared", true },
        { "subscribed", false }, { "subscribed", true },
        { "hard bounce, responses off", false }, { "hard bounce, responses off", true },
        { "unsubscribe, only bounces", false }, { "unsubscribe, only bounces", true },
    };

    [Theory]
    [MemberData(nameof(NoResponseCases))]
    public async Task Write_NothingToRespondTo_CreatesNoResponse(string scenario, bool batch)
    {
        Guid id = _server.AddRecord();
        await using var host = Host(o =>
        {
            o.CampaignResponses.Enabled = scenario != "hard bounce, responses off";
            o.CampaignResponses.ForUnsubscribes = scenario != "unsubscribe, only bounces";
        });
        CrmProjection projection = scenario switch
        {
            "soft bounce" => new CrmProjection(id.ToString(), false, null, 2, Bounced, "452 4.2.2 Mailbox full", false),
            "cleared" => new CrmProjection(id.ToString(), false, null, 0, null, null, false),
            "subscribed" => new CrmProjection(id.ToString(), false, null, 0, null, null, false) { Consent = ConsentStatus.Subscribed },
            "hard bounce, responses off" => HardBounce(id.ToString()),
            _ => Unsubscribed(id.ToString()),
        };

        CrmWriteResult result = await WriteAsync(host, batch, projection);

        result.Should().Be(new CrmWriteResult(id.ToString(), CrmWriteOutcome.Written));
        Seen(id).Should().BeEmpty();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Write_MissingContact_IsNotFoundAndGetsNoResponse(bool batch)
    {
        Guid missing = Guid.NewGuid();
        await using var host = Host();

        CrmWriteResult result = await WriteAsync(host, batch, HardBounce(missing.ToString()) with { Consent = ConsentStatus.Unsubscribed });

        result.Outcome.Should().Be(CrmWriteOutcome.NotFound);
        Seen(missing).Should().BeEmpty("a response is created only after the record's update succeeded");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Write_RejectedOrThrottledRecord_GetsNoResponse(bool batch)
    {
        Guid refused = _server.AddRecord();
        Guid throttled = _server.AddRecord();
        _server.RecordFault = id => id == refused ? 400 : id == throttled ? 429 : null;
        await using var host = Host();

        CrmWriteResult first = await WriteAsync(host, batch, HardBounce(refused.ToString()));
        CrmWriteResult second = await WriteAsync(host, batch, HardBounce(throttled.ToString()));

        first.Outcome.Should().Be(CrmWriteOutcome.Rejected);
        second.Outcome.Should().Be(CrmWriteOutcome.Retryable);
        Seen(refused).Should().BeEmpty();
        Seen(throttled).Should().BeEmpty();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Write_SameProjectionAgain_FindsTheResponseThereAndAddsNone(bool batch)
    {
        Guid id = _server.AddRecord();
        await using var host = Host();
        CrmProjection projection = HardBounce(id.ToString()) with { Consent = ConsentStatus.Unsubscribed, Unsubscribed = true };

        CrmWriteResult first = await WriteAsync(host, batch, projection);
        _clock.Now = Now.AddDays(3); // A rerun after a crash, days later: the unsubscribe is still the same one.
        CrmWriteResult second = await WriteAsync(host, batch, projection);

        first.Should().Be(new CrmWriteResult(id.ToString(), CrmWriteOutcome.Written));
        second.Should().Be(new CrmWriteResult(id.ToString(), CrmWriteOutcome.Written), "412 on a create-only request means the response is already there");
        Stored(id).Should().HaveCount(2);
        Seen(id).Should().HaveCount(4).And.OnlyContain(r => r.IfNoneMatch == "*");
        Seen(id).Select(r => r.Id).Distinct().Should().HaveCount(2, "the same projection yields the same ids");
        string expected = $"Dynamics campaign responses: {(batch ? 1 : 0)} created, 2 already there, 0 not created"; // The companion is new each time.
        host.Logs.GetSnapshot().Should().Contain(r => r.Id.Id == 1511 && r.Message == expected);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Write_LaterHardBounce_CreatesASecondResponse(bool batch)
    {
        Guid id = _server.AddRecord();
        await using var host = Host();

        await WriteAsync(host, batch, HardBounce(id.ToString()));
        await WriteAsync(host, batch, HardBounce(id.ToString()) with { HardBounceDate = Bounced.AddDays(40), LastBounceDate = Bounced.AddDays(40) });

        Stored(id).Select(r => (string)r["receivedon"]!).Should().BeEquivalentTo(["2026-11-20T10:30:00Z", "2026-12-30T10:30:00Z"]);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Write_UnknownCampaign_LeavesTheRecordWrittenWithAMessageAndLogsIt(bool batch)
    {
        Guid id = _server.AddRecord();
        Guid unknown = Guid.NewGuid();
        await using var host = Host(o => o.CampaignResponses.CampaignId = unknown);

        CrmWriteResult result = await WriteAsync(host, batch, HardBounce(id.ToString()));

        result.Outcome.Should().Be(CrmWriteOutcome.Written);
        result.Message.Should().Be($"Written, but its hard-bounce campaign response was not created: 404 (0x80040217): campaign With Id = {unknown:D} Does Not Exist");
        ((bool)_server.Record("contacts", id)!["new_hardbounce"]!).Should().BeTrue();
        _server.StoredCampaignResponses().Should().BeEmpty();
        host.Logs.GetSnapshot().Should().ContainSingle(r => r.Id.Id == 1506)
            .Which.Message.Should().Be($"Dynamics did not create {(batch ? 2 : 1)} hard-bounce campaign responses: 404 (0x80040217); their records were written and are reported Written with a message");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Write_ResponseAnswered503_LeavesTheRecordWrittenWithAMessage(bool batch)
    {
        Guid id = _server.AddRecord();
        _server.CampaignResponseFault = _ => 503;
        await using var host = Host();

        CrmWriteResult result = await WriteAsync(host, batch, Unsubscribed(id.ToString()));

        result.Outcome.Should().Be(CrmWriteOutcome.Written);
        result.Message.Should().Be("Written, but its unsubscribe campaign response was not created: 503 (0x80040216): An unexpected error occurred.");
        Seen(id).Should().HaveCount(batch ? 1 : 4, "a lone PATCH answered 503 is retried by the resilience handler; a part of a batch answer is not");
        string expected = $"Dynamics campaign responses: 0 created, 0 already there, {(batch ? 2 : 1)} not created";
        host.Logs.GetSnapshot().Should().Contain(r => r.Id.Id == 1511 && r.Message == expected);
    }

    [Fact]
    public async Task Write_WholeResponseBatchFails_EveryRecordOfItStaysWrittenWithTheCallsStatus()
    {
        Guid[] ids = [_server.AddRecord(), _server.AddRecord(), _server.AddRecord()];
        await using var host = Host();
        int armed = 0;
        _server.RecordFault = _ =>
        {
            // The records' batch is being answered: make the next call, the follow-up batch, fail as a whole.
            if (Interlocked.Exchange(ref armed, 1) == 0)
            {
                _server.FailNext(400);
            }

            return null;
        };

        var results = await host.Sink.WriteAsync([.. ids.Select(i => HardBounce(i.ToString()))]);

        results.Should().OnlyContain(r => r.Outcome == CrmWriteOutcome.Written && r.Message!.StartsWith("Written, but its hard-bounce campaign response was not created: batch failed: 400", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Write_UndeclaredNavigationProperty_IsReportedInTheMessageAndTheNameIsConfigurable(bool batch)
    {
        Guid first = _server.AddRecord();
        Guid second = _server.AddRecord();
        await using var wrong = Host(o => o.CampaignResponses.RegardingCampaignProperty = "regardingobjectid_campaign");

        CrmWriteResult refused = await WriteAsync(wrong, batch, HardBounce(first.ToString()));
        await using var right = Host(o => o.CampaignResponses.RegardingCampaignProperty = FakeDataverseServer.RegardingCampaign);
        CrmWriteResult created = await WriteAsync(right, batch, HardBounce(second.ToString()));

        refused.Outcome.Should().Be(CrmWriteOutcome.Written);
        refused.Message.Should().Contain("400 (0x80060888): An undeclared property 'regardingobjectid_campaign'");
        created.Message.Should().BeNull();
        Stored(first).Should().BeEmpty();
        Stored(second).Should().ContainSingle();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Write_ReasonWithAnAddress_IsMaskedInTheSubjectCutTo200AndNeverLogged(bool batch)
    {
        Guid id = _server.AddRecord();
        await using var host = Host();
        string reason = "550 5.1.1 <jane.doe@contoso.com>: Recipient address rejected: " + new string('x', 300);

        await WriteAsync(host, batch, HardBounce(id.ToString()) with { LastBounceReason = reason });

        string subject = (string)Stored(id).Single()["subject"]!;
        subject.Should().StartWith("Hard bounce: 550 5.1.1 <j***@contoso.com>: Recipient address rejected: xxx").And.HaveLength(200);
        string logs = string.Join('\n', host.Logs.GetSnapshot().Select(r => r.Message + " " + string.Join(' ', r.StructuredState?.Select(kv => kv.Value) ?? [])));
        logs.Should().NotContain("@contoso.com").And.NotContain(id.ToString());
    }

    [Fact]
    public async Task Write_BatchSizeOne_SendsEveryResponseAsItsOwnPatch()
    {
        Guid[] ids = [_server.AddRecord(), _server.AddRecord(), _server.AddRecord()];
        await using var host = Host(o => o.BatchSize = 1);

        var results = await host.Sink.WriteAsync([.. ids.Select(i => HardBounce(i.ToString()))]);

        results.Should().OnlyContain(r => r.Outcome == CrmWriteOutcome.Written && r.Message == null);
        _server.Requests.Should().NotContain(r => r.EndsWith("$batch", StringComparison.Ordinal));
        _server.SeenCampaignResponses.Should().HaveCount(3).And.OnlyContain(r => !r.InBatch);
    }

    [Fact]
    public async Task Write_ManyRecordsWithMixedOutcomes_CreatesResponsesOnlyForTheWrittenOnesInOneFollowUpBatch()
    {
        Guid[] ids = [.. Enumerable.Range(0, 5).Select(_ => _server.AddRecord())];
        Guid missing = Guid.NewGuid();
        _server.RecordFault = id => id == ids[1] ? 400 : null;
        await using var host = Host();

        var results = await host.Sink.WriteAsync([.. ids.Select(i => HardBounce(i.ToString())), HardBounce(missing.ToString()), Clean(ids[4].ToString())]);

        results.Select(r => r.Outcome).Should().Equal(
            CrmWriteOutcome.Written, CrmWriteOutcome.Rejected, CrmWriteOutcome.Written, CrmWriteOutcome.Written,
            CrmWriteOutcome.Written, CrmWriteOutcome.NotFound, CrmWriteOutcome.Written);
        _server.Requests.Count(r => r == "POST /api/data/v9.2/$batch").Should().Be(2, "one batch of records, one follow-up batch of responses");
        _server.SeenCampaignResponses.Should().HaveCount(4).And.OnlyContain(r => r.InBatch && r.IfNoneMatch == "*");
        _server.SeenCampaignResponses.Select(r => (string)r.Body[FakeDataverseServer.ActivityParties]![0]!["partyid_contact@odata.bind"]!)
            .Should().BeEquivalentTo([$"/contacts({ids[0]:D})", $"/contacts({ids[2]:D})", $"/contacts({ids[3]:D})", $"/contacts({ids[4]:D})"]);
    }

    [Fact]
    public void NameBasedGuid_MatchesRfcVersion5()
    {
        // uuid5(NAMESPACE_DNS, "python.org") as Python's uuid module computes it.
        NameBasedGuid.Create(new Guid("6ba7b810-9dad-11d1-80b4-00c04fd430c8"), "python.org")
            .Should().Be(new Guid("886313e1-3b8a-5372-9b90-0c9aee199e5d"));
    }

    [Fact]
    public void CampaignResponseIds_DependOnCampaignRecordCodeAndDateOnly()
    {
        var options = new DynamicsCampaignResponseOptions { Enabled = true, CampaignId = _campaign };
        var contact = new RecordKey(DynamicsEntity.Contact, Guid.NewGuid());
        CrmProjection bounce = HardBounce(contact.Id.ToString());

        Guid id = CampaignResponse.For(bounce, contact, options, Now).Single().Id;

        CampaignResponse.For(bounce with { SoftBounceCount = 3, LastBounceReason = "other text" }, contact, options, Now.AddDays(1)).Single().Id.Should().Be(id);
        CampaignResponse.For(bounce with { HardBounceDate = Bounced.AddSeconds(1) }, contact, options, Now).Single().Id.Should().NotBe(id);
        CampaignResponse.For(bounce, contact with { Entity = DynamicsEntity.Lead }, options, Now).Single().Id.Should().NotBe(id);
        CampaignResponse.For(bounce, contact, new DynamicsCampaignResponseOptions { Enabled = true, CampaignId = Guid.NewGuid() }, Now).Single().Id.Should().NotBe(id);
    }

    private DynamicsTestHost Host(Action<DynamicsOptions>? configure = null) => DynamicsTestHost.Create(
        _server,
        o =>
        {
            o.CampaignResponses.Enabled = true;
            o.CampaignResponses.CampaignId = _campaign;
            configure?.Invoke(o);
        },
        _clock);

    /// <summary>Writes <paramref name="projection"/> alone, or after a hard-bounced companion record so that both go
    /// in one <c>$batch</c> and their responses in a follow-up one, and returns its result.</summary>
    private async Task<CrmWriteResult> WriteAsync(DynamicsTestHost host, bool batch, CrmProjection projection)
    {
        if (!batch)
        {
            return (await host.Sink.WriteAsync([projection])).Single();
        }

        Guid companion = _server.AddRecord();
        var results = await host.Sink.WriteAsync([HardBounce(companion.ToString()), projection]);
        results[0].Outcome.Should().Be(CrmWriteOutcome.Written);
        return results[1];
    }

    /// <summary>The campaign-response requests whose customer is <paramref name="record"/>.</summary>
    private List<SeenCampaignResponse> Seen(Guid record) => [.. _server.SeenCampaignResponses.Where(r => IsFor(r.Body, record))];

    /// <summary>The stored campaign responses whose customer is <paramref name="record"/>.</summary>
    private List<JsonObject> Stored(Guid record) => [.. _server.StoredCampaignResponses().Values.Where(r => IsFor(r, record))];

    private static bool IsFor(JsonObject response, Guid record) =>
        response[FakeDataverseServer.ActivityParties] is JsonArray { Count: > 0 } parties && parties[0] is JsonObject party
        && party.Any(kv => kv.Key.EndsWith("@odata.bind", StringComparison.Ordinal) && ((string?)kv.Value)?.EndsWith($"({record:D})", StringComparison.Ordinal) == true);

    private static CrmProjection HardBounce(string key) => new(key, true, Bounced, 0, Bounced, "550 5.1.1", false);

    private static CrmProjection Unsubscribed(string key) => new(key, false, null, 0, null, null, true) { Consent = ConsentStatus.Unsubscribed };

    private static CrmProjection Clean(string key) => new(key, false, null, 0, null, null, false);

    private sealed class ManualClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
