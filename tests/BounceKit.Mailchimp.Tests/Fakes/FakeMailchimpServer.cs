using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using BounceKit.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace BounceKit.Mailchimp.Tests.Fakes;

/// <summary>An in-process Kestrel server that speaks the Marketing API v3 wire format for the endpoints BounceKit
/// uses: Basic auth with the key as password, count/offset paging with total_items, since_* filters,
/// problem+json errors with X-Request-Id, and scripted faults (429 + Retry-After, 5xx, slow answers).</summary>
internal sealed class FakeMailchimpServer : IAsyncDisposable
{
    public const string ApiKey = "0123456789abcdef0123456789abcdef-us14";

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<Func<HttpContext, Task<bool>>> _faults = new();
    private readonly ConcurrentQueue<Action> _after = new();
    private int _inFlight;
    private int _requestCounter;

    private FakeMailchimpServer(WebApplication app) => _app = app;

    public Uri BaseAddress { get; private set; } = null!;

    public ConcurrentDictionary<string, ConcurrentDictionary<string, FakeMember>> Lists { get; } = new();

    public List<FakeCampaign> Campaigns { get; } = [];

    public ConcurrentQueue<string> Requests { get; } = new();

    public int MaxInFlight { get; private set; }

    public TimeSpan Latency { get; set; }

    public static async Task<FakeMailchimpServer> StartAsync()
    {
        WebApplication app = LoopbackApp.Create();
        var server = new FakeMailchimpServer(app);
        app.Use(server.Pipeline);
        server.MapRoutes(app);
        string address = await LoopbackApp.StartAsync(app);
        server.BaseAddress = new Uri(address + "/3.0/");
        return server;
    }

    public FakeMember AddMember(string listId, string email, string status, DateTimeOffset lastChanged, double openRate = 0)
    {
        var member = new FakeMember(SubscriberHash.Compute(email), email, listId) { Status = status, LastChanged = lastChanged, OpenRate = openRate };
        Lists.GetOrAdd(listId, _ => new())[member.Id] = member;
        return member;
    }

    /// <summary>The next <paramref name="times"/> requests get this status (with a problem body, or none).</summary>
    public void FailNext(int status, int times = 1, string? retryAfter = null, bool problemBody = true)
    {
        for (int i = 0; i < times; i++)
        {
            _faults.Enqueue(async context =>
            {
                if (retryAfter is not null)
                {
                    context.Response.Headers.RetryAfter = retryAfter;
                }

                if (problemBody)
                {
                    await Problem(context, status, status == 429 ? "Too Many Requests" : "Internal Server Error", "Scripted fault.");
                }
                else
                {
                    context.Response.StatusCode = status;
                }

                return true;
            });
        }
    }

    /// <summary>The next request waits this long before it is answered normally.</summary>
    public void DelayNext(TimeSpan delay) => _faults.Enqueue(async context =>
    {
        await Task.Delay(delay, context.RequestAborted);
        return false;
    });

    /// <summary>Runs <paramref name="change"/> after the next request was answered (to stage races).</summary>
    public void AfterNextRequest(Action change) => _after.Enqueue(change);

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private async Task Pipeline(HttpContext context, RequestDelegate next)
    {
        Requests.Enqueue($"{context.Request.Method} {context.Request.Path}{context.Request.QueryString}");
        int now = Interlocked.Increment(ref _inFlight);
        lock (_faults)
        {
            MaxInFlight = Math.Max(MaxInFlight, now);
        }

        try
        {
            string requestId = "req-" + Interlocked.Increment(ref _requestCounter).ToString(CultureInfo.InvariantCulture);
            context.Response.Headers["X-Request-Id"] = requestId;
            if (Latency > TimeSpan.Zero)
            {
                await Task.Delay(Latency, context.RequestAborted);
            }

            if (_faults.TryDequeue(out Func<HttpContext, Task<bool>>? fault) && await fault(context))
            {
                return;
            }

            string? given = context.Request.Headers.Authorization;
            if (given is null || !given.StartsWith("Basic ", StringComparison.Ordinal) ||
                Encoding.UTF8.GetString(Convert.FromBase64String(given[6..])).Split(':', 2) is not [_, ApiKey])
            {
                await Problem(context, 401, "API Key Invalid", "Your API key may be invalid, or you've attempted to access the wrong datacenter.");
                return;
            }

            await next(context);
            if (_after.TryDequeue(out Action? change))
            {
                change();
            }
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    private void MapRoutes(WebApplication app)
    {
        app.MapGet("/3.0/lists", (HttpContext c) => Page(c, "lists", Lists.Keys.Order(StringComparer.Ordinal).Select(id => (JsonNode)new JsonObject { ["id"] = id }).ToList()));

        app.MapGet("/3.0/lists/{listId}/members", (HttpContext c, string listId) =>
        {
            string? status = c.Request.Query["status"];
            DateTimeOffset? since = Time(c.Request.Query["since_last_changed"]);
            IEnumerable<FakeMember> members = Lists.TryGetValue(listId, out var list) ? list.Values : [];
            return Page(c, "members", members
                .Where(m => status is null || m.Status == status)
                .Where(m => since is null || m.LastChanged > since)
                .OrderBy(m => m.Email, StringComparer.Ordinal)
                .Select(m => (JsonNode)m.ToJson()).ToList());
        });

        app.MapGet("/3.0/lists/{listId}/members/{hash}", (HttpContext c, string listId, string hash) =>
            Lists.TryGetValue(listId, out var list) && list.TryGetValue(hash, out FakeMember? m)
                ? Json(c, m.ToJson())
                : Problem(c, 404, "Resource Not Found", "The requested resource could not be found."));

        app.MapMethods("/3.0/lists/{listId}/members/{hash}", ["PUT", "PATCH"], async (HttpContext c, string listId, string hash) =>
        {
            JsonObject body = (await JsonNode.ParseAsync(c.Request.Body))!.AsObject();
            string? email = (string?)body["email_address"];
            if (email is not null && SubscriberHash.Compute(email) != hash)
            {
                await Problem(c, 400, "Invalid Resource", "The email address does not match the subscriber hash.");
                return;
            }

            var list = Lists.GetOrAdd(listId, _ => new());
            list.TryGetValue(hash, out FakeMember? existing);
            string? status = (string?)body["status"];
            if (existing is null)
            {
                if (c.Request.Method == "PATCH")
                {
                    await Problem(c, 404, "Resource Not Found", "The requested resource could not be found.");
                    return;
                }

                string? statusIfNew = (string?)body["status_if_new"] ?? status;
                if (email is null || statusIfNew is null)
                {
                    await Problem(c, 400, "Invalid Resource", "The resource submitted could not be validated.", new JsonArray { new JsonObject { ["field"] = "status_if_new", ["message"] = "This value should not be blank." } });
                    return;
                }

                existing = list[hash] = new FakeMember(hash, email, listId) { Status = statusIfNew, LastChanged = DateTimeOffset.UtcNow };
            }
            else if (status is not null && status != existing.Status)
            {
                if (status == "subscribed" && existing.Status is "cleaned" or "unsubscribed")
                {
                    await Problem(c, 400, "Member In Compliance State", $"{existing.Email} is already a list member in compliance state due to unsubscribe, bounce, or compliance review.");
                    return;
                }

                existing.Status = status;
                existing.LastChanged = DateTimeOffset.UtcNow;
            }

            if (body["merge_fields"] is JsonObject merges)
            {
                foreach ((string key, JsonNode? value) in merges)
                {
                    existing.MergeFields[key] = (string?)value ?? string.Empty;
                }
            }

            await Json(c, existing.ToJson());
        });

        app.MapGet("/3.0/campaigns", (HttpContext c) =>
        {
            DateTimeOffset? since = Time(c.Request.Query["since_send_time"]);
            string? listId = c.Request.Query["list_id"];
            return Page(c, "campaigns", Campaigns
                .Where(x => c.Request.Query["status"] != "sent" || x.SendTime is not null)
                .Where(x => since is null || x.SendTime > since)
                .Where(x => listId is null || x.ListId == listId)
                .OrderBy(x => x.SendTime)
                .Select(x => (JsonNode)x.ToJson()).ToList());
        });

        app.MapGet("/3.0/reports/{campaignId}/email-activity", (HttpContext c, string campaignId) =>
        {
            FakeCampaign? campaign = Campaigns.FirstOrDefault(x => x.Id == campaignId);
            if (campaign is null)
            {
                return Problem(c, 404, "Resource Not Found", "The requested resource could not be found.");
            }

            DateTimeOffset? since = Time(c.Request.Query["since"]);
            return Page(c, "emails", campaign.Activity
                .GroupBy(a => a.Email, StringComparer.Ordinal)
                .OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => (JsonNode)new JsonObject
                {
                    ["campaign_id"] = campaign.Id,
                    ["list_id"] = campaign.ListId,
                    ["list_is_active"] = true,
                    ["email_id"] = SubscriberHash.Compute(g.Key),
                    ["email_address"] = g.Key,
                    ["activity"] = new JsonArray(g.Where(a => since is null || a.At > since).Select(a => (JsonNode)a.ToJson()).ToArray()),
                })
                .ToList());
        });
    }

    private static Task Page(HttpContext c, string name, List<JsonNode> items)
    {
        int count = int.TryParse(c.Request.Query["count"], CultureInfo.InvariantCulture, out int n) ? n : 10;
        int offset = int.TryParse(c.Request.Query["offset"], CultureInfo.InvariantCulture, out int o) ? o : 0;
        if (count > 1000)
        {
            return Problem(c, 400, "Invalid Resource", "count may not exceed 1000.");
        }

        var page = new JsonArray(items.Skip(offset).Take(count).Select(i => i.DeepClone()).ToArray());
        return Json(c, new JsonObject { [name] = page, ["total_items"] = items.Count });
    }

    private static Task Json(HttpContext c, JsonNode body)
    {
        c.Response.ContentType = "application/json; charset=utf-8";
        return c.Response.WriteAsync(body.ToJsonString());
    }

    private static Task Problem(HttpContext c, int status, string title, string detail, JsonArray? errors = null)
    {
        c.Response.StatusCode = status;
        c.Response.ContentType = "application/problem+json; charset=utf-8";
        var body = new JsonObject
        {
            ["type"] = "https://mailchimp.com/developer/marketing/docs/errors/",
            ["title"] = title,
            ["status"] = status,
            ["detail"] = detail,
            ["instance"] = c.Response.Headers["X-Request-Id"].ToString(),
        };
        if (errors is not null)
        {
            body["errors"] = errors;
        }

        return c.Response.WriteAsync(body.ToJsonString());
    }

    private static DateTimeOffset? Time(string? text) =>
        text is null ? null : DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
}

internal sealed class FakeMember(string id, string email, string listId)
{
    public string Id { get; } = id;

    public string Email { get; } = email;

    public string ListId { get; } = listId;

    public required string Status { get; set; }

    public DateTimeOffset LastChanged { get; set; }

    public double OpenRate { get; set; }

    public Dictionary<string, string> MergeFields { get; } = [];

    public JsonObject ToJson() => new()
    {
        ["id"] = Id,
        ["email_address"] = Email,
        ["unique_email_id"] = Id[..10],
        ["status"] = Status,
        ["list_id"] = ListId,
        ["last_changed"] = LastChanged.ToString("yyyy-MM-dd'T'HH:mm:ss'+00:00'", CultureInfo.InvariantCulture),
        ["member_rating"] = 2,
        ["stats"] = new JsonObject { ["avg_open_rate"] = OpenRate, ["avg_click_rate"] = 0 },
        ["merge_fields"] = new JsonObject(MergeFields.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value))),
        ["last_unsub_date"] = "", // Mailchimp writes "" for "never"
    };
}

internal sealed class FakeCampaign(string id, string listId, DateTimeOffset? sendTime)
{
    public string Id { get; } = id;

    public string ListId { get; } = listId;

    public DateTimeOffset? SendTime { get; } = sendTime;

    public List<FakeActivity> Activity { get; } = [];

    public FakeCampaign Add(string email, string action, DateTimeOffset at, string? type = null)
    {
        Activity.Add(new FakeActivity(email, action, at, type));
        return this;
    }

    public JsonObject ToJson() => new()
    {
        ["id"] = Id,
        ["status"] = "sent",
        ["emails_sent"] = Activity.Select(a => a.Email).Distinct().Count(),
        ["send_time"] = SendTime?.ToString("yyyy-MM-dd'T'HH:mm:ss'+00:00'", CultureInfo.InvariantCulture) ?? "",
        ["recipients"] = new JsonObject { ["list_id"] = ListId },
        ["settings"] = new JsonObject { ["subject_line"] = "Subject " + Id },
    };
}

internal sealed record FakeActivity(string Email, string Action, DateTimeOffset At, string? Type)
{
    public JsonObject ToJson()
    {
        var o = new JsonObject { ["action"] = Action, ["timestamp"] = At.ToString("yyyy-MM-dd'T'HH:mm:ss'+00:00'", CultureInfo.InvariantCulture), ["ip"] = "" };
        if (Type is not null)
        {
            o["type"] = Type;
        }

        if (Action == "click")
        {
            o["url"] = "https://example.com/offer";
        }

        return o;
    }
}
