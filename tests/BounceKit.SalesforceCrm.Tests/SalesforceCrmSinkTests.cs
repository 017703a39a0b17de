using System.Diagnostics.Metrics;
using System.Text.Json.Nodes;
using BounceKit.Diagnostics;
using BounceKit.Extensions.DependencyInjection;
using BounceKit.Policy;
using BounceKit.SalesforceCrm.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging.Testing;

namespace BounceKit.SalesforceCrm.Tests;

[Collection(SalesforceMeter.Name)]
public sealed class SalesforceCrmSinkTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Bounced = new(2026, 11, 22, 9, 0, 0, TimeSpan.Zero);
    private FakeSalesforceServer _server = null!;

    public async Task InitializeAsync() => _server = await FakeSalesforceServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    internal static string Contact(int i) => $"003Ax{i:D13}";

    internal static string Lead(int i) => $"00QBx{i:D13}";

    internal static CrmProjection Flag(string key, ConsentStatus consent = ConsentStatus.Unknown) =>
        new(key, true, Bounced, 0, Bounced, "550 5.1.1 user unknown", false) { Consent = consent };

    internal static CrmProjection Clear(string key, ConsentStatus consent = ConsentStatus.Unknown) =>
        new(key, false, null, 0, null, null, consent == ConsentStatus.Unsubscribed) { Consent = consent };

    [Fact]
    public async Task Write_ContactAndLead_RoutesByIdPrefixAndWritesFlagAndDate()
    {
        _server.AddRecord(Contact(1));
        _server.AddRecord(Lead(1));
        await using var host = SalesforceTestHost.Create(_server);

        IReadOnlyList<CrmWriteResult> results = await host.CrmSink.WriteAsync([Flag(Lead(1)), Flag(Contact(1))]);

        results.Select(r => (r.SubscriberKey, r.Outcome)).Should().Equal((Lead(1), CrmWriteOutcome.Written), (Contact(1), CrmWriteOutcome.Written));
        foreach (string id in new[] { Contact(1), Lead(1) })
        {
            _server.Field(id, "Hard_Bounce__c")!.GetValue<bool>().Should().BeTrue();
            _server.Field(id, "Hard_Bounce_Date__c")!.GetValue<string>().Should().Be("2026-11-22T09:00:00.000+0000");
        }

        JsonArray records = _server.UpdateBodies.Single()["records"]!.AsArray();
        records.Select(r => ((string)r!["id"]!, (string)r["attributes"]!["type"]!)).Should().BeEquivalentTo([(Contact(1), "Contact"), (Lead(1), "Lead")]);
        _server.Requests.Should().Contain("PATCH /instance/services/data/v62.0/composite/sobjects");
    }

    [Theory]
    [InlineData("not-an-id")]
    [InlineData("001Ax0000000000001")] // an Account
    [InlineData("003Ax00000000001")] // 16 characters
    [InlineData("alice@example.com")]
    public async Task Write_KeyThatIsNotAContactOrLeadId_IsRejectedWithoutACall(string key)
    {
        await using var host = SalesforceTestHost.Create(_server);

        CrmWriteResult result = (await host.CrmSink.WriteAsync([Flag(key)])).Single();

        result.Outcome.Should().Be(CrmWriteOutcome.Rejected);
        result.Message.Should().Be("not a Contact or Lead id");
        _server.UpdateCalls.Should().Be(0);
    }

    [Fact]
    public async Task Write_ConfiguredObjectType_SendsEveryIdAsThatObject()
    {
        _server.AddRecord(Lead(7));
        await using var host = SalesforceTestHost.Create(_server, o => o.ObjectType = "Contact");

        CrmWriteResult result = (await host.CrmSink.WriteAsync([Flag(Lead(7))])).Single();

        ((string)_server.UpdateBodies.Single()["records"]![0]!["attributes"]!["type"]!).Should().Be("Contact");
        result.Outcome.Should().Be(CrmWriteOutcome.NotFound, "the fake has that id only as a Lead");
    }

    [Fact]
    public async Task Write_Clear_SetsFlagFalseAndDateNull()
    {
        _server.AddRecord(Contact(2), ("Hard_Bounce__c", true), ("Hard_Bounce_Date__c", "2025-01-01T00:00:00.000+0000"));
        await using var host = SalesforceTestHost.Create(_server);

        (await host.CrmSink.WriteAsync([Clear(Contact(2))])).Single().Outcome.Should().Be(CrmWriteOutcome.Written);

        _server.Field(Contact(2), "Hard_Bounce__c")!.GetValue<bool>().Should().BeFalse();
        _server.HasField(Contact(2), "Hard_Bounce_Date__c").Should().BeTrue();
        _server.Field(Contact(2), "Hard_Bounce_Date__c").Should().BeNull();
    }

    [Fact]
    public async Task Write_BounceOnlyProjection_NeverSendsTheOptOutField()
    {
        _server.AddRecord(Contact(3), ("HasOptedOutOfEmail", false));
        _server.AddRecord(Contact(4), ("HasOptedOutOfEmail", true));
        await using var host = SalesforceTestHost.Create(_server);

        await host.CrmSink.WriteAsync([Flag(Contact(3)), Clear(Contact(4)) with { Unsubscribed = false }]);

        _server.UpdateBodies.Single()["records"]!.AsArray().Should().OnlyContain(r => !r!.AsObject().ContainsKey("HasOptedOutOfEmail"));
        _server.Field(Contact(3), "HasOptedOutOfEmail")!.GetValue<bool>().Should().BeFalse("a bounce is not consent");
        _server.Field(Contact(4), "HasOptedOutOfEmail")!.GetValue<bool>().Should().BeTrue("unknown consent leaves the flag alone");
    }

    [Fact]
    public async Task Write_KnownConsent_WritesTheOptOutField()
    {
        _server.AddRecord(Contact(5), ("HasOptedOutOfEmail", false));
        _server.AddRecord(Contact(6), ("HasOptedOutOfEmail", true));
        await using var host = SalesforceTestHost.Create(_server);

        await host.CrmSink.WriteAsync([Clear(Contact(5), ConsentStatus.Unsubscribed), Flag(Contact(6), ConsentStatus.Subscribed)]);

        _server.Field(Contact(5), "HasOptedOutOfEmail")!.GetValue<bool>().Should().BeTrue();
        _server.Field(Contact(6), "HasOptedOutOfEmail")!.GetValue<bool>().Should().BeFalse();
        _server.Field(Contact(6), "Hard_Bounce__c")!.GetValue<bool>().Should().BeTrue("consent and bounces are separate streams");
    }

    [Fact]
    public async Task Write_OptOutFieldEmpty_NeverWritesConsent()
    {
        _server.AddRecord(Contact(5), ("HasOptedOutOfEmail", false));
        await using var host = SalesforceTestHost.Create(_server, o => o.OptOutField = null);

        await host.CrmSink.WriteAsync([Clear(Contact(5), ConsentStatus.Unsubscribed)]);

        _server.Field(Contact(5), "HasOptedOutOfEmail")!.GetValue<bool>().Should().BeFalse();
    }

    [Fact]
    public async Task Write_MappedFields_WritesSoftCountAndStandardFieldsWithReasonCutTo255()
    {
        _server.AddRecord(Contact(8));
        _server.Schema["Contact"].Add("Bounce_Flag__c");
        await using var host = SalesforceTestHost.Create(_server, o =>
        {
            o.HardBounceField = "Bounce_Flag__c";
            o.SoftBounceCountField = "Soft_Bounce_Count__c";
            o.WriteStandardBounceFields = true;
        });
        string reason = new('x', 400);

        await host.CrmSink.WriteAsync([Flag(Contact(8)) with { SoftBounceCount = 2, LastBounceReason = reason }]);

        _server.Field(Contact(8), "Bounce_Flag__c")!.GetValue<bool>().Should().BeTrue();
        _server.HasField(Contact(8), "Hard_Bounce__c").Should().BeFalse();
        _server.Field(Contact(8), "Soft_Bounce_Count__c")!.GetValue<int>().Should().Be(2);
        _server.Field(Contact(8), "EmailBouncedReason")!.GetValue<string>().Should().Be(new string('x', 255));
        _server.Field(Contact(8), "EmailBouncedDate")!.GetValue<string>().Should().Be("2026-11-22T09:00:00.000+0000");
    }

    [Fact]
    public async Task Write_UnknownFieldInTheOrg_IsRejectedWithInvalidField()
    {
        _server.AddRecord(Contact(9));
        await using var host = SalesforceTestHost.Create(_server, o => o.SoftBounceCountField = "Soft_Bounces__c");

        CrmWriteResult result = (await host.CrmSink.WriteAsync([Flag(Contact(9))])).Single();

        result.Outcome.Should().Be(CrmWriteOutcome.Rejected);
        result.Message.Should().Be("INVALID_FIELD: No such column 'Soft_Bounces__c' on sobject of type Contact [Soft_Bounces__c]");
    }

    [Fact]
    public async Task Write_MissingAndDeletedRecords_AreNotFoundAndNotCreated()
    {
        _server.AddRecord(Contact(10));
        _server.Deleted[Contact(11)] = 0;
        await using var host = SalesforceTestHost.Create(_server);

        IReadOnlyList<CrmWriteResult> results = await host.CrmSink.WriteAsync([Flag(Contact(10)), Flag(Contact(11)), Flag(Lead(12))]);

        results.Select(r => r.Outcome).Should().Equal(CrmWriteOutcome.Written, CrmWriteOutcome.NotFound, CrmWriteOutcome.NotFound);
        results[1].Message.Should().StartWith("ENTITY_IS_DELETED");
        results[2].Message.Should().StartWith("INVALID_CROSS_REFERENCE_KEY");
        _server.Records.Keys.Should().BeEquivalentTo([Contact(10)]);
    }

    [Fact]
    public async Task Write_RowLock_IsRetryableAndTheOthersAreWritten()
    {
        _server.AddRecord(Contact(1));
        _server.AddRecord(Contact(2));
        _server.LockedOnce[Contact(2)] = 0;
        await using var host = SalesforceTestHost.Create(_server);

        IReadOnlyList<CrmWriteResult> results = await host.CrmSink.WriteAsync([Flag(Contact(1)), Flag(Contact(2))]);

        results.Select(r => r.Outcome).Should().Equal(CrmWriteOutcome.Written, CrmWriteOutcome.Retryable);
        results[1].Message.Should().StartWith("UNABLE_TO_LOCK_ROW");
        (await host.CrmSink.WriteAsync([Flag(Contact(2))])).Single().Outcome.Should().Be(CrmWriteOutcome.Written);
    }

    [Fact]
    public async Task Write_ValidationMessageWithAnAddress_IsRejectedWithTheAddressMasked()
    {
        _server.AddRecord(Contact(1));
        _server.FailValidation[Contact(1)] = 0;
        await using var host = SalesforceTestHost.Create(_server);

        CrmWriteResult result = (await host.CrmSink.WriteAsync([Flag(Contact(1))])).Single();

        result.Outcome.Should().Be(CrmWriteOutcome.Rejected);
        result.Message.Should().StartWith("FIELD_CUSTOM_VALIDATION_EXCEPTION: Email j***@example.com is on the blocked list").And.NotContain("jane.doe");
    }

    [Fact]
    public async Task Write_450Records_SplitsIntoCallsOfAtMost200InOrder()
    {
        var projections = Enumerable.Range(0, 450).Select(i => Flag(i % 3 == 0 ? Lead(i) : Contact(i))).ToList();
        foreach (CrmProjection p in projections)
        {
            _server.AddRecord(p.SubscriberKey);
        }

        await using var host = SalesforceTestHost.Create(_server);

        IReadOnlyList<CrmWriteResult> results = await host.CrmSink.WriteAsync(projections);

        _server.UpdateBodies.Select(b => b["records"]!.AsArray().Count).Should().Equal(200, 200, 50);
        results.Select(r => r.SubscriberKey).Should().Equal(projections.Select(p => p.SubscriberKey));
        results.Should().OnlyContain(r => r.Outcome == CrmWriteOutcome.Written);
    }

    [Fact]
    public async Task FakeServer_MoreThan200Records_AnswersExceededIdLimit_WhichTheSinkReportsAsRejected()
    {
        // The sink never sends more than 200; a sink built without that guard would meet this answer.
        _server.AddRecord(Contact(1));
        using var http = new HttpClient();
        var records = new JsonArray([.. Enumerable.Range(0, 201).Select(i => (JsonNode)new JsonObject { ["attributes"] = new JsonObject { ["type"] = "Contact" }, ["id"] = Contact(i) })]);
        var sink = new SalesforceCrmSink(http, new SalesforceCrmOptions { LoginUrl = _server.LoginUrl, ClientId = FakeSalesforceServer.ClientId, ClientSecret = FakeSalesforceServer.ClientSecret });
        await sink.WriteAsync([Flag(Contact(1))]); // obtains a token
        using var request = new HttpRequestMessage(HttpMethod.Patch, new Uri(_server.InstanceUrl.AbsoluteUri + "/services/data/v62.0/composite/sobjects"))
        {
            Content = new StringContent(new JsonObject { ["allOrNone"] = false, ["records"] = records }.ToJsonString(), System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new("Bearer", _server.IssuedTokens.Single());

        using HttpResponseMessage response = await http.SendAsync(request);

        ((int)response.StatusCode).Should().Be(400);
        (await response.Content.ReadAsStringAsync()).Should().Contain("EXCEEDED_ID_LIMIT");
    }

    [Fact]
    public async Task Write_429WithRetryAfterThen503_IsRetriedHonouringRetryAfter()
    {
        _server.AddRecord(Contact(1));
        _server.FailNext(429, "REQUEST_LIMIT_EXCEEDED", "ConcurrentPerOrgLongTxn Limit exceeded.", retryAfter: "1");
        _server.FailNext(503, "SERVER_UNAVAILABLE", "Service Unavailable");
        await using var host = SalesforceTestHost.Create(_server);
        var clock = System.Diagnostics.Stopwatch.StartNew();

        (await host.CrmSink.WriteAsync([Flag(Contact(1))])).Single().Outcome.Should().Be(CrmWriteOutcome.Written);

        clock.Elapsed.Should().BeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(900));
        _server.UpdateCalls.Should().Be(3);
    }

    [Fact]
    public async Task Write_SlowAnswer_TimesOutAndIsRetried()
    {
        _server.AddRecord(Contact(1));
        _server.SlowNext(TimeSpan.FromSeconds(5));
        await using var host = SalesforceTestHost.Create(_server);

        (await host.CrmSink.WriteAsync([Flag(Contact(1))])).Single().Outcome.Should().Be(CrmWriteOutcome.Written);

        _server.UpdateCalls.Should().Be(2);
    }

    [Fact]
    public async Task Write_ServerDownBeyondRetries_MarksThatCallsRecordsRetryableWithoutThrowing()
    {
        for (int i = 0; i < 3; i++)
        {
            _server.AddRecord(Contact(i));
        }

        _server.FailNext(503, "SERVER_UNAVAILABLE", "Service Unavailable", times: 4);
        await using var host = SalesforceTestHost.Create(_server, o => o.BatchSize = 2);

        IReadOnlyList<CrmWriteResult> results = await host.CrmSink.WriteAsync([Flag(Contact(0)), Flag(Contact(1)), Flag(Contact(2))]);

        results.Select(r => r.Outcome).Should().Equal(CrmWriteOutcome.Retryable, CrmWriteOutcome.Retryable, CrmWriteOutcome.Written);
        results[0].Message.Should().Be("503 SERVER_UNAVAILABLE: Service Unavailable");
        _server.UpdateCalls.Should().Be(5, "1 attempt + 3 retries for the first call, 1 for the second");
    }

    [Fact]
    public async Task Write_RequestLimitExceeded_StopsTheRunAfterOneRequest()
    {
        for (int i = 0; i < 4; i++)
        {
            _server.AddRecord(Contact(i));
        }

        _server.FailNext(403, "REQUEST_LIMIT_EXCEEDED", "TotalRequests Limit exceeded.");
        await using var host = SalesforceTestHost.Create(_server, o => o.BatchSize = 2);

        SalesforceCrmException e = (await FluentActions.Awaiting(() => host.CrmSink.WriteAsync([.. Enumerable.Range(0, 4).Select(i => Flag(Contact(i)))]))
            .Should().ThrowAsync<SalesforceCrmException>()).Which;

        e.IsRequestLimitExceeded.Should().BeTrue();
        e.Status.Should().Be(403);
        e.Message.Should().StartWith("Salesforce sobjects.update failed: 403 REQUEST_LIMIT_EXCEEDED: TotalRequests Limit exceeded. (the org's API request limit is exhausted");
        _server.UpdateCalls.Should().Be(1, "no retry storm against an exhausted limit, and no further batches");
    }

    [Fact]
    public async Task Write_ExpiredToken_GetsOneNewTokenAndSucceeds()
    {
        _server.AddRecord(Contact(1));
        await using var host = SalesforceTestHost.Create(_server);
        await host.CrmSink.WriteAsync([Flag(Contact(1))]);
        _server.RevokeTokens();

        (await host.CrmSink.WriteAsync([Clear(Contact(1))])).Single().Outcome.Should().Be(CrmWriteOutcome.Written);

        _server.TokenRequests.Should().Be(2);
        _server.Field(Contact(1), "Hard_Bounce__c")!.GetValue<bool>().Should().BeFalse();
    }

    [Fact]
    public async Task Write_ManyCalls_RequestOneTokenSentFormEncodedAsBearer()
    {
        _server.AddRecord(Contact(1));
        await using var host = SalesforceTestHost.Create(_server);

        for (int i = 0; i < 3; i++)
        {
            await host.CrmSink.WriteAsync([Flag(Contact(1))]); // a new transient sink each time
        }

        _server.TokenRequests.Should().Be(1);
        _server.LastTokenForm.Should().BeEquivalentTo(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = FakeSalesforceServer.ClientId,
            ["client_secret"] = FakeSalesforceServer.ClientSecret,
        });
    }

    [Fact]
    public async Task Write_TokenStillRejectedAfterRefresh_Throws()
    {
        _server.AddRecord(Contact(1));
        _server.FailNext(401, "INVALID_SESSION_ID", "Session expired or invalid", times: 2);
        await using var host = SalesforceTestHost.Create(_server);

        SalesforceCrmException e = (await FluentActions.Awaiting(() => host.CrmSink.WriteAsync([Flag(Contact(1))])).Should().ThrowAsync<SalesforceCrmException>()).Which;

        e.Status.Should().Be(401);
        e.ErrorCode.Should().Be("INVALID_SESSION_ID");
        e.Should().BeAssignableTo<AdapterRequestException>().Which.Provider.Should().Be("salesforcecrm", "the same name as the metrics' provider tag");
        _server.TokenRequests.Should().Be(2);
    }

    [Fact]
    public async Task Write_BadCredentials_ThrowsWithTheOAuthErrorAndNoSecret()
    {
        _server.AddRecord(Contact(1));
        await using var host = SalesforceTestHost.Create(_server, o => o.ClientSecret = "wrong-secret-value-123");

        SalesforceCrmException e = (await FluentActions.Awaiting(() => host.CrmSink.WriteAsync([Flag(Contact(1))])).Should().ThrowAsync<SalesforceCrmException>()).Which;

        e.Operation.Should().Be("auth.token");
        e.ErrorCode.Should().Be("invalid_client");
        e.Message.Should().Be("Salesforce auth.token failed: 400 invalid_client: invalid client credentials").And.NotContain("wrong-secret");
        _server.UpdateCalls.Should().Be(0);
    }

    [Fact]
    public async Task Write_CallerTokenProvider_IsUsedInsteadOfClientCredentials()
    {
        _server.AddRecord(Contact(1));
        await using var host = SalesforceTestHost.Create(_server, o => o.ClientSecret = null, s => s.AddKeyedSingleton<ISalesforceTokenProvider>("", new StaticTokenProvider(_server)));

        (await host.CrmSink.WriteAsync([Flag(Contact(1))])).Single().Outcome.Should().Be(CrmWriteOutcome.Written);

        _server.TokenRequests.Should().Be(1, "the host's provider got its token from the fake once");
    }

    [Fact]
    public async Task Write_Cancelled_ReportsUnsentRecordsRetryable()
    {
        _server.AddRecord(Contact(1));
        await using var host = SalesforceTestHost.Create(_server);
        using var cancel = new CancellationTokenSource();
        await cancel.CancelAsync();

        IReadOnlyList<CrmWriteResult> results = await host.CrmSink.WriteAsync([Flag(Contact(1))], cancel.Token);

        results.Single().Outcome.Should().Be(CrmWriteOutcome.Retryable);
        _server.UpdateCalls.Should().Be(0);
    }

    [Fact]
    public async Task Logs_FaultsAndErrors_NeverContainTokenSecretOrAddress()
    {
        _server.AddRecord(Contact(1));
        _server.AddRecord(Contact(2));
        _server.FailValidation[Contact(2)] = 0;
        await using var host = SalesforceTestHost.Create(_server);
        await host.CrmSink.WriteAsync([Flag(Contact(1)), Flag(Contact(2)), Flag("bob@example.com")]);
        _server.RevokeTokens();
        await host.CrmSink.WriteAsync([Flag(Contact(1))]);
        _server.FailNext(503, "SERVER_UNAVAILABLE", "Service Unavailable for jane.doe@example.com", times: 4);
        await host.CrmSink.WriteAsync([Flag(Contact(1))]);

        IReadOnlyList<FakeLogRecord> records = host.Logs.GetSnapshot();
        records.Should().Contain(r => r.Id.Id == 1404, "the expired token was logged");
        records.Should().Contain(r => r.Id.Id == 1410, "the failed call was logged");
        string everything = string.Join('\n', records.Select(r => r.Message + " " + string.Join(' ', r.StructuredState?.Select(s => s.Key + "=" + s.Value) ?? [])));
        everything.Should().NotContain(FakeSalesforceServer.ClientSecret).And.NotContain(FakeSalesforceServer.ClientId).And.NotContain("@example.com");
        foreach (string token in _server.IssuedTokens)
        {
            everything.Should().NotContain(token);
            everything.Should().NotContain(token[..20]);
        }
    }

    [Fact]
    public async Task Metrics_RetriedCall_RecordsRetriesAndRequestsTaggedSalesforce()
    {
        _server.AddRecord(Contact(1));
        _server.FailNext(503, "SERVER_UNAVAILABLE", "Service Unavailable");
        await using var host = SalesforceTestHost.Create(_server);
        using var retries = new MetricCollector<long>(null, BounceKitMetrics.MeterName, "bouncekit.adapter.retries");
        using var requests = new MetricCollector<long>(null, BounceKitMetrics.MeterName, "bouncekit.adapter.requests");

        await host.CrmSink.WriteAsync([Flag(Contact(1))]);

        retries.GetMeasurementSnapshot().Should().ContainSingle(m => (string)m.Tags["provider"]! == "salesforcecrm" && (string)m.Tags["reason"]! == "503");
        requests.GetMeasurementSnapshot().Where(m => (string)m.Tags["provider"]! == "salesforcecrm").Select(m => (string)m.Tags["operation"]!)
            .Should().BeEquivalentTo(["auth.token", "sobjects.update"]);
    }

    [Fact]
    public void FormatDateTime_OffsetTime_IsUtcWithMillisecondsAndNumericZone() =>
        SalesforceCrmSink.FormatDateTime(new DateTimeOffset(2026, 11, 22, 10, 30, 15, 250, TimeSpan.FromHours(1)))
            .Should().Be("2026-11-22T09:30:15.250+0000");

    private sealed class StaticTokenProvider(FakeSalesforceServer server) : ISalesforceTokenProvider
    {
        private SalesforceAccessToken? _token;

        public async ValueTask<SalesforceAccessToken> GetTokenAsync(SalesforceAccessToken? rejected, CancellationToken cancellationToken = default)
        {
            if (_token is not null && !ReferenceEquals(_token, rejected))
            {
                return _token;
            }

            using var http = new HttpClient();
            using HttpResponseMessage response = await http.PostAsync(
                new Uri(server.LoginUrl.AbsoluteUri + "/services/oauth2/token"),
                new FormUrlEncodedContent([new("grant_type", "client_credentials"), new("client_id", FakeSalesforceServer.ClientId), new("client_secret", FakeSalesforceServer.ClientSecret)]),
                cancellationToken);
            JsonNode body = (await JsonNode.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken: cancellationToken))!;
            _token = new SalesforceAccessToken((string)body["access_token"]!, new Uri((string)body["instance_url"]!));
            return _token;
        }
    }
}
