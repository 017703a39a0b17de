using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using BounceKit.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace BounceKit.SalesforceCrm.Tests.Fakes;

/// <summary>An in-process Kestrel server that speaks Salesforce's wire format for what the sink uses and enforces its
/// rules: the client-credentials token endpoint (form-encoded; 400 <c>invalid_client</c> on bad credentials), Bearer
/// tokens that can be revoked (401 <c>INVALID_SESSION_ID</c>), the API version in the path, sObject Collections update
/// with at most 200 records (else 400 <c>EXCEEDED_ID_LIMIT</c>), a schema per object (unknown field → per-record
/// <c>INVALID_FIELD</c>), records it does not have (<c>ENTITY_IS_DELETED</c> or <c>INVALID_CROSS_REFERENCE_KEY</c>),
/// and faults: scripted (429 + Retry-After, 503, slow answers, 403 <c>REQUEST_LIMIT_EXCEEDED</c>, per-record
/// <c>UNABLE_TO_LOCK_ROW</c>) or random from a seed.</summary>
/// <remarks>The login server lives under <c>/login/</c>, the org's instance under <c>/instance/</c>: the sink must find
/// the latter only through the token response's <c>instance_url</c>.</remarks>
internal sealed class FakeSalesforceServer : IAsyncDisposable
{
    public const string ClientId = "3MVG9example0consumer0key0xyz";
    public const string ClientSecret = "S3cr3t-Sf8vN1rT7uW2yX5aB9cD";
    public const string ApiVersion = "v62.0";

    /// <summary>A message with an address, as validation rules sometimes echo the record's email.</summary>
    public const string ValidationMessage = "Email jane.doe@example.com is on the blocked list";

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<Func<HttpContext, Task<bool>>> _faults = new();
    private readonly ConcurrentDictionary<string, byte> _validTokens = new();
    private readonly object _sync = new();
    private Random? _chaos;
    private double _chaosRate;
    private bool _revokedLast;
    private int _tokenCounter;

    private FakeSalesforceServer(WebApplication app) => _app = app;

    public Uri LoginUrl { get; private set; } = null!;

    public Uri InstanceUrl { get; private set; } = null!;

    /// <summary>Fields each object has (case-insensitive, as Salesforce treats API names).</summary>
    public Dictionary<string, HashSet<string>> Schema { get; } = new(StringComparer.Ordinal)
    {
        ["Contact"] = new(StringComparer.OrdinalIgnoreCase) { "Hard_Bounce__c", "Hard_Bounce_Date__c", "Soft_Bounce_Count__c", "EmailBouncedReason", "EmailBouncedDate", "HasOptedOutOfEmail", "Email" },
        ["Lead"] = new(StringComparer.OrdinalIgnoreCase) { "Hard_Bounce__c", "Hard_Bounce_Date__c", "Soft_Bounce_Count__c", "EmailBouncedReason", "EmailBouncedDate", "HasOptedOutOfEmail", "Email" },
    };

    /// <summary>Records by id: their object type and fields.</summary>
    public ConcurrentDictionary<string, (string Type, Dictionary<string, JsonNode?> Fields)> Records { get; } = new(StringComparer.Ordinal);

    /// <summary>Ids of records that were deleted (updates get <c>ENTITY_IS_DELETED</c>).</summary>
    public ConcurrentDictionary<string, byte> Deleted { get; } = new(StringComparer.Ordinal);

    /// <summary>Ids whose update is refused by a validation rule whose message names an address.</summary>
    public ConcurrentDictionary<string, byte> FailValidation { get; } = new(StringComparer.Ordinal);

    public ConcurrentQueue<string> Requests { get; } = new();

    /// <summary>The JSON bodies of update calls that reached the handler, in order.</summary>
    public ConcurrentQueue<JsonObject> UpdateBodies { get; } = new();

    public ConcurrentQueue<string> IssuedTokens { get; } = new();

    public int TokenRequests => Volatile.Read(ref _tokenCounter);

    public Dictionary<string, string>? LastTokenForm { get; private set; }

    public int UpdateCalls => Requests.Count(r => r.StartsWith("PATCH /instance/", StringComparison.Ordinal));

    public static async Task<FakeSalesforceServer> StartAsync()
    {
        WebApplication app = LoopbackApp.Create();
        var server = new FakeSalesforceServer(app);
        app.Use(server.Pipeline);
        server.MapRoutes(app);
        string address = await LoopbackApp.StartAsync(app);
        server.LoginUrl = new Uri(address + "/login");
        server.InstanceUrl = new Uri(address + "/instance");
        return server;
    }

    public void AddRecord(string id, params (string Field, JsonNode? Value)[] fields)
    {
        string type = id.StartsWith("00Q", StringComparison.Ordinal) ? "Lead" : "Contact";
        Records[id] = (type, fields.ToDictionary(f => f.Field, f => f.Value, StringComparer.OrdinalIgnoreCase));
    }

    public JsonNode? Field(string id, string field) => Records[id].Fields.TryGetValue(field, out JsonNode? value) ? value : null;

    public bool HasField(string id, string field) => Records[id].Fields.ContainsKey(field);

    /// <summary>Every token issued so far stops working (calls with it get 401 INVALID_SESSION_ID).</summary>
    public void RevokeTokens() => _validTokens.Clear();

    /// <summary>The next REST call gets this status and Salesforce's error array.</summary>
    public void FailNext(int status, string errorCode, string message, int times = 1, string? retryAfter = null)
    {
        for (int i = 0; i < times; i++)
        {
            _faults.Enqueue(async context =>
            {
                if (retryAfter is not null)
                {
                    context.Response.Headers.RetryAfter = retryAfter;
                }

                await Error(context, status, errorCode, message);
                return true;
            });
        }
    }

    /// <summary>The next REST call answers only after <paramref name="delay"/> (nothing is applied if the client gives up).</summary>
    public void SlowNext(TimeSpan delay, int times = 1)
    {
        for (int i = 0; i < times; i++)
        {
            _faults.Enqueue(async context =>
            {
                await Task.Delay(delay, context.RequestAborted);
                return false;
            });
        }
    }

    /// <summary>The next update call refuses these ids with <c>UNABLE_TO_LOCK_ROW</c>; the others are applied.</summary>
    public ConcurrentDictionary<string, byte> LockedOnce { get; } = new(StringComparer.Ordinal);

    /// <summary>From now on about <paramref name="rate"/> of calls fail as a whole (429, 503, slow, expired token) and
    /// about <paramref name="rate"/> of the records of the other calls hit a row lock; reproducible from the seed.</summary>
    public void InjectRandomFaults(int seed, double rate)
    {
        _chaos = new Random(seed);
        _chaosRate = rate;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private async Task Pipeline(HttpContext context, RequestDelegate next)
    {
        string path = context.Request.Path.Value ?? string.Empty;
        Requests.Enqueue($"{context.Request.Method} {path}");
        if (path.StartsWith("/instance/", StringComparison.Ordinal))
        {
            if (_faults.TryDequeue(out Func<HttpContext, Task<bool>>? fault) && await fault(context))
            {
                return;
            }

            if (await ChaosAsync(context))
            {
                return;
            }

            string? given = context.Request.Headers.Authorization;
            if (given is null || !given.StartsWith("Bearer ", StringComparison.Ordinal) || !_validTokens.ContainsKey(given[7..]))
            {
                await Error(context, 401, "INVALID_SESSION_ID", "Session expired or invalid");
                return;
            }
        }

        await next(context);
    }

    private async Task<bool> ChaosAsync(HttpContext context)
    {
        int kind;
        lock (_sync)
        {
            if (_chaos is null || _chaos.NextDouble() >= _chaosRate)
            {
                return false;
            }

            kind = _chaos.Next(4);

            // The sink retries a 401 exactly once; revoking again on that retry would fail for real, not by chance.
            if (kind == 3 && _revokedLast)
            {
                _revokedLast = false;
                return false;
            }

            _revokedLast = kind == 3;
        }

        switch (kind)
        {
            case 0:
                context.Response.Headers.RetryAfter = "0";
                await Error(context, 429, "REQUEST_LIMIT_EXCEEDED", "ConcurrentPerOrgLongTxn Limit exceeded.");
                return true;
            case 1:
                await Error(context, 503, "SERVER_UNAVAILABLE", "Service Unavailable");
                return true;
            case 2:
                await Task.Delay(TimeSpan.FromSeconds(3), context.RequestAborted);
                return false;
            default:
                RevokeTokens();
                return false;
        }
    }

    private void MapRoutes(WebApplication app)
    {
        app.MapPost("/login/services/oauth2/token", async (HttpContext c) =>
        {
            int n = Interlocked.Increment(ref _tokenCounter);
            if (!c.Request.HasFormContentType)
            {
                c.Response.StatusCode = 400;
                await Json(c, new JsonObject { ["error"] = "invalid_request", ["error_description"] = "expected form-encoded body" });
                return;
            }

            IFormCollection form = await c.Request.ReadFormAsync();
            LastTokenForm = form.ToDictionary(f => f.Key, f => f.Value.ToString(), StringComparer.Ordinal);
            if (form["grant_type"] != "client_credentials" || form["client_id"] != ClientId || form["client_secret"] != ClientSecret)
            {
                c.Response.StatusCode = 400;
                await Json(c, new JsonObject { ["error"] = "invalid_client", ["error_description"] = "invalid client credentials" });
                return;
            }

            string token = "00Dxx0000001gPL!AQ4AQFake" + n.ToString(CultureInfo.InvariantCulture) + "xYzTokenValue";
            _validTokens[token] = 0;
            IssuedTokens.Enqueue(token);
            await Json(c, new JsonObject
            {
                ["access_token"] = token,
                ["signature"] = "sig",
                ["instance_url"] = InstanceUrl.AbsoluteUri,
                ["id"] = "https://login.salesforce.com/id/00Dxx0000001gPL/005xx000001Sv6A",
                ["token_type"] = "Bearer",
                ["issued_at"] = "1700000000000",
            });
        });

        app.MapMethods("/instance/services/data/{version}/composite/sobjects", ["PATCH"], async (HttpContext c, string version) =>
        {
            if (version != ApiVersion)
            {
                await Error(c, 404, "NOT_FOUND", "The requested resource does not exist");
                return;
            }

            JsonObject body;
            try
            {
                body = (await JsonNode.ParseAsync(c.Request.Body))!.AsObject();
            }
            catch (JsonException e)
            {
                await Error(c, 400, "JSON_PARSER_ERROR", e.Message);
                return;
            }

            UpdateBodies.Enqueue(body);
            JsonArray records = body["records"]!.AsArray();
            if (records.Count > 200)
            {
                await Error(c, 400, "EXCEEDED_ID_LIMIT", "record limit reached. cannot submit more than 200 records into this call");
                return;
            }

            if (body["allOrNone"]?.GetValue<bool>() != false)
            {
                await Error(c, 400, "INVALID_TEST", "the fake expects allOrNone false");
                return;
            }

            var results = new JsonArray();
            foreach (JsonNode? node in records)
            {
                results.Add(Apply(node!.AsObject()));
            }

            await Json(c, results);
        });
    }

    private JsonObject Apply(JsonObject record)
    {
        string id = (string)record["id"]!;
        string type = (string)record["attributes"]!["type"]!;
        if (LockedOnce.TryRemove(id, out _))
        {
            return Failure(id, "UNABLE_TO_LOCK_ROW", "unable to obtain exclusive access to this record or 1 records: " + id);
        }

        lock (_sync)
        {
            if (_chaos is not null && _chaos.NextDouble() < _chaosRate)
            {
                return Failure(id, "UNABLE_TO_LOCK_ROW", "unable to obtain exclusive access to this record or 1 records: " + id);
            }
        }

        if (!Schema.TryGetValue(type, out HashSet<string>? fields))
        {
            return Failure(id, "INVALID_TYPE", $"sObject type '{type}' is not supported.");
        }

        string[] unknown = [.. record.Select(p => p.Key).Where(k => k != "attributes" && k != "id" && !fields.Contains(k))];
        if (unknown.Length > 0)
        {
            return Failure(id, "INVALID_FIELD", $"No such column '{unknown[0]}' on sobject of type {type}", unknown[0]);
        }

        if (Deleted.ContainsKey(id))
        {
            return Failure(id, "ENTITY_IS_DELETED", "entity is deleted");
        }

        if (!Records.TryGetValue(id, out var existing) || existing.Type != type)
        {
            return Failure(id, "INVALID_CROSS_REFERENCE_KEY", "invalid cross reference id");
        }

        if (FailValidation.ContainsKey(id))
        {
            return Failure(id, "FIELD_CUSTOM_VALIDATION_EXCEPTION", ValidationMessage, "Email");
        }

        lock (existing.Fields)
        {
            foreach (KeyValuePair<string, JsonNode?> field in record)
            {
                if (field.Key is not ("attributes" or "id"))
                {
                    existing.Fields[field.Key] = field.Value?.DeepClone();
                }
            }
        }

        return new JsonObject { ["id"] = id, ["success"] = true, ["errors"] = new JsonArray() };
    }

    private static JsonObject Failure(string id, string statusCode, string message, params string[] fields) => new()
    {
        ["id"] = id,
        ["success"] = false,
        ["errors"] = new JsonArray(new JsonObject
        {
            ["statusCode"] = statusCode,
            ["message"] = message,
            ["fields"] = new JsonArray([.. fields.Select(f => (JsonNode)f)]),
        }),
    };

    private static Task Error(HttpContext context, int status, string errorCode, string message)
    {
        context.Response.StatusCode = status;
        return Json(context, new JsonArray(new JsonObject { ["message"] = message, ["errorCode"] = errorCode }));
    }

    private static Task Json(HttpContext context, JsonNode body)
    {
        context.Response.ContentType = "application/json;charset=UTF-8";
        return context.Response.WriteAsync(body.ToJsonString());
    }
}
