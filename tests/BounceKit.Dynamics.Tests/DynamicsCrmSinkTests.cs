using System.Diagnostics;
using System.Text.Json.Nodes;
using BounceKit.Dynamics.Tests.Fakes;
using BounceKit.Extensions.DependencyInjection;
using BounceKit.Policy;

namespace BounceKit.Dynamics.Tests;

public sealed class DynamicsCrmSinkTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Bounced = new(2026, 11, 20, 10, 30, 0, TimeSpan.Zero);
    private FakeDataverseServer _server = null!;

    public async Task InitializeAsync() => _server = await FakeDataverseServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Write_OneHardBounce_PatchesTheContactUpdateOnlyWithBearerAndODataHeaders()
    {
        Guid id = _server.AddRecord();
        await using var host = DynamicsTestHost.Create(_server);

        var results = await host.Sink.WriteAsync([HardBounce(id.ToString())]);

        results.Should().Equal(new CrmWriteResult(id.ToString(), CrmWriteOutcome.Written));
        _server.Requests.Should().Contain($"PATCH /api/data/v9.2/contacts({id:D})");
        SeenUpdate update = _server.Updates.Should().ContainSingle().Subject;
        update.IfMatch.Should().Be("*");
        update.InBatch.Should().BeFalse();
        JsonObject row = _server.Record("contacts", id)!;
        ((bool)row["new_hardbounce"]!).Should().BeTrue();
        ((string)row["new_hardbouncedate"]!).Should().Be("2026-11-20T10:30:00Z");
        ((string)row["emailaddress1"]!).Should().Be("jane.doe@contoso.com", "an update leaves other columns alone");
    }

    [Fact]
    public async Task Write_MissingRecord_IsNotFoundAndNeverCreated()
    {
        Guid existing = _server.AddRecord();
        Guid missing = Guid.NewGuid();
        Guid missingAlone = Guid.NewGuid();
        await using var host = DynamicsTestHost.Create(_server);

        var batch = await host.Sink.WriteAsync([HardBounce(existing.ToString()), HardBounce(missing.ToString())]);
        var single = await host.Sink.WriteAsync([HardBounce(missingAlone.ToString())]);

        batch.Select(r => r.Outcome).Should().Equal(CrmWriteOutcome.Written, CrmWriteOutcome.NotFound);
        batch[1].Message.Should().Contain("404").And.Contain("0x80040217").And.Contain("Does Not Exist");
        single.Single().Outcome.Should().Be(CrmWriteOutcome.NotFound);
        _server.Created.Should().BeEmpty("If-Match: * turns Dataverse's upsert into an update");
        _server.Updates.Should().OnlyContain(u => u.IfMatch == "*");
        _server.Record("contacts", missing).Should().BeNull();
    }

    [Fact]
    public async Task Write_PreconditionFailed412_IsNotFoundNotWritten()
    {
        Guid id = _server.AddRecord();
        _server.RecordFault = _ => 412;
        await using var host = DynamicsTestHost.Create(_server);

        var results = await host.Sink.WriteAsync([HardBounce(id.ToString())]);

        results.Single().Outcome.Should().Be(CrmWriteOutcome.NotFound);
        results.Single().Message.Should().StartWith("412 (0x80060882)");
        _server.Record("contacts", id)!.ContainsKey("new_hardbounce").Should().BeFalse();
    }

    [Fact]
    public async Task Write_UnknownColumn_IsRejectedWithDataverseCodeAndMessage()
    {
        Guid id = _server.AddRecord();
        await using var host = DynamicsTestHost.Create(_server, o => o.SoftBounceCountField = "new_bouncecount");

        var results = await host.Sink.WriteAsync([HardBounce(id.ToString())]);

        results.Single().Outcome.Should().Be(CrmWriteOutcome.Rejected);
        results.Single().Message.Should().Be("400 (0x80060888): Invalid property 'new_bouncecount' was found in entity 'Microsoft.Dynamics.CRM.contact'.");
    }

    [Fact]
    public async Task Write_RejectionMentioningAnAddress_MasksIt()
    {
        Guid id = _server.AddRecord();
        _server.RecordFault = _ => 400;
        await using var host = DynamicsTestHost.Create(_server);

        var results = await host.Sink.WriteAsync([HardBounce(id.ToString())]);

        results.Single().Outcome.Should().Be(CrmWriteOutcome.Rejected);
        results.Single().Message.Should().Contain("0x80040265").And.Contain("j***@contoso.com").And.NotContain("jane.doe@");
    }

    [Theory]
    [InlineData(ConsentStatus.Unsubscribed, true)]
    [InlineData(ConsentStatus.Subscribed, false)]
    public async Task Write_KnownConsent_WritesTheInvertedOptOutColumns(ConsentStatus consent, bool doNotSend)
    {
        Guid id = _server.AddRecord(fields: new JsonObject { ["donotbulkemail"] = !doNotSend, ["donotsendmm"] = !doNotSend });
        await using var host = DynamicsTestHost.Create(_server);

        var results = await host.Sink.WriteAsync([Clean(id.ToString()) with { Consent = consent, Unsubscribed = consent == ConsentStatus.Unsubscribed }]);

        results.Single().Outcome.Should().Be(CrmWriteOutcome.Written);
        JsonObject row = _server.Record("contacts", id)!;
        ((bool)row["donotbulkemail"]!).Should().Be(doNotSend, "donotbulkemail true means Do Not Allow");
        ((bool)row["donotsendmm"]!).Should().Be(doNotSend, "donotsendmm true means Do Not Send, despite its label 'Send Marketing Materials'");
    }

    [Fact]
    public async Task Write_BounceWithUnknownConsent_NeverSendsOptOutColumns()
    {
        Guid single = _server.AddRecord(fields: new JsonObject { ["donotbulkemail"] = false, ["donotsendmm"] = false });
        Guid[] many = [_server.AddRecord(), _server.AddRecord()];
        await using var host = DynamicsTestHost.Create(_server);

        await host.Sink.WriteAsync([HardBounce(single.ToString())]);
        await host.Sink.WriteAsync([HardBounce(many[0].ToString()), HardBounce(many[1].ToString())]);

        _server.Updates.Should().HaveCount(3).And.OnlyContain(u => !u.Body.ContainsKey("donotbulkemail") && !u.Body.ContainsKey("donotsendmm") && !u.Body.ContainsKey("donotemail"));
        _server.RequestBodies.Should().OnlyContain(b => !b.Contains("donot", StringComparison.Ordinal));
        JsonObject row = _server.Record("contacts", single)!;
        ((bool)row["donotbulkemail"]!).Should().BeFalse("a bounce is not consent");
        ((bool)row["donotsendmm"]!).Should().BeFalse();
    }

    [Fact]
    public async Task Write_WriteConsentOff_IgnoresKnownConsent()
    {
        Guid id = _server.AddRecord();
        await using var host = DynamicsTestHost.Create(_server, o => o.WriteConsent = false);

        await host.Sink.WriteAsync([Clean(id.ToString()) with { Consent = ConsentStatus.Unsubscribed, Unsubscribed = true }]);

        _server.Updates.Single().Body.ContainsKey("donotbulkemail").Should().BeFalse();
    }

    [Fact]
    public async Task Write_Clear_SetsFlagFalseAndDateNull()
    {
        Guid id = _server.AddRecord(fields: new JsonObject { ["new_hardbounce"] = true, ["new_hardbouncedate"] = "2026-01-01T00:00:00Z" });
        await using var host = DynamicsTestHost.Create(_server);

        // A projection carrying a stale date with HardBounce false still clears the date.
        await host.Sink.WriteAsync([Clean(id.ToString()) with { HardBounceDate = Bounced }]);

        JsonObject row = _server.Record("contacts", id)!;
        ((bool)row["new_hardbounce"]!).Should().BeFalse();
        row.ContainsKey("new_hardbouncedate").Should().BeTrue();
        row["new_hardbouncedate"].Should().BeNull();
    }

    [Fact]
    public async Task Write_OptionalColumns_AreWrittenOnlyWhenConfiguredAndReasonIsCut()
    {
        Guid id = _server.AddRecord();
        await using var host = DynamicsTestHost.Create(_server, o =>
        {
            o.SoftBounceCountField = "new_softbouncecount";
            o.LastBounceDateField = "new_lastbouncedate";
            o.LastBounceReasonField = "new_lastbouncereason";
            o.LastBounceReasonMaxLength = 10;
        });

        await host.Sink.WriteAsync([HardBounce(id.ToString()) with { SoftBounceCount = 2, LastBounceDate = Bounced, LastBounceReason = "550 5.1.1 user unknown" }]);

        JsonObject row = _server.Record("contacts", id)!;
        ((int)row["new_softbouncecount"]!).Should().Be(2);
        ((string)row["new_lastbouncedate"]!).Should().Be("2026-11-20T10:30:00Z");
        ((string)row["new_lastbouncereason"]!).Should().Be("550 5.1.1 ");
    }

    [Fact]
    public async Task Write_DefaultBody_HasOnlyTheTwoBounceColumns()
    {
        Guid id = _server.AddRecord();
        await using var host = DynamicsTestHost.Create(_server);

        await host.Sink.WriteAsync([HardBounce(id.ToString()) with { SoftBounceCount = 4, LastBounceReason = "x" }]);

        _server.Updates.Single().Body.Select(kv => kv.Key).Should().BeEquivalentTo("new_hardbounce", "new_hardbouncedate");
    }

    [Fact]
    public async Task Write_KeyForms_RouteToContactsOrLeadsAndOthersAreRejectedWithoutACall()
    {
        Guid contact = _server.AddRecord("contacts");
        Guid lead = _server.AddRecord("leads");
        await using var host = DynamicsTestHost.Create(_server, o => o.BatchSize = 1);

        var results = await host.Sink.WriteAsync(
        [
            HardBounce(contact.ToString()),
            HardBounce("lead:" + lead),
            HardBounce("CONTACT:" + contact),
            HardBounce("jane.doe@contoso.com"),
            HardBounce("account:" + contact),
            HardBounce(Guid.Empty.ToString()),
            HardBounce("003A000001"),
        ]);

        results.Select(r => r.Outcome).Should().Equal(
            CrmWriteOutcome.Written, CrmWriteOutcome.Written, CrmWriteOutcome.Written,
            CrmWriteOutcome.Rejected, CrmWriteOutcome.Rejected, CrmWriteOutcome.Rejected, CrmWriteOutcome.Rejected);
        results[3].SubscriberKey.Should().Be("jane.doe@contoso.com", "results keep the caller's key");
        results[3].Message.Should().NotContain("@");
        _server.Updates.Should().HaveCount(3);
        _server.Updates.Count(u => u.EntitySet == "leads" && u.Id == lead).Should().Be(1);
    }

    [Fact]
    public async Task Write_DefaultEntityLead_SendsBareKeysToLeads()
    {
        Guid lead = _server.AddRecord("leads");
        await using var host = DynamicsTestHost.Create(_server, o => o.DefaultEntity = DynamicsEntity.Lead);

        var results = await host.Sink.WriteAsync([HardBounce(lead.ToString())]);

        results.Single().Outcome.Should().Be(CrmWriteOutcome.Written);
        _server.Requests.Should().Contain($"PATCH /api/data/v9.2/leads({lead:D})");
    }

    [Fact]
    public async Task Write_ManyRecords_GoAsBatchesWithoutChangeSetsAndPerRequestOutcomes()
    {
        Guid[] ids = [.. Enumerable.Range(0, 7).Select(_ => _server.AddRecord())];
        Guid missing = Guid.NewGuid();
        Guid refused = ids[2];
        Guid throttled = ids[4];
        _server.RecordFault = id => id == refused ? 400 : id == throttled ? 429 : null;
        await using var host = DynamicsTestHost.Create(_server, o => o.BatchSize = 5);

        var results = await host.Sink.WriteAsync([.. ids.Select(i => HardBounce(i.ToString())), HardBounce(missing.ToString())]);

        results.Select(r => r.Outcome).Should().Equal(
            CrmWriteOutcome.Written, CrmWriteOutcome.Written, CrmWriteOutcome.Rejected, CrmWriteOutcome.Written,
            CrmWriteOutcome.Retryable, CrmWriteOutcome.Written, CrmWriteOutcome.Written, CrmWriteOutcome.NotFound);
        results.Select(r => r.SubscriberKey).Should().Equal([.. ids.Select(i => i.ToString()), missing.ToString()]);
        _server.Requests.Count(r => r == "POST /api/data/v9.2/$batch").Should().Be(2);
        _server.Updates.Should().OnlyContain(u => u.InBatch && u.IfMatch == "*");
        ((bool)_server.Record("contacts", ids[3])!["new_hardbounce"]!).Should().BeTrue("a failure before it in the same batch rolls nothing back");
        _server.Created.Should().BeEmpty();
    }

    [Fact]
    public async Task Write_429WithRetryAfter_WaitsAndWrites()
    {
        Guid id = _server.AddRecord();
        _server.FailNext(429, retryAfter: "1");
        await using var host = DynamicsTestHost.Create(_server);

        var clock = Stopwatch.StartNew();
        var results = await host.Sink.WriteAsync([HardBounce(id.ToString())]);

        results.Single().Outcome.Should().Be(CrmWriteOutcome.Written);
        clock.Elapsed.Should().BeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(900), "Retry-After: 1 is honoured, not the 5 ms test delay");
    }

    [Fact]
    public async Task Write_503OutlastingTheRetries_ReportsEveryRecordOfTheCallRetryable()
    {
        Guid[] ids = [_server.AddRecord(), _server.AddRecord(), _server.AddRecord()];
        _server.FailNext(503, times: 10);
        await using var host = DynamicsTestHost.Create(_server);

        var results = await host.Sink.WriteAsync([.. ids.Select(i => HardBounce(i.ToString()))]);

        results.Should().OnlyContain(r => r.Outcome == CrmWriteOutcome.Retryable && r.Message!.StartsWith("Batch failed: 503", StringComparison.Ordinal));
        _server.Updates.Should().BeEmpty();
    }

    [Fact]
    public async Task Write_SlowAnswer_TimesOutTheAttemptAndRetries()
    {
        Guid id = _server.AddRecord();
        _server.DelayNext(TimeSpan.FromSeconds(5));
        await using var host = DynamicsTestHost.Create(_server, o => o.AttemptTimeout = TimeSpan.FromSeconds(1));

        var clock = Stopwatch.StartNew();
        var results = await host.Sink.WriteAsync([HardBounce(id.ToString())]);

        results.Single().Outcome.Should().Be(CrmWriteOutcome.Written);
        clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(4.5), "the 5 s answer was abandoned after the 1 s attempt timeout");
    }

    [Fact]
    public async Task Write_ExpiredToken_RequestsOneNewTokenAndWrites()
    {
        Guid id = _server.AddRecord();
        await using var host = DynamicsTestHost.Create(_server);
        await host.Sink.WriteAsync([HardBounce(id.ToString())]);
        _server.RevokeTokens();

        var results = await host.Sink.WriteAsync([Clean(id.ToString())]);

        results.Single().Outcome.Should().Be(CrmWriteOutcome.Written);
        _server.TokenRequestCount.Should().Be(2);
    }

    [Fact]
    public async Task Write_TokenCached_AcrossCallsAndSinks()
    {
        Guid id = _server.AddRecord();
        await using var host = DynamicsTestHost.Create(_server);

        await host.Sink.WriteAsync([HardBounce(id.ToString())]);
        await host.Sink.WriteAsync([Clean(id.ToString())]);

        _server.TokenRequestCount.Should().Be(1);
        Dictionary<string, string> form = _server.TokenRequests.Single();
        form["grant_type"].Should().Be("client_credentials");
        form["scope"].Should().Be($"https://{_server.OrganizationUrl.Authority}/.default");
    }

    [Fact]
    public async Task Write_RejectedCredentials_ThrowsWithoutTheSecret()
    {
        Guid id = _server.AddRecord();
        await using var host = DynamicsTestHost.Create(_server, o => o.ClientSecret = "wrong-secret-value");

        var failure = await FluentActions.Awaiting(() => host.Sink.WriteAsync([HardBounce(id.ToString())])).Should().ThrowAsync<DynamicsException>();

        failure.Which.Status.Should().Be(401);
        failure.Which.ErrorCode.Should().Be("invalid_client");
        failure.Which.Operation.Should().Be("auth.token");
        failure.Which.Message.Should().NotContain("wrong-secret-value");
        failure.Which.Should().BeAssignableTo<AdapterRequestException>().Which.Provider.Should().Be("dynamics", "the same name as the metrics' provider tag");
    }

    [Fact]
    public async Task Write_FreshTokenAlsoRejected_Throws()
    {
        Guid id = _server.AddRecord();
        await using var host = DynamicsTestHost.Create(_server);
        _server.FailNext(401, times: 2);

        var failure = await FluentActions.Awaiting(() => host.Sink.WriteAsync([HardBounce(id.ToString())])).Should().ThrowAsync<DynamicsException>();

        failure.Which.Status.Should().Be(401);
        _server.TokenRequestCount.Should().Be(2);
    }

    [Fact]
    public async Task Write_ConcurrentCalls_AreBoundedByMaxConcurrentRequests()
    {
        Guid[] ids = [.. Enumerable.Range(0, 12).Select(_ => _server.AddRecord())];
        _server.Latency = TimeSpan.FromMilliseconds(100);
        await using var host = DynamicsTestHost.Create(_server, o =>
        {
            o.BatchSize = 1;
            o.MaxConcurrentRequests = 2;
        });

        var results = await host.Sink.WriteAsync([.. ids.Select(i => HardBounce(i.ToString()))]);

        results.Should().OnlyContain(r => r.Outcome == CrmWriteOutcome.Written);
        _server.MaxInFlight.Should().Be(2);
    }

    [Fact]
    public async Task Write_Cancelled_ReportsUnwrittenRecordsRetryable()
    {
        Guid[] ids = [.. Enumerable.Range(0, 4).Select(_ => _server.AddRecord())];
        _server.Latency = TimeSpan.FromSeconds(2);
        await using var host = DynamicsTestHost.Create(_server, o => o.BatchSize = 1);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        var results = await host.Sink.WriteAsync([.. ids.Select(i => HardBounce(i.ToString()))], cancel.Token);

        results.Should().HaveCount(4).And.OnlyContain(r => r.Outcome == CrmWriteOutcome.Retryable);
    }

    [Fact]
    public async Task Logs_NeverContainTheSecretATokenOrAnAddress()
    {
        Guid id = _server.AddRecord();
        _server.RecordFault = _ => 400; // Its message names an address.
        await using var host = DynamicsTestHost.Create(_server);
        await using var wrong = DynamicsTestHost.Create(_server, o => o.ClientSecret = "another-Secret-123");

        await host.Sink.WriteAsync([HardBounce(id.ToString())]);
        _server.RevokeTokens();
        await host.Sink.WriteAsync([HardBounce(id.ToString()), HardBounce("jane.doe@contoso.com")]);
        await FluentActions.Awaiting(() => wrong.Sink.WriteAsync([HardBounce(id.ToString())])).Should().ThrowAsync<DynamicsException>();

        var records = host.Logs.GetSnapshot().Concat(wrong.Logs.GetSnapshot()).ToList();
        records.Should().Contain(r => r.Id.Id == 1504).And.Contain(r => r.Id.Id == 1505).And.Contain(r => r.Id.Id == 1510);
        string everything = string.Join('\n', records.Select(r => r.Message + " " + string.Join(' ', r.StructuredState?.Select(kv => kv.Value) ?? [])));
        everything.Should().NotContain(FakeDataverseServer.ClientSecret).And.NotContain("another-Secret-123").And.NotContain("@contoso.com");
        foreach (string token in _server.IssuedTokens)
        {
            everything.Should().NotContain(token);
            everything.Should().NotContain(token[^20..]);
        }
    }

    [Fact]
    public async Task Write_ConstructedByHand_UsesItsOwnTokenAndWrites()
    {
        Guid id = _server.AddRecord();
        var options = new DynamicsOptions();
        DynamicsTestHost.Configure(options, _server);
        using var http = new HttpClient();
        var sink = new DynamicsCrmSink(http, options);

        var results = await sink.WriteAsync([HardBounce(id.ToString()), HardBounce(Guid.NewGuid().ToString())]);

        results.Select(r => r.Outcome).Should().Equal(CrmWriteOutcome.Written, CrmWriteOutcome.NotFound);
    }

    [Fact]
    public async Task Write_CallerTokenProvider_IsAskedAgainWithForceRefreshAfter401()
    {
        Guid id = _server.AddRecord();
        var options = new DynamicsOptions { OrganizationUrl = _server.OrganizationUrl, Authentication = DynamicsAuthentication.TokenProvider };
        using var http = new HttpClient();
        using var tokenHttp = new HttpClient();
        var provider = new RecordingTokenProvider(tokenHttp, _server);
        var sink = new DynamicsCrmSink(http, options, provider);
        _server.FailNext(401);

        var results = await sink.WriteAsync([HardBounce(id.ToString())]);

        results.Single().Outcome.Should().Be(CrmWriteOutcome.Written);
        provider.Calls.Should().Equal(false, true);
    }

    internal static CrmProjection HardBounce(string key) => new(key, true, Bounced, 0, Bounced, "550 5.1.1", false);

    internal static CrmProjection Clean(string key) => new(key, false, null, 0, null, null, false);

    private sealed class RecordingTokenProvider(HttpClient http, FakeDataverseServer server) : IDynamicsTokenProvider
    {
        public List<bool> Calls { get; } = [];

        public async ValueTask<string> GetAccessTokenAsync(bool forceRefresh, CancellationToken cancellationToken = default)
        {
            Calls.Add(forceRefresh);
            using var response = await http.PostAsync(server.TokenUrl, new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials",
                ["client_id"] = FakeDataverseServer.ClientId,
                ["client_secret"] = FakeDataverseServer.ClientSecret,
                ["scope"] = $"https://{server.OrganizationUrl.Authority}/.default",
            }), cancellationToken);
            return (string)JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken))!["access_token"]!;
        }
    }
}
