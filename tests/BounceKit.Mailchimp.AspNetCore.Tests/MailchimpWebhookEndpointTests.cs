using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using BounceKit.Events;
using BounceKit.Mailchimp.Webhooks;
using static BounceKit.Mailchimp.Tests.Webhooks.WebhookPayloads;

namespace BounceKit.Mailchimp.AspNetCore.Tests;

public sealed class MailchimpWebhookEndpointTests : IAsyncLifetime
{
    private WebhookHost _host = null!;

    public async Task InitializeAsync() => _host = await WebhookHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private static StringContent Form(string body) => new(body, Encoding.UTF8, "application/x-www-form-urlencoded");

    private Task<HttpResponseMessage> PostAsync(string body, string secret = WebhookHost.Secret) =>
        _host.Client.PostAsync(WebhookHost.Path + secret, Form(body));

    [Fact]
    public async Task Get_MailchimpValidator_Returns200WithoutCallingHandler()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, WebhookHost.Path + WebhookHost.Secret);
        request.Headers.UserAgent.ParseAdd("MailChimp.com WebHook Validator");

        using HttpResponseMessage response = await _host.Client.SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        _host.Recorder.Calls.Should().BeEmpty();
        _host.Logs.GetSnapshot().Should().Contain(r => r.Id.Id == 1202);
    }

    public static TheoryData<string?, string> ValidationPosts => new()
    {
        { null, "" },
        { "application/x-www-form-urlencoded", "" },
        { "application/x-www-form-urlencoded", Encode(Without(Cleaned(), "type")) },
        { "text/plain", "" },
    };

    [Theory]
    [MemberData(nameof(ValidationPosts))]
    public async Task Post_EmptyOrWithoutType_Returns200WithoutCallingHandler(string? contentType, string body)
    {
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        if (contentType is not null)
        {
            content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        }

        using HttpResponseMessage response = await _host.Client.PostAsync(WebhookHost.Path + WebhookHost.Secret, content);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        _host.Recorder.Calls.Should().BeEmpty();
    }

    public static TheoryData<string, Type, DeliverabilityEventKind[]> TypeRows => new()
    {
        { "subscribe", typeof(MailchimpSubscribeWebhookEvent), [DeliverabilityEventKind.Subscribe] },
        { "unsubscribe", typeof(MailchimpUnsubscribeWebhookEvent), [DeliverabilityEventKind.Unsubscribe] },
        { "unsubscribe-abuse", typeof(MailchimpUnsubscribeWebhookEvent), [DeliverabilityEventKind.Unsubscribe, DeliverabilityEventKind.Complaint] },
        { "profile", typeof(MailchimpProfileWebhookEvent), [] },
        { "upemail", typeof(MailchimpEmailChangedWebhookEvent), [] },
        { "cleaned", typeof(MailchimpCleanedWebhookEvent), [DeliverabilityEventKind.Bounce] },
        { "cleaned-abuse", typeof(MailchimpCleanedWebhookEvent), [DeliverabilityEventKind.Complaint] },
        { "campaign", typeof(MailchimpCampaignWebhookEvent), [] },
        { "smsSubscribe", typeof(MailchimpUnknownWebhookEvent), [] },
    };

    [Theory]
    [MemberData(nameof(TypeRows))]
    public async Task Post_EachWebhookType_Returns200AndHandsTypedEventAndMappedEventsToHandler(string payload, Type expectedType, DeliverabilityEventKind[] kinds)
    {
        using HttpResponseMessage response = await PostAsync(Encode(ByName(payload)));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (MailchimpWebhookEvent webhook, IReadOnlyList<DeliverabilityEvent> events) = _host.Recorder.Calls.Should().ContainSingle().Subject;
        webhook.Should().BeOfType(expectedType);
        webhook.ListId.Should().Be(ListId);
        events.Select(e => e.Kind).Should().Equal(kinds);
        _host.Logs.GetSnapshot().Should().Contain(r => r.Id.Id == 1201);
    }

    [Fact]
    public async Task Post_FormBody_IsDecodedByTheServerAsMailchimpEncodedIt()
    {
        using HttpResponseMessage response = await PostAsync(Encode(Subscribe()));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var subscribe = (MailchimpSubscribeWebhookEvent)_host.Recorder.Calls.Single().Webhook;
        subscribe.Email.Should().Be(Email);
        subscribe.Merges.Should().Contain("LNAME", "Müller & Söhne").And.Contain("GROUPINGS[0][name]", "Interests");
        _host.Recorder.Calls.Single().Events.Single().SubscriberKey.Should().Be(SubscriberHash.Compute(Email));
    }

    [Fact]
    public async Task Post_PreviousSecretDuringRotation_IsAccepted()
    {
        using HttpResponseMessage response = await PostAsync(Encode(Cleaned()), WebhookHost.PreviousSecret);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        _host.Recorder.Calls.Should().ContainSingle();
    }

    [Theory]
    [InlineData("GET", "wrong-secret-0123456789abcdef")]
    [InlineData("POST", "wrong-secret-0123456789abcdef")]
    [InlineData("POST", "s3cr3t-0123456789abcde")]
    [InlineData("POST", "s3cr3t-0123456789abcdef0")]
    [InlineData("POST", "S3CR3T-0123456789ABCDEF")]
    [InlineData("GET", "x")]
    public async Task Request_WrongSecret_Returns404WithoutCallingHandler(string method, string secret)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), WebhookHost.Path + secret);
        if (method == "POST")
        {
            request.Content = Form(Encode(Cleaned()));
        }

        using HttpResponseMessage response = await _host.Client.SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await response.Content.ReadAsStringAsync()).Should().BeEmpty();
        _host.Recorder.Calls.Should().BeEmpty();
    }

    [Fact]
    public async Task Request_NoSecretSegment_Returns404()
    {
        using HttpResponseMessage response = await _host.Client.PostAsync(WebhookHost.Path, Form(Encode(Cleaned())));

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        _host.Recorder.Calls.Should().BeEmpty();
    }

    public static TheoryData<string, string> MalformedRows => new()
    {
        { Encode(Without(Cleaned(), "data[email]")), "data[email]" },
        { Encode(Without(Cleaned(), "data[reason]")), "data[reason]" },
        { Encode(With(Subscribe(), "fired_at", "yesterday")), "fired_at" },
        { Encode(Without(Unsubscribe(), "data[list_id]")), "data[list_id]" },
        { Encode(Without(EmailChanged(), "data[new_email]")), "data[new_email]" },
    };

    [Theory]
    [MemberData(nameof(MalformedRows))]
    public async Task Post_MalformedPayload_Returns400ProblemNamingTheField(string body, string field)
    {
        using HttpResponseMessage response = await PostAsync(body);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        using JsonDocument problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        problem.RootElement.GetProperty("status").GetInt32().Should().Be(400);
        problem.RootElement.GetProperty("field").GetString().Should().Be(field);
        problem.RootElement.GetProperty("detail").GetString().Should().Contain($"'{field}'").And.NotContain("@");
        _host.Recorder.Calls.Should().BeEmpty();
        _host.Logs.GetSnapshot().Should().Contain(r => r.Id.Id == 1204 && r.Message.Contains(field, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Post_JsonBody_Returns415()
    {
        using var content = new StringContent("{\"type\":\"cleaned\"}", Encoding.UTF8, "application/json");

        using HttpResponseMessage response = await _host.Client.PostAsync(WebhookHost.Path + WebhookHost.Secret, content);

        response.StatusCode.Should().Be(HttpStatusCode.UnsupportedMediaType);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        _host.Recorder.Calls.Should().BeEmpty();
    }

    [Fact]
    public async Task Post_BodyOverOneMebibyte_Returns413()
    {
        string body = Encode(Cleaned()) + "&data%5Bpadding%5D=" + new string('x', 1024 * 1024);

        using HttpResponseMessage response = await PostAsync(body);

        response.StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge);
        _host.Recorder.Calls.Should().BeEmpty();
    }

    [Fact]
    public async Task Post_HandlerThrows_Returns500AndLogsTheFailure()
    {
        _host.Recorder.Fail = true;

        using HttpResponseMessage response = await PostAsync(Encode(Cleaned()));

        response.StatusCode.Should().Be(HttpStatusCode.InternalServerError);
        (await response.Content.ReadAsStringAsync()).Should().NotContain("on purpose", "the exception stays in the log");
        var failure = _host.Logs.GetSnapshot().Should().ContainSingle(r => r.Id.Id == 1205).Subject;
        failure.Level.Should().Be(Microsoft.Extensions.Logging.LogLevel.Error);
        failure.Exception.Should().BeOfType<InvalidOperationException>();
        failure.Message.Should().Contain(SubscriberHash.Compute(Email)).And.Contain("cleaned").And.Contain(ListId);
    }

    [Fact]
    public async Task Logs_AllOutcomes_NeverContainAnAddressOrASecret()
    {
        string[] payloads = ["subscribe", "unsubscribe-abuse", "profile", "upemail", "cleaned", "campaign", "smsSubscribe"];
        foreach (string payload in payloads)
        {
            (await PostAsync(Encode(ByName(payload)))).StatusCode.Should().Be(HttpStatusCode.OK);
        }

        (await PostAsync(Encode(Without(Cleaned(), "data[reason]")))).StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await PostAsync(Encode(With(SmsSubscribe(), "type", "x@example.com")))).StatusCode.Should().Be(HttpStatusCode.OK);
        (await PostAsync(Encode(Cleaned()), "wrong-secret-0123456789abcdef")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await _host.Client.GetAsync(WebhookHost.Path + WebhookHost.Secret)).StatusCode.Should().Be(HttpStatusCode.OK);
        _host.Recorder.Fail = true;
        (await PostAsync(Encode(Subscribe()))).StatusCode.Should().Be(HttpStatusCode.InternalServerError);

        IReadOnlyList<Microsoft.Extensions.Logging.Testing.FakeLogRecord> records = _host.Logs.GetSnapshot();

        // Every outcome was logged, so the check below has something to look at.
        records.Select(r => r.Id.Id).Should().Contain([1201, 1202, 1203, 1204, 1205]);
        foreach (Microsoft.Extensions.Logging.Testing.FakeLogRecord record in records)
        {
            string everything = record.Message + " " + record.Exception + " "
                + string.Join(" ", record.StructuredState?.Select(kv => kv.Key + "=" + kv.Value) ?? []);
            everything.Should().NotContain("@", $"log record {record.Id} must not carry an address");
            everything.Should().NotContainEquivalentOf("mary.ann").And.NotContain(WebhookHost.Secret).And.NotContain(WebhookHost.PreviousSecret)
                .And.NotContain("wrong-secret");
        }
    }
}
