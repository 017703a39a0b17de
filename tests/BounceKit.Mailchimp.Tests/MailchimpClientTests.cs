using System.Diagnostics;
using System.Diagnostics.Metrics;
using BounceKit.Extensions.DependencyInjection;
using BounceKit.Mailchimp.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;

namespace BounceKit.Mailchimp.Tests;

[Collection(SharedMeter.Name)]
public sealed class MailchimpClientTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 1, 9, 0, 0, TimeSpan.Zero);
    private FakeMailchimpServer _server = null!;

    public async Task InitializeAsync() => _server = await FakeMailchimpServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task GetMember_Existing_ReadsStatusAndEngagement_ByHashPath()
    {
        _server.AddMember("L1", "Urist.McVankab@freddiesjokes.com", "cleaned", T0, openRate: 0.4);
        await using var host = MailchimpTestHost.Create(_server);

        MailchimpMember? member = await host.Client.GetMemberAsync("L1", "urist.mcvankab@freddiesjokes.com");

        member.Should().NotBeNull();
        member!.Id.Should().Be("62eeb292278cc15f5817cb78f7790b08");
        member.Status.Should().Be(MailchimpMemberStatus.Cleaned);
        member.LastChanged.Should().Be(T0);
        member.HasEngagementHistory.Should().BeTrue();
        member.ToString().Should().NotContain("urist.mcvankab@");
        _server.Requests.Should().ContainSingle(r => r.StartsWith("GET /3.0/lists/L1/members/62eeb292278cc15f5817cb78f7790b08", StringComparison.Ordinal));
    }

    [Fact]
    public async Task GetMember_NotOnList_IsNull()
    {
        await using var host = MailchimpTestHost.Create(_server);
        (await host.Client.GetMemberAsync("L1", "nobody@example.com")).Should().BeNull();
    }

    [Fact]
    public async Task AnyCall_WrongKey_ThrowsWithProblemDocument()
    {
        await using var host = MailchimpTestHost.Create(_server, o => o.ApiKey = "ffffffffffffffffffffffffffffffff-us14");

        MailchimpException e = (await FluentActions.Awaiting(() => host.Client.GetMemberAsync("L1", "a@example.com")).Should().ThrowAsync<MailchimpException>()).Which;

        e.Status.Should().Be(401);
        e.Title.Should().Be("API Key Invalid");
        e.Type.Should().Be("https://mailchimp.com/developer/marketing/docs/errors/");
        e.Instance.Should().StartWith("req-");
        e.Operation.Should().Be("members.get");
        e.Message.Should().Contain("401 API Key Invalid").And.NotContain("ffffffff");
        e.Should().BeAssignableTo<AdapterRequestException>().Which.Provider.Should().Be("mailchimp", "the same name as the metrics' provider tag");
    }

    [Fact]
    public async Task UpsertMember_New_CreatesWithStatusIfNew_ThenUpdatePatchesMergeFields()
    {
        await using var host = MailchimpTestHost.Create(_server);

        MailchimpMember created = await host.Client.UpsertMemberAsync("L1", new MailchimpMemberUpdate { EmailAddress = "New.Person@Example.com", StatusIfNew = MailchimpMemberStatus.Pending });
        MailchimpMember updated = await host.Client.UpdateMemberAsync("L1", new MailchimpMemberUpdate { EmailAddress = "new.person@example.com", MergeFields = new Dictionary<string, string> { ["FNAME"] = "Ada" } });

        created.Status.Should().Be(MailchimpMemberStatus.Pending);
        updated.Id.Should().Be(SubscriberHash.Compute("new.person@example.com"));
        _server.Lists["L1"][created.Id].MergeFields.Should().Contain("FNAME", "Ada");
        _server.Requests.Should().Contain(r => r.StartsWith("PUT ", StringComparison.Ordinal)).And.Contain(r => r.StartsWith("PATCH ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task UpdateMember_Missing_ThrowsNotFound()
    {
        await using var host = MailchimpTestHost.Create(_server);

        MailchimpException e = (await FluentActions.Awaiting(() => host.Client.UpdateMemberAsync("L1", new MailchimpMemberUpdate { EmailAddress = "ghost@example.com", Status = MailchimpMemberStatus.Pending }))
            .Should().ThrowAsync<MailchimpException>()).Which;
        e.Status.Should().Be(404);
        e.Title.Should().Be("Resource Not Found");
    }

    [Theory]
    [InlineData("cleaned")]
    [InlineData("unsubscribed")]
    public async Task UpsertMember_SubscribedOnBlockedMember_IsRefusedBeforeAnyWrite(string status)
    {
        _server.AddMember("L1", "gone@example.com", status, T0);
        await using var host = MailchimpTestHost.Create(_server);

        var refused = await FluentActions.Awaiting(() => host.Client.UpsertMemberAsync("L1", new MailchimpMemberUpdate { EmailAddress = "gone@example.com", Status = MailchimpMemberStatus.Subscribed }))
            .Should().ThrowAsync<InvalidOperationException>();

        refused.Which.Message.Should().Contain(status).And.Contain("pending").And.NotContain("gone@example.com");
        _server.Requests.Should().NotContain(r => r.StartsWith("PUT ", StringComparison.Ordinal));
        _server.Lists["L1"][SubscriberHash.Compute("gone@example.com")].Status.Should().Be(status);
    }

    [Fact]
    public async Task MemberInComplianceState_FromMailchimp_SurfacesTitleWithTheAddressMasked()
    {
        // A race: the member was cleaned after our check. Mailchimp's own refusal must come through, masked.
        FakeMember member = _server.AddMember("L1", "racer@example.com", "subscribed", T0);
        _server.AfterNextRequest(() => member.Status = "cleaned");
        await using var host = MailchimpTestHost.Create(_server);

        MailchimpException e = (await FluentActions.Awaiting(() => host.Client.UpsertMemberAsync("L1", new MailchimpMemberUpdate { EmailAddress = "racer@example.com", Status = MailchimpMemberStatus.Subscribed }))
            .Should().ThrowAsync<MailchimpException>()).Which;

        e.Title.Should().Be("Member In Compliance State");
        e.Detail.Should().Contain("racer@example.com");
        e.Message.Should().Contain("r***@example.com").And.NotContain("racer@example.com");
    }

    [Fact]
    public async Task GetMembers_PagesThroughEveryMember_WithStatusAndSinceFilters()
    {
        for (int i = 0; i < 7; i++)
        {
            _server.AddMember("L1", $"c{i}@example.com", "cleaned", T0.AddDays(i));
        }

        _server.AddMember("L1", "sub@example.com", "subscribed", T0.AddDays(5));
        await using var host = MailchimpTestHost.Create(_server);

        var all = await host.Client.GetMembersAsync("L1", MailchimpMemberStatus.Cleaned).ToListAsync();
        var recent = await host.Client.GetMembersAsync("L1", MailchimpMemberStatus.Cleaned, changedSince: T0.AddDays(3)).ToListAsync();

        all.Select(m => m.EmailAddress).Should().BeEquivalentTo(Enumerable.Range(0, 7).Select(i => $"c{i}@example.com"));
        recent.Should().HaveCount(3);
        _server.Requests.Count(r => r.Contains("status=cleaned", StringComparison.Ordinal) && !r.Contains("since", StringComparison.Ordinal)).Should().Be(3, "7 members at 3 per page");
        _server.Requests.Should().Contain(r => r.Contains("since_last_changed=2026-11-04T09%3A00%3A00%2B00%3A00", StringComparison.Ordinal));
    }

    [Fact]
    public async Task CampaignsAndEmailActivity_AreReadWithBounceTypes()
    {
        _server.Campaigns.Add(new FakeCampaign("old", "L1", T0.AddDays(-60)));
        _server.Campaigns.Add(new FakeCampaign("C1", "L1", T0)
            .Add("soft@example.com", "bounce", T0.AddHours(1), "soft")
            .Add("hard@example.com", "bounce", T0.AddHours(1), "hard")
            .Add("reader@example.com", "open", T0.AddHours(2))
            .Add("reader@example.com", "click", T0.AddHours(3)));
        await using var host = MailchimpTestHost.Create(_server);

        var campaigns = await host.Client.GetCampaignsAsync(T0.AddDays(-1), "L1").ToListAsync();
        var activity = await host.Client.GetEmailActivityAsync("C1").ToListAsync();

        campaigns.Should().ContainSingle().Which.Should().BeEquivalentTo(new { Id = "C1", ListId = "L1", SendTime = (DateTimeOffset?)T0, Subject = "Subject C1" });
        activity.Should().HaveCount(3);
        activity.Single(a => a.EmailAddress == "soft@example.com").Activity.Should().ContainSingle().Which.BounceType.Should().Be(Events.GivenBounceType.Soft);
        activity.Single(a => a.EmailAddress == "hard@example.com").Activity.Single().BounceType.Should().Be(Events.GivenBounceType.Hard);
        activity.Single(a => a.EmailAddress == "reader@example.com").Activity.Select(a => a.Action).Should().Equal("open", "click");
    }

    [Fact]
    public async Task TooManyRequests_WithRetryAfter_WaitsThenSucceeds_AndCountsTheRetry()
    {
        _server.AddMember("L1", "a@example.com", "subscribed", T0);
        _server.FailNext(429, retryAfter: "1", problemBody: false); // Mailchimp may send 429 without a body
        await using var host = MailchimpTestHost.Create(_server);
        var retries = new List<(long Value, string Reason)>();
        using var listener = Listen("bouncekit.adapter.retries", (v, tags) => retries.Add((v, (string)tags["reason"]!)));

        var watch = Stopwatch.StartNew();
        MailchimpMember? member = await host.Client.GetMemberAsync("L1", "a@example.com");

        member.Should().NotBeNull();
        watch.Elapsed.Should().BeGreaterThan(TimeSpan.FromMilliseconds(900), "Retry-After: 1 is honoured over the 5 ms test backoff");
        retries.Should().ContainSingle().Which.Reason.Should().Be("429");
        _server.Requests.Should().HaveCount(2);
    }

    [Fact]
    public async Task ServerErrors_AreRetried_ThenFailWithTheLastProblem()
    {
        _server.AddMember("L1", "a@example.com", "subscribed", T0);
        _server.FailNext(500, times: 2);
        await using var host = MailchimpTestHost.Create(_server);

        (await host.Client.GetMemberAsync("L1", "a@example.com")).Should().NotBeNull("two 500s then a success");

        _server.FailNext(503, times: 10);
        MailchimpException e = (await FluentActions.Awaiting(() => host.Client.GetMemberAsync("L1", "a@example.com")).Should().ThrowAsync<MailchimpException>()).Which;
        e.Status.Should().Be(503);
        _server.Requests.Should().HaveCount(3 + 4, "the standard handler makes 1 attempt + 3 retries");
    }

    [Fact]
    public async Task SlowAnswer_BeyondAttemptTimeout_IsRetried()
    {
        _server.AddMember("L1", "a@example.com", "subscribed", T0);
        _server.DelayNext(TimeSpan.FromSeconds(5));
        await using var host = MailchimpTestHost.Create(_server, o => o.AttemptTimeout = TimeSpan.FromSeconds(1));

        (await host.Client.GetMemberAsync("L1", "a@example.com")).Should().NotBeNull();
        _server.Requests.Should().HaveCount(2);
    }

    [Fact]
    public async Task NoAnswerAtAll_ThrowsMailchimpExceptionWithStatusZero()
    {
        await using var host = MailchimpTestHost.Create(_server, o =>
        {
            o.AttemptTimeout = TimeSpan.FromSeconds(1);
            o.TotalTimeout = TimeSpan.FromSeconds(2);
        });
        _server.Latency = TimeSpan.FromSeconds(10);

        MailchimpException e = (await FluentActions.Awaiting(() => host.Client.GetMemberAsync("L1", "a@example.com")).Should().ThrowAsync<MailchimpException>()).Which;

        e.Status.Should().Be(0);
        e.InnerException.Should().NotBeNull();
    }

    [Fact]
    public async Task ConcurrentCalls_NeverExceedMaxConcurrentRequests()
    {
        _server.AddMember("L1", "a@example.com", "subscribed", T0);
        _server.Latency = TimeSpan.FromMilliseconds(100);
        await using var host = MailchimpTestHost.Create(_server, o => o.MaxConcurrentRequests = 4);

        await Task.WhenAll(Enumerable.Range(0, 24).Select(_ => host.Client.GetMemberAsync("L1", "a@example.com")));

        _server.MaxInFlight.Should().BeInRange(2, 4);
    }

    [Fact]
    public async Task Logs_NeverContainAddressesOrTheKey()
    {
        _server.AddMember("L1", "secret.person@example.com", "cleaned", T0);
        await using var host = MailchimpTestHost.Create(_server);
        await host.Client.GetMemberAsync("L1", "secret.person@example.com");
        await FluentActions.Awaiting(() => host.Client.UpsertMemberAsync("L1", new MailchimpMemberUpdate { EmailAddress = "secret.person@example.com", Status = MailchimpMemberStatus.Subscribed })).Should().ThrowAsync<InvalidOperationException>();
        _server.FailNext(400);
        await FluentActions.Awaiting(() => host.Client.GetMembersAsync("L1", MailchimpMemberStatus.Cleaned).ToListAsync().AsTask()).Should().ThrowAsync<MailchimpException>();

        var records = host.Logs.GetSnapshot();
        records.Should().NotBeEmpty();
        records.Select(r => r.Message + " " + string.Join(" ", r.StructuredState?.Select(kv => kv.Value) ?? []))
            .Should().AllSatisfy(text => text.Should().NotContain("secret.person").And.NotContain(FakeMailchimpServer.ApiKey[..20]).And.NotContain(BasicCredentials[..20]));
        records.Select(r => r.Id.Id).Should().Contain([1100, 1101, 1103]);
    }

    [Fact]
    public async Task Requests_AreCountedByOperationAndStatus()
    {
        _server.AddMember("L1", "a@example.com", "subscribed", T0);
        await using var host = MailchimpTestHost.Create(_server);
        var requests = new List<(string Operation, int Status)>();
        using var listener = Listen("bouncekit.adapter.requests", (_, tags) => requests.Add(((string)tags["operation"]!, (int)tags["http.response.status_code"]!)));

        await host.Client.GetMemberAsync("L1", "a@example.com");
        await host.Client.GetMemberAsync("L1", "b@example.com");

        requests.Should().Equal(("members.get", 200), ("members.get", 404));
    }

    // The key as it travels in the Authorization header.
    private static readonly string BasicCredentials = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("bouncekit:" + FakeMailchimpServer.ApiKey));

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
}
