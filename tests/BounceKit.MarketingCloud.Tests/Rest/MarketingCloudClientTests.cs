using System.Diagnostics;
using System.Diagnostics.Metrics;
using BounceKit.Extensions.DependencyInjection;
using BounceKit.MarketingCloud.Tests.Rest.Fakes;

namespace BounceKit.MarketingCloud.Tests.Rest;

[Collection(MarketingCloudMeter.Name)]
public sealed class MarketingCloudClientTests : IAsyncLifetime
{
    private const string Bounces = "BounceKit_Bounces";
    private FakeMarketingCloudServer _server = null!;

    public async Task InitializeAsync() => _server = await FakeMarketingCloudServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task GetRows_ThreePages_ReadsEveryRowFromTheRestInstanceOfTheToken()
    {
        AddSubscribers(8);
        await using var host = MarketingCloudTestHost.Create(_server);

        List<DataExtensionRow> rows = await host.Client.GetRowsAsync(Bounces).ToListAsync();

        rows.Select(r => r["SubscriberKey"]).Should().Equal(Enumerable.Range(0, 8).Select(i => $"003A{i:D4}"));
        _server.Requests.Where(r => r.StartsWith("GET /rest/data/v1/customobjectdata/key/BounceKit_Bounces/rowset", StringComparison.Ordinal))
            .Should().Equal(
                "GET /rest/data/v1/customobjectdata/key/BounceKit_Bounces/rowset?$page=1&$pageSize=3",
                "GET /rest/data/v1/customobjectdata/key/BounceKit_Bounces/rowset?$page=2&$pageSize=3",
                "GET /rest/data/v1/customobjectdata/key/BounceKit_Bounces/rowset?$page=3&$pageSize=3");
    }

    [Fact]
    public async Task GetRows_LowerCasedNames_AreReadIgnoringCase_KeysAndValuesMerged()
    {
        AddSubscribers(1);
        await using var host = MarketingCloudTestHost.Create(_server);

        DataExtensionRow row = (await host.Client.GetRowsAsync(Bounces).ToListAsync()).Single();

        row.Fields.Keys.Should().BeEquivalentTo("subscriberkey", "status", "bouncecount");
        row.Keys.Keys.Should().Equal("subscriberkey");
        row["SubscriberKey"].Should().Be("003A0000");
        row["Status"].Should().Be("held");
        row.Fields["BOUNCECOUNT"].Should().Be("3");
        row["Missing"].Should().BeNull();
    }

    [Fact]
    public async Task GetRows_ExactlyOneFullPage_StopsWithoutAskingForAnEmptyPage()
    {
        AddSubscribers(3);
        await using var host = MarketingCloudTestHost.Create(_server);

        (await host.Client.GetRowsAsync(Bounces).ToListAsync()).Should().HaveCount(3);

        _server.Requests.Count(r => r.Contains("/rowset?", StringComparison.Ordinal)).Should().Be(1, "page*pageSize >= count after page 1");
    }

    [Fact]
    public async Task GetRows_NoNextLink_StopsEvenWhenCountPromisesMore()
    {
        AddSubscribers(8);
        _server.OmitNextLink = true;
        await using var host = MarketingCloudTestHost.Create(_server);

        (await host.Client.GetRowsAsync(Bounces).ToListAsync()).Should().HaveCount(3);

        _server.Requests.Count(r => r.Contains("/rowset?", StringComparison.Ordinal)).Should().Be(1);
    }

    [Fact]
    public async Task GetRows_UnknownKey_ThrowsWithMessageErrorcodeAndDocumentation()
    {
        await using var host = MarketingCloudTestHost.Create(_server);

        MarketingCloudException e = (await FluentActions.Awaiting(() => host.Client.GetRowsAsync("Nope").ToListAsync().AsTask()).Should().ThrowAsync<MarketingCloudException>()).Which;

        e.Status.Should().Be(404);
        e.ErrorCode.Should().Be(10000);
        e.ErrorMessage.Should().Be("Data extension with key Nope not found.");
        e.Documentation.Should().StartWith("https://developer.salesforce.com/");
        e.Operation.Should().Be("rows.read");
        e.Message.Should().Be("Marketing Cloud rows.read failed: 404 (errorcode 10000): Data extension with key Nope not found.");
        e.Should().BeAssignableTo<AdapterRequestException>().Which.Provider.Should().Be("marketingcloud", "the same name as the metrics' provider tag");
    }

    [Fact]
    public async Task Token_ManyCalls_IsRequestedOnceAndSentAsBearer()
    {
        AddSubscribers(2);
        await using var host = MarketingCloudTestHost.Create(_server, o => o.AccountId = "518000123");

        for (int i = 0; i < 4; i++)
        {
            await host.Client.GetRowsAsync(Bounces).ToListAsync(); // a new transient client each time
        }

        _server.TokenRequests.Should().Be(1);
        _server.LastTokenRequest!["grant_type"]!.GetValue<string>().Should().Be("client_credentials");
        _server.LastTokenRequest["account_id"]!.GetValue<string>().Should().Be("518000123");
        _server.Requests.Should().Contain("POST /auth/v2/token");
    }

    [Fact]
    public async Task Token_WithoutAccountId_OmitsIt()
    {
        AddSubscribers(1);
        await using var host = MarketingCloudTestHost.Create(_server);

        await host.Client.GetRowsAsync(Bounces).ToListAsync();

        _server.LastTokenRequest!.ContainsKey("account_id").Should().BeFalse();
    }

    [Fact]
    public async Task Token_ConcurrentCallers_ShareOneTokenRequest()
    {
        AddSubscribers(2);
        _server.TokenLatency = TimeSpan.FromMilliseconds(300);
        await using var host = MarketingCloudTestHost.Create(_server);

        await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => host.Client.GetRowsAsync(Bounces).ToListAsync().AsTask()));

        _server.TokenRequests.Should().Be(1);
    }

    [Fact]
    public async Task Token_ShortExpiresIn_IsRequestedAgainOnceExpiring()
    {
        AddSubscribers(1);
        _server.ExpiresInSeconds = 2; // refreshed after half its life: 1 s
        await using var host = MarketingCloudTestHost.Create(_server);

        await host.Client.GetRowsAsync(Bounces).ToListAsync();
        await host.Client.GetRowsAsync(Bounces).ToListAsync();
        _server.TokenRequests.Should().Be(1);

        await Task.Delay(TimeSpan.FromMilliseconds(1200));
        await host.Client.GetRowsAsync(Bounces).ToListAsync();

        _server.TokenRequests.Should().Be(2);
    }

    [Fact]
    public async Task Token_IsReusedUntilSixtySecondsBeforeExpiry_ByTheInjectedClock()
    {
        AddSubscribers(1);
        var clock = new ManualClock(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero));
        await using var host = MarketingCloudTestHost.Create(_server, clock: clock);

        await host.Client.GetRowsAsync(Bounces).ToListAsync();
        clock.Advance(TimeSpan.FromSeconds(1079 - 61));
        await host.Client.GetRowsAsync(Bounces).ToListAsync();
        _server.TokenRequests.Should().Be(1, "the token still has 61 s to live");

        clock.Advance(TimeSpan.FromSeconds(2));
        await host.Client.GetRowsAsync(Bounces).ToListAsync();
        _server.TokenRequests.Should().Be(2, "59 s before expiry it is replaced");
    }

    [Fact]
    public async Task Token_WrongSecret_ThrowsClearErrorWithoutTheSecret()
    {
        await using var host = MarketingCloudTestHost.Create(_server, o => o.ClientSecret = "Wrong-Secret-Value-123456");

        MarketingCloudException e = (await FluentActions.Awaiting(() => host.Client.GetRowsAsync(Bounces).ToListAsync().AsTask()).Should().ThrowAsync<MarketingCloudException>()).Which;

        e.Status.Should().Be(401);
        e.Operation.Should().Be("auth.token");
        e.ErrorMessage.Should().StartWith("invalid_client: Client authentication failed.");
        e.Message.Should().Contain("auth.token failed: 401").And.NotContain("Wrong-Secret").And.NotContain(FakeMarketingCloudServer.ClientSecret);
        _server.Requests.Should().NotContain(r => r.StartsWith("GET /rest/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RestCall_TokenRevoked_RefreshesTheTokenOnceAndRetries()
    {
        AddSubscribers(2);
        await using var host = MarketingCloudTestHost.Create(_server);
        await host.Client.GetRowsAsync(Bounces).ToListAsync();
        _server.RevokeTokens();

        List<DataExtensionRow> rows = await host.Client.GetRowsAsync(Bounces).ToListAsync();

        rows.Should().HaveCount(2);
        _server.TokenRequests.Should().Be(2);
        host.Logs.GetSnapshot().Should().ContainSingle(r => r.Id.Id == 1304);
    }

    [Fact]
    public async Task RestCall_401AfterAFreshToken_ThrowsInsteadOfLooping()
    {
        AddSubscribers(2);
        _server.FailNext(401, times: 5);
        await using var host = MarketingCloudTestHost.Create(_server);

        MarketingCloudException e = (await FluentActions.Awaiting(() => host.Client.GetRowsAsync(Bounces).ToListAsync().AsTask()).Should().ThrowAsync<MarketingCloudException>()).Which;

        e.Status.Should().Be(401);
        e.Operation.Should().Be("rows.read");
        _server.TokenRequests.Should().Be(2);
        _server.Requests.Count(r => r.StartsWith("GET /rest/", StringComparison.Ordinal)).Should().Be(2);
    }

    [Fact]
    public async Task UpsertRows_120Rows_SendsThreeBatchesOfAtMost50()
    {
        await using var host = MarketingCloudTestHost.Create(_server);

        DataExtensionUpsertResult result = await host.Client.UpsertRowsAsync("Crm_Writeback", Rows(120));

        _server.UpsertBatchSizes.Should().Equal(50, 50, 20);
        _server.Requests.Where(r => r.StartsWith("POST /rest/", StringComparison.Ordinal)).Should().AllBe("POST /rest/hub/v1/dataevents/key:Crm_Writeback/rowset");
        result.Batches.Should().Be(3);
        result.RowsWritten.Should().Be(120);
        result.Succeeded.Should().BeTrue();
        _server.DataExtensions["Crm_Writeback"].Should().HaveCount(120);
        _server.DataExtensions["Crm_Writeback"][7].Values.Should().Contain("BounceCount", "7");
    }

    [Fact]
    public async Task UpsertRows_OneBatchRefused_OthersAreStillWritten_AndTheFailureListsItsRows()
    {
        await using var host = MarketingCloudTestHost.Create(_server);
        List<DataExtensionRow> rows = Rows(120);
        rows[60] = new DataExtensionRow(rows[60].Keys, new Dictionary<string, string> { ["BounceCount"] = FakeMarketingCloudServer.BadValue });

        DataExtensionUpsertResult result = await host.Client.UpsertRowsAsync("Crm_Writeback", rows);

        result.Succeeded.Should().BeFalse();
        result.RowsWritten.Should().Be(70);
        result.RowsFailed.Should().Be(50);
        DataExtensionBatchFailure failure = result.FailedBatches.Should().ContainSingle().Subject;
        failure.BatchIndex.Should().Be(1);
        failure.Rows.Should().Equal(rows.Skip(50).Take(50));
        failure.Exception.Status.Should().Be(400);
        failure.Exception.ErrorCode.Should().Be(10006);
        failure.Exception.AdditionalErrors.Should().ContainSingle().Which.Should().Contain("BounceCount");
        _server.DataExtensions["Crm_Writeback"].Should().HaveCount(70);
        host.Logs.GetSnapshot().Should().Contain(r => r.Id.Id == 1310);
    }

    [Fact]
    public async Task UpsertRows_RowWithoutKey_ThrowsBeforeSendingAnything()
    {
        await using var host = MarketingCloudTestHost.Create(_server);
        List<DataExtensionRow> rows = [.. Rows(3), new DataExtensionRow([], new Dictionary<string, string> { ["Status"] = "held" })];

        (await FluentActions.Awaiting(() => host.Client.UpsertRowsAsync("Crm_Writeback", rows)).Should().ThrowAsync<ArgumentException>())
            .Which.Message.Should().Contain("Row 3 has no key field");
        _server.Requests.Should().BeEmpty();
    }

    [Fact]
    public async Task UpsertRows_WrongSecret_ThrowsOnceInsteadOfFailingEveryBatch()
    {
        await using var host = MarketingCloudTestHost.Create(_server, o => o.ClientSecret = "Wrong-Secret-Value-123456");

        (await FluentActions.Awaiting(() => host.Client.UpsertRowsAsync("Crm_Writeback", Rows(120))).Should().ThrowAsync<MarketingCloudException>())
            .Which.Operation.Should().Be("auth.token");
        _server.TokenRequests.Should().Be(1);
    }

    [Fact]
    public async Task TooManyRequests_WithRetryAfter_WaitsThenSucceeds_AndCountsTheRetry()
    {
        AddSubscribers(1);
        _server.FailNext(429, retryAfter: "1");
        await using var host = MarketingCloudTestHost.Create(_server);
        var retries = new List<(long Value, string Reason, string Provider)>();
        using var listener = Listen("bouncekit.adapter.retries", (v, tags) => retries.Add((v, (string)tags["reason"]!, (string)tags["provider"]!)));

        var watch = Stopwatch.StartNew();
        List<DataExtensionRow> rows = await host.Client.GetRowsAsync(Bounces).ToListAsync();

        rows.Should().ContainSingle();
        watch.Elapsed.Should().BeGreaterThan(TimeSpan.FromMilliseconds(900), "Retry-After: 1 is honoured over the 5 ms test backoff");
        retries.Should().ContainSingle().Which.Should().Be((1L, "429", "marketingcloud"));
        _server.Requests.Count(r => r.StartsWith("GET /rest/", StringComparison.Ordinal)).Should().Be(2);
    }

    [Fact]
    public async Task TooManyRequests_Persisting_ThrowsWithRateLimitErrorcodeAndRetryAfter()
    {
        AddSubscribers(1);
        _server.FailNext(429, times: 10, retryAfter: "0");
        await using var host = MarketingCloudTestHost.Create(_server);

        MarketingCloudException e = (await FluentActions.Awaiting(() => host.Client.GetRowsAsync(Bounces).ToListAsync().AsTask()).Should().ThrowAsync<MarketingCloudException>()).Which;

        e.Status.Should().Be(429);
        e.ErrorCode.Should().Be(50100);
        e.ErrorMessage.Should().Be("Rate limit exceeded");
        e.RetryAfter.Should().Be(TimeSpan.Zero);
        _server.Requests.Count(r => r.StartsWith("GET /rest/", StringComparison.Ordinal)).Should().Be(4, "1 attempt + 3 retries");
    }

    [Fact]
    public async Task ServerErrors_AreRetried_ThenSucceed()
    {
        AddSubscribers(1);
        _server.FailNext(500, times: 2);
        await using var host = MarketingCloudTestHost.Create(_server);

        (await host.Client.GetRowsAsync(Bounces).ToListAsync()).Should().ContainSingle();

        _server.Requests.Count(r => r.StartsWith("GET /rest/", StringComparison.Ordinal)).Should().Be(3);
    }

    [Fact]
    public async Task Requests_AreCountedByOperationAndStatus()
    {
        AddSubscribers(1);
        await using var host = MarketingCloudTestHost.Create(_server);
        var requests = new List<(string Provider, string Operation, int Status)>();
        using var listener = Listen("bouncekit.adapter.requests", (_, tags) => requests.Add(((string)tags["provider"]!, (string)tags["operation"]!, (int)tags["http.response.status_code"]!)));

        await host.Client.GetRowsAsync(Bounces).ToListAsync();
        await host.Client.UpsertRowsAsync(Bounces, Rows(1));
        await FluentActions.Awaiting(() => host.Client.GetRowsAsync("Nope").ToListAsync().AsTask()).Should().ThrowAsync<MarketingCloudException>();

        requests.Should().Equal(
            ("marketingcloud", "auth.token", 200),
            ("marketingcloud", "rows.read", 200),
            ("marketingcloud", "rows.upsert", 200),
            ("marketingcloud", "rows.read", 404));
    }

    [Fact]
    public async Task Logs_NeverContainTheClientSecretOrAToken()
    {
        AddSubscribers(4);
        await using var host = MarketingCloudTestHost.Create(_server);
        await host.Client.GetRowsAsync(Bounces).ToListAsync();
        _server.RevokeTokens();
        await host.Client.UpsertRowsAsync("Crm_Writeback", Rows(60));
        _server.FailNext(400);
        await FluentActions.Awaiting(() => host.Client.GetRowsAsync(Bounces).ToListAsync().AsTask()).Should().ThrowAsync<MarketingCloudException>();
        await using var wrong = MarketingCloudTestHost.Create(_server, o => o.ClientSecret = "Wrong-Secret-Value-123456");
        await FluentActions.Awaiting(() => wrong.Client.GetRowsAsync(Bounces).ToListAsync().AsTask()).Should().ThrowAsync<MarketingCloudException>();

        var records = host.Logs.GetSnapshot().Concat(wrong.Logs.GetSnapshot()).ToList();
        records.Select(r => r.Id.Id).Should().Contain([1300, 1301, 1303, 1304, 1305, 1311, 1312]);
        string[] tokens = [.. _server.IssuedTokens];
        tokens.Should().HaveCount(2);
        records.Select(r => r.Message + " " + string.Join(" ", r.StructuredState?.Select(kv => kv.Value) ?? []))
            .Should().AllSatisfy(text =>
            {
                text.Should().NotContain(FakeMarketingCloudServer.ClientSecret).And.NotContain("Wrong-Secret").And.NotContain("fake-");
                foreach (string token in tokens)
                {
                    text.Should().NotContain(token);
                }
            });
    }

    [Fact]
    public async Task Client_ConstructedByHand_KeepsItsOwnToken()
    {
        AddSubscribers(1);
        using var http = new HttpClient();
        var client = new MarketingCloudClient(http, new MarketingCloudOptions
        {
            Subdomain = FakeMarketingCloudServer.Subdomain,
            ClientId = FakeMarketingCloudServer.ClientId,
            ClientSecret = FakeMarketingCloudServer.ClientSecret,
            AuthBaseAddress = _server.AuthBaseAddress,
        });

        await client.GetRowsAsync(Bounces).ToListAsync();
        (await client.UpsertRowsAsync(Bounces, Rows(2))).RowsWritten.Should().Be(2);

        _server.TokenRequests.Should().Be(1);
    }

    internal static MeterListener Listen(string instrument, Action<long, Dictionary<string, object?>> record)
    {
        var listener = new MeterListener
        {
            InstrumentPublished = (i, l) =>
            {
                if (i.Meter.Name == "BounceKit" && i.Name == instrument)
                {
                    l.EnableMeasurementEvents(i);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            var dictionary = new Dictionary<string, object?>();
            foreach (KeyValuePair<string, object?> tag in tags)
            {
                dictionary[tag.Key] = tag.Value;
            }

            lock (listener)
            {
                record(value, dictionary);
            }
        });
        listener.Start();
        return listener;
    }

    private static List<DataExtensionRow> Rows(int count) => Enumerable.Range(0, count)
        .Select(i => new DataExtensionRow(
            new Dictionary<string, string> { ["SubscriberKey"] = $"003B{i:D4}" },
            new Dictionary<string, string> { ["Status"] = "held", ["BounceCount"] = i.ToString(System.Globalization.CultureInfo.InvariantCulture) }))
        .ToList();

    private void AddSubscribers(int count) => _server.AddRows(Bounces, count, i => (
        new Dictionary<string, string> { ["SubscriberKey"] = $"003A{i:D4}" },
        new Dictionary<string, string> { ["Status"] = "held", ["BounceCount"] = "3" }));
}
