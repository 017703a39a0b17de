using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using BounceKit.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace BounceKit.MarketingCloud.Tests.Rest.Fakes;

/// <summary>An in-process Kestrel server that speaks Marketing Cloud's wire format for the endpoints BounceKit uses:
/// the v2 token endpoint (JSON client credentials, <c>{error, error_description}</c> on bad credentials), Bearer
/// tokens that expire or can be revoked, the customobjectdata rowset read ($page/$pageSize, lower-cased names,
/// links.next) and the hub dataevents rowset upsert, REST error bodies <c>{message, errorcode, documentation}</c>, and
/// scripted faults (429 + Retry-After + errorcode 50100, 5xx, 401).</summary>
/// <remarks>The authentication server lives under <c>/auth/</c>, the REST instance under <c>/rest/</c>: the client
/// must find the latter only through the token response's <c>rest_instance_url</c>.</remarks>
internal sealed class FakeMarketingCloudServer : IAsyncDisposable
{
    public const string ClientId = "4f2kq9example0clientid0xyz";
    public const string ClientSecret = "S3cr3t-Zq8vN1rT7uW2yX5aB9cD";
    public const string Subdomain = "mc563885gzs27c5t9-63k636ttgm";

    /// <summary>A value that makes the upsert refuse the batch it is in.</summary>
    public const string BadValue = "not-a-number";

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<Func<HttpContext, Task>> _faults = new();
    private readonly ConcurrentDictionary<string, byte> _validTokens = new();
    private int _tokenCounter;

    private FakeMarketingCloudServer(WebApplication app) => _app = app;

    public Uri AuthBaseAddress { get; private set; } = null!;

    public Uri RestBaseAddress { get; private set; } = null!;

    /// <summary>Data extensions by external key; each row as (keys, values) with names in their original case.</summary>
    public ConcurrentDictionary<string, List<(Dictionary<string, string> Keys, Dictionary<string, string> Values)>> DataExtensions { get; } = new(StringComparer.OrdinalIgnoreCase);

    public ConcurrentQueue<string> Requests { get; } = new();

    public ConcurrentQueue<string> IssuedTokens { get; } = new();

    public ConcurrentQueue<int> UpsertBatchSizes { get; } = new();

    public int TokenRequests => Volatile.Read(ref _tokenCounter);

    public JsonObject? LastTokenRequest { get; private set; }

    /// <summary>The <c>expires_in</c> of issued tokens (1079 s, as in Salesforce's sample).</summary>
    public int ExpiresInSeconds { get; set; } = 1079;

    /// <summary>Pages carry no <c>links.next</c> (and <c>count</c> overstates the rows), to prove the client stops on either.</summary>
    public bool OmitNextLink { get; set; }

    /// <summary>How long the token endpoint takes to answer.</summary>
    public TimeSpan TokenLatency { get; set; }

    public static async Task<FakeMarketingCloudServer> StartAsync()
    {
        WebApplication app = LoopbackApp.Create();
        var server = new FakeMarketingCloudServer(app);
        app.Use(server.Pipeline);
        server.MapRoutes(app);
        string address = await LoopbackApp.StartAsync(app);
        server.AuthBaseAddress = new Uri(address + "/auth/");
        server.RestBaseAddress = new Uri(address + "/rest/");
        return server;
    }

    public void AddRows(string key, int count, Func<int, (Dictionary<string, string> Keys, Dictionary<string, string> Values)> row)
    {
        var rows = DataExtensions.GetOrAdd(key, _ => []);
        for (int i = 0; i < count; i++)
        {
            rows.Add(row(i));
        }
    }

    /// <summary>Every token issued so far stops working (REST calls with it get 401).</summary>
    public void RevokeTokens() => _validTokens.Clear();

    /// <summary>The next <paramref name="times"/> REST requests (not token requests) get this status and an SFMC error body.</summary>
    public void FailNext(int status, int times = 1, string? retryAfter = null)
    {
        for (int i = 0; i < times; i++)
        {
            _faults.Enqueue(context =>
            {
                if (retryAfter is not null)
                {
                    context.Response.Headers.RetryAfter = retryAfter;
                }

                return status switch
                {
                    429 => Error(context, 429, "Rate limit exceeded", 50100, retryAfter is null ? null : int.Parse(retryAfter, CultureInfo.InvariantCulture)),
                    401 => Error(context, 401, "Not Authorized", 0),
                    _ => Error(context, status, "An error occurred.", 0),
                };
            });
        }
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private async Task Pipeline(HttpContext context, RequestDelegate next)
    {
        string path = context.Request.Path.Value ?? string.Empty;
        Requests.Enqueue($"{context.Request.Method} {path}{context.Request.QueryString}");
        if (path.StartsWith("/rest/", StringComparison.Ordinal))
        {
            if (_faults.TryDequeue(out Func<HttpContext, Task>? fault))
            {
                await fault(context);
                return;
            }

            string? given = context.Request.Headers.Authorization;
            if (given is null || !given.StartsWith("Bearer ", StringComparison.Ordinal) || !_validTokens.ContainsKey(given[7..]))
            {
                await Error(context, 401, "Not Authorized", 0);
                return;
            }
        }

        await next(context);
    }

    private void MapRoutes(WebApplication app)
    {
        app.MapPost("/auth/v2/token", async (HttpContext c) =>
        {
            int n = Interlocked.Increment(ref _tokenCounter);
            JsonObject body = (await JsonNode.ParseAsync(c.Request.Body))!.AsObject();
            LastTokenRequest = body;
            if (TokenLatency > TimeSpan.Zero)
            {
                await Task.Delay(TokenLatency, c.RequestAborted);
            }

            if ((string?)body["grant_type"] != "client_credentials" || (string?)body["client_id"] != ClientId || (string?)body["client_secret"] != ClientSecret)
            {
                c.Response.StatusCode = 401;
                await Json(c, new JsonObject { ["error"] = "invalid_client", ["error_description"] = "Client authentication failed. Make sure that the client ID and client secret are valid.", ["error_uri"] = "https://developer.salesforce.com/docs" });
                return;
            }

            string token = "eyJhbGciOiJIUzI1NiIsImtpZCI6IjQiLCJ2ZXIiOiIxIn0.fake-" + n.ToString(CultureInfo.InvariantCulture);
            _validTokens[token] = 0;
            IssuedTokens.Enqueue(token);
            await Json(c, new JsonObject
            {
                ["access_token"] = token,
                ["token_type"] = "Bearer",
                ["expires_in"] = ExpiresInSeconds,
                ["scope"] = "data_extensions_read data_extensions_write",
                ["soap_instance_url"] = RestBaseAddress.AbsoluteUri.Replace("/rest/", "/soap/", StringComparison.Ordinal),
                ["rest_instance_url"] = RestBaseAddress.AbsoluteUri,
            });
        });

        app.MapGet("/rest/data/v1/customobjectdata/key/{key}/rowset", (HttpContext c, string key) =>
        {
            if (!DataExtensions.TryGetValue(key, out var rows))
            {
                return Error(c, 404, $"Data extension with key {key} not found.", 10000);
            }

            int page = int.TryParse(c.Request.Query["$page"], CultureInfo.InvariantCulture, out int p) ? p : 1;
            int pageSize = int.TryParse(c.Request.Query["$pageSize"], CultureInfo.InvariantCulture, out int s) ? s : 2500;
            if (pageSize > 2500)
            {
                return Error(c, 400, "$pageSize may not exceed 2500.", 10001);
            }

            List<JsonNode> items;
            lock (rows)
            {
                items = rows.Skip((page - 1) * pageSize).Take(pageSize).Select(r => (JsonNode)new JsonObject
                {
                    ["keys"] = Lower(r.Keys),
                    ["values"] = Lower(r.Values),
                }).ToList();
            }

            string self = $"/data/v1/customobjectdata/key/{key}/rowset?$page={page}";
            var links = new JsonObject { ["self"] = self };
            if ((long)page * pageSize < rows.Count && !OmitNextLink)
            {
                links["next"] = $"/data/v1/customobjectdata/key/{key}/rowset?$page={page + 1}";
            }

            return Json(c, new JsonObject
            {
                ["links"] = links,
                ["requestToken"] = Guid.NewGuid().ToString(),
                ["tokenExpireDateUtc"] = "2026-11-24T21:00:00.000Z",
                ["customObjectId"] = Guid.NewGuid().ToString(),
                ["customObjectKey"] = key,
                ["pageSize"] = pageSize,
                ["page"] = page,
                ["count"] = OmitNextLink ? rows.Count + 1000 : rows.Count,
                ["items"] = new JsonArray(items.ToArray()),
            });
        });

        app.MapPost("/rest/hub/v1/dataevents/key:{key}/rowset", async (HttpContext c, string key) =>
        {
            JsonArray body = (await JsonNode.ParseAsync(c.Request.Body))!.AsArray();
            UpsertBatchSizes.Enqueue(body.Count);
            if (body.Count > 50)
            {
                // Not SFMC's documented behaviour (50 is a recommendation), but any client here must stay within it.
                await Error(c, 400, "More than 50 rows in one call.", 10002);
                return;
            }

            var parsed = body.Select(r => (Keys: Dict(r!["keys"]), Values: Dict(r!["values"]))).ToList();
            if (parsed.Any(r => r.Values.ContainsValue(BadValue)))
            {
                c.Response.StatusCode = 400;
                await Json(c, new JsonObject
                {
                    ["message"] = "Unable to save rows for data extension ID 5f6e7d8c-1a2b-3c4d-5e6f-7a8b9c0d1e2f",
                    ["errorcode"] = 10006,
                    ["documentation"] = "",
                    ["additionalErrors"] = new JsonArray(new JsonObject { ["message"] = "Error converting value 'not-a-number' to type 'Number' for field BounceCount.", ["errorcode"] = 10000, ["documentation"] = "" }),
                });
                return;
            }

            var rows = DataExtensions.GetOrAdd(key, _ => []);
            lock (rows)
            {
                foreach (var row in parsed)
                {
                    rows.RemoveAll(r => r.Keys.Count == row.Keys.Count && r.Keys.All(k => row.Keys.TryGetValue(k.Key, out string? v) && v == k.Value));
                    rows.Add(row);
                }
            }

            await Json(c, new JsonArray(body.Select(r => r!.DeepClone()).ToArray()));
        });
    }

    private static Dictionary<string, string> Dict(JsonNode? node) =>
        node is JsonObject o ? o.ToDictionary(kv => kv.Key, kv => kv.Value?.ToString() ?? string.Empty, StringComparer.OrdinalIgnoreCase) : new(StringComparer.OrdinalIgnoreCase);

    private static JsonObject Lower(Dictionary<string, string> fields) =>
        new(fields.Select(kv => KeyValuePair.Create(kv.Key.ToLowerInvariant(), (JsonNode?)kv.Value)));

    private static Task Json(HttpContext c, JsonNode body)
    {
        c.Response.ContentType = "application/json; charset=utf-8";
        return c.Response.WriteAsync(body.ToJsonString());
    }

    private static Task Error(HttpContext c, int status, string message, int errorCode, int? retryAfter = null)
    {
        c.Response.StatusCode = status;
        var body = new JsonObject
        {
            ["message"] = message,
            ["errorcode"] = errorCode,
            ["documentation"] = "https://developer.salesforce.com/docs/marketing/marketing-cloud/guide/error-handling.html",
        };
        if (retryAfter is not null)
        {
            body["retryAfter"] = retryAfter;
        }

        return Json(c, body);
    }
}
