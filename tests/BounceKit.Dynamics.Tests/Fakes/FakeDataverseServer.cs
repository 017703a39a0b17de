using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using BounceKit.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace BounceKit.Dynamics.Tests.Fakes;

/// <summary>One update as the fake saw it: where, with which headers, and the body's attribute names.</summary>
internal sealed record SeenUpdate(string EntitySet, Guid Id, string? IfMatch, bool InBatch, JsonObject Body);

/// <summary>One <c>PATCH campaignresponses(id)</c> as the fake saw it, whatever it answered.</summary>
internal sealed record SeenCampaignResponse(Guid Id, string? IfMatch, string? IfNoneMatch, bool InBatch, JsonObject Body);

/// <summary>An in-process Kestrel server that behaves like the Dataverse Web API v9.2 for what BounceKit uses, and
/// enforces its rules: a Microsoft Entra token endpoint (form-encoded client credentials), Bearer tokens that expire or
/// can be revoked, <c>PATCH contacts(id)</c> / <c>leads(id)</c> as an upsert that creates a missing row unless
/// <c>If-Match: *</c> is sent (then 404), unknown attribute names answered 400 with Dataverse's error body, OData-Version
/// required, <c>$batch</c> multipart requests and responses (stopping at the first failure without
/// <c>Prefer: odata.continue-on-error</c>), and faults: whole-call statuses with Retry-After, slow answers, and
/// per-record failures inside a batch. <c>PATCH campaignresponses(id)</c> is an upsert too (<c>If-None-Match: *</c>
/// makes it create-only: 412 on an existing id); it checks the body: <c>subject</c> (required, at most 200
/// characters), <c>responsecode</c> 1 to 4, the parent campaign bound through <see cref="RegardingCampaign"/> (404 for a
/// campaign not added with <see cref="AddCampaign"/>), and exactly one Customer activity party (participationtypemask
/// 11) bound to an existing contact or lead (404 otherwise). Navigation properties it does not know are refused with
/// Dataverse's "undeclared property" error.</summary>
internal sealed class FakeDataverseServer : IAsyncDisposable
{
    public const string TenantId = "7a1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d";
    public const string ClientId = "b1e2c3d4-0000-4abc-9def-112233445566";
    public const string ClientSecret = "Xq8~vN1rT7uW2yX5aB9cD.eF3gH6jK0mP";

    /// <summary>The campaign-response navigation properties this fake declares (the sink's defaults; the real names are
    /// unverified, see docs/providers/dynamics.md).</summary>
    public const string RegardingCampaign = "regardingobjectid_campaign_campaignresponse";
    public const string ActivityParties = "campaignresponse_activity_parties";

    private const string Bind = "@odata.bind";

    private static readonly HashSet<string> Schema = new(StringComparer.Ordinal)
    {
        "emailaddress1", "donotbulkemail", "donotemail", "donotsendmm",
        "new_hardbounce", "new_hardbouncedate", "new_softbouncecount", "new_lastbouncedate", "new_lastbouncereason",
    };

    private static readonly HashSet<string> CampaignResponseSchema = new(StringComparer.Ordinal)
    {
        "subject", "responsecode", "channeltypecode", "receivedon", "description", "category",
    };

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<Func<HttpContext, Task>> _faults = new();
    private readonly ConcurrentDictionary<string, byte> _validTokens = new();
    private readonly object _gate = new();
    private int _tokenCounter;
    private int _inFlight;
    private int _maxInFlight;

    private FakeDataverseServer(WebApplication app) => _app = app;

    public Uri OrganizationUrl { get; private set; } = null!;

    public Uri TokenUrl { get; private set; } = null!;

    /// <summary>Rows by "contacts(id)" / "leads(id)".</summary>
    public Dictionary<string, JsonObject> Records { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Rows a PATCH created because it lacked <c>If-Match: *</c>: must stay empty.</summary>
    public ConcurrentQueue<string> Created { get; } = new();

    public ConcurrentQueue<string> Requests { get; } = new();

    public ConcurrentQueue<SeenUpdate> Updates { get; } = new();

    /// <summary>Campaigns that exist: a response regarding any other campaign is answered 404.</summary>
    public HashSet<Guid> Campaigns { get; } = [];

    /// <summary>Stored campaign responses by activityid.</summary>
    public Dictionary<Guid, JsonObject> CampaignResponses { get; } = [];

    /// <summary>Every campaign-response request, in arrival order.</summary>
    public ConcurrentQueue<SeenCampaignResponse> SeenCampaignResponses { get; } = new();

    /// <summary>Called for each campaign-response request (single or in a batch); a status other than null fails it.</summary>
    public Func<Guid, int?>? CampaignResponseFault { get; set; }

    public ConcurrentQueue<string> RequestBodies { get; } = new();

    public ConcurrentQueue<Dictionary<string, string>> TokenRequests { get; } = new();

    public ConcurrentQueue<string> IssuedTokens { get; } = new();

    public int TokenRequestCount => Volatile.Read(ref _tokenCounter);

    public int MaxInFlight => Volatile.Read(ref _maxInFlight);

    public int ExpiresInSeconds { get; set; } = 3599;

    /// <summary>How long every API call takes.</summary>
    public TimeSpan Latency { get; set; }

    /// <summary>Called for each update (single or in a batch); a status other than null fails that update with it.</summary>
    public Func<Guid, int?>? RecordFault { get; set; }

    public static async Task<FakeDataverseServer> StartAsync()
    {
        WebApplication app = LoopbackApp.Create();
        var server = new FakeDataverseServer(app);
        app.Run(server.HandleAsync);
        string address = await LoopbackApp.StartAsync(app);
        server.OrganizationUrl = new Uri(address + "/");
        server.TokenUrl = new Uri(address + $"/{TenantId}/oauth2/v2.0/token");
        return server;
    }

    public static string Key(string entitySet, Guid id) => $"{entitySet}({id:D})";

    public Guid AddRecord(string entitySet = "contacts", JsonObject? fields = null, Guid? id = null)
    {
        Guid value = id ?? Guid.NewGuid();
        lock (_gate)
        {
            Records[Key(entitySet, value)] = fields ?? new JsonObject { ["emailaddress1"] = "jane.doe@contoso.com" };
        }

        return value;
    }

    public Guid AddCampaign(Guid? id = null)
    {
        Guid value = id ?? Guid.NewGuid();
        lock (_gate)
        {
            Campaigns.Add(value);
        }

        return value;
    }

    /// <summary>A copy of the stored campaign responses.</summary>
    public Dictionary<Guid, JsonObject> StoredCampaignResponses()
    {
        lock (_gate)
        {
            return CampaignResponses.ToDictionary(kv => kv.Key, kv => (JsonObject)kv.Value.DeepClone());
        }
    }

    public JsonObject? Record(string entitySet, Guid id)
    {
        lock (_gate)
        {
            return Records.TryGetValue(Key(entitySet, id), out JsonObject? row) ? (JsonObject)row.DeepClone() : null;
        }
    }

    public void RevokeTokens() => _validTokens.Clear();

    /// <summary>The next <paramref name="times"/> API calls (not token calls) get this status and Dataverse's error body.</summary>
    public void FailNext(int status, int times = 1, string? retryAfter = null)
    {
        for (int i = 0; i < times; i++)
        {
            _faults.Enqueue(async c =>
            {
                if (retryAfter is not null)
                {
                    c.Response.Headers.RetryAfter = retryAfter;
                }

                await Error(c.Response, status, status == 429 ? "0x80072322" : "0x80040216", status == 429 ? "Number of requests exceeded the limit of 6000 over time window of 300 seconds." : "An unexpected error occurred.");
            });
        }
    }

    /// <summary>The next API call answers only after <paramref name="delay"/>.</summary>
    public void DelayNext(TimeSpan delay) => _faults.Enqueue(async c =>
    {
        await Task.Delay(delay, c.RequestAborted);
        await Error(c.Response, 503, "0x80040216", "Answered too late."); // Reached only if the client waited that long.
    });

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private async Task HandleAsync(HttpContext c)
    {
        string path = c.Request.Path.Value ?? string.Empty;
        Requests.Enqueue($"{c.Request.Method} {path}");
        if (path.EndsWith("/oauth2/v2.0/token", StringComparison.Ordinal))
        {
            await TokenAsync(c);
            return;
        }

        int now = Interlocked.Increment(ref _inFlight);
        try
        {
            int max;
            do
            {
                max = Volatile.Read(ref _maxInFlight);
            }
            while (now > max && Interlocked.CompareExchange(ref _maxInFlight, now, max) != max);
            if (Latency > TimeSpan.Zero)
            {
                await Task.Delay(Latency, c.RequestAborted);
            }

            if (_faults.TryDequeue(out Func<HttpContext, Task>? fault))
            {
                await fault(c);
                return;
            }

            string? auth = c.Request.Headers.Authorization;
            if (auth is null || !auth.StartsWith("Bearer ", StringComparison.Ordinal) || !_validTokens.ContainsKey(auth[7..]))
            {
                c.Response.StatusCode = 401;
                c.Response.Headers.WWWAuthenticate = $"Bearer authorization_uri=https://login.microsoftonline.com/{TenantId}/oauth2/authorize";
                return;
            }

            if (c.Request.Headers["OData-Version"] != "4.0" || c.Request.Headers["OData-MaxVersion"] != "4.0")
            {
                await Error(c.Response, 400, "0x80060888", "OData-Version and OData-MaxVersion 4.0 are expected.");
                return;
            }

            c.Response.Headers["OData-Version"] = "4.0";
            string body = await new StreamReader(c.Request.Body).ReadToEndAsync();
            RequestBodies.Enqueue(body);
            if (c.Request.Method == "POST" && path == "/api/data/v9.2/$batch")
            {
                await BatchAsync(c, body);
                return;
            }

            if (c.Request.Method == "PATCH" && path.StartsWith("/api/data/v9.2/", StringComparison.Ordinal))
            {
                (int status, string? json) = Patch(path["/api/data/v9.2/".Length..], c.Request.Headers.IfMatch, c.Request.Headers.IfNoneMatch, body, inBatch: false);
                c.Response.StatusCode = status;
                if (json is not null)
                {
                    c.Response.ContentType = "application/json; odata.metadata=minimal";
                    await c.Response.WriteAsync(json);
                }

                return;
            }

            await Error(c.Response, 404, "0x80060888", $"Resource not found for the segment '{path}'.");
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    private async Task TokenAsync(HttpContext c)
    {
        Interlocked.Increment(ref _tokenCounter);
        IFormCollection form = await c.Request.ReadFormAsync();
        var fields = form.ToDictionary(kv => kv.Key, kv => kv.Value.ToString());
        TokenRequests.Enqueue(fields);
        if (fields.GetValueOrDefault("grant_type") != "client_credentials" || fields.GetValueOrDefault("client_id") != ClientId || fields.GetValueOrDefault("client_secret") != ClientSecret)
        {
            c.Response.StatusCode = 401;
            await Json(c.Response, new JsonObject { ["error"] = "invalid_client", ["error_description"] = "AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value." });
            return;
        }

        if (fields.GetValueOrDefault("scope") != $"https://{OrganizationUrl.Authority}/.default")
        {
            c.Response.StatusCode = 400;
            await Json(c.Response, new JsonObject { ["error"] = "invalid_scope", ["error_description"] = "AADSTS70011: The provided value for the input parameter 'scope' is not valid." });
            return;
        }

        string token = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.fake-" + Guid.NewGuid().ToString("N");
        _validTokens[token] = 0;
        IssuedTokens.Enqueue(token);
        await Json(c.Response, new JsonObject { ["token_type"] = "Bearer", ["expires_in"] = ExpiresInSeconds, ["ext_expires_in"] = ExpiresInSeconds, ["access_token"] = token });
    }

    private (int Status, string? Json) Patch(string target, string? ifMatch, string? ifNoneMatch, string body, bool inBatch) =>
        target.StartsWith("campaignresponses(", StringComparison.Ordinal)
            ? CampaignResponse(target, ifMatch, ifNoneMatch, body, inBatch)
            : Update(target, ifMatch, body, inBatch);

    private (int Status, string? Json) CampaignResponse(string target, string? ifMatch, string? ifNoneMatch, string body, bool inBatch)
    {
        if (!target.EndsWith(')') || !Guid.TryParse(target["campaignresponses(".Length..^1], out Guid id))
        {
            return (404, ErrorJson("0x80060888", $"Resource not found for the segment '{target}'."));
        }

        if (ParseBody(body) is not { } fields)
        {
            return (400, ErrorJson("0x80040203", "Invalid JSON in the request body."));
        }

        SeenCampaignResponses.Enqueue(new SeenCampaignResponse(id, ifMatch, ifNoneMatch, inBatch, (JsonObject)fields.DeepClone()));
        if (CampaignResponseFault?.Invoke(id) is { } injected)
        {
            return (injected, ErrorJson(injected == 429 ? "0x80072322" : "0x80040216", injected == 429 ? "Number of requests exceeded the limit of 6000 over time window of 300 seconds." : "An unexpected error occurred."));
        }

        lock (_gate)
        {
            bool exists = CampaignResponses.ContainsKey(id);
            if (ifNoneMatch == "*" && exists)
            {
                // Create-only (provider-facts 3.2).
                return (412, ErrorJson("0x80040237", "A record with matching key values already exists."));
            }

            if (ifMatch == "*" && !exists)
            {
                return (404, ErrorJson("0x80040217", $"campaignresponse With Id = {id:D} Does Not Exist"));
            }

            if (ValidateCampaignResponse(fields, creating: !exists) is { } refusal)
            {
                return refusal;
            }

            if (exists)
            {
                foreach (KeyValuePair<string, JsonNode?> field in fields)
                {
                    CampaignResponses[id][field.Key] = field.Value?.DeepClone();
                }
            }
            else
            {
                CampaignResponses[id] = (JsonObject)fields.DeepClone();
            }
        }

        return (204, null);
    }

    /// <summary>Null when the body is acceptable; else Dataverse's answer. Called under the lock.</summary>
    private (int Status, string? Json)? ValidateCampaignResponse(JsonObject fields, bool creating)
    {
        foreach (KeyValuePair<string, JsonNode?> field in fields)
        {
            if (field.Key.EndsWith(Bind, StringComparison.Ordinal))
            {
                if (field.Key[..^Bind.Length] != RegardingCampaign)
                {
                    return Undeclared(field.Key[..^Bind.Length]);
                }

                if (!TryReadBind(field.Value, "campaigns", out Guid campaign))
                {
                    return (400, ErrorJson("0x80060888", $"The value of '{field.Key}' is not a URI of a campaign such as /campaigns(00000000-0000-0000-0000-000000000000)."));
                }

                if (!Campaigns.Contains(campaign))
                {
                    return (404, ErrorJson("0x80040217", $"campaign With Id = {campaign:D} Does Not Exist"));
                }
            }
            else if (field.Key == ActivityParties)
            {
                if (ValidateParties(field.Value) is { } refusal)
                {
                    return refusal;
                }
            }
            else if (!CampaignResponseSchema.Contains(field.Key))
            {
                return (400, ErrorJson("0x80060888", $"Invalid property '{field.Key}' was found in entity 'Microsoft.Dynamics.CRM.campaignresponse'."));
            }
        }

        if (fields["responsecode"] is { } code && (code.GetValueKind() != System.Text.Json.JsonValueKind.Number || !code.AsValue().TryGetValue(out int value) || value is < 1 or > 4))
        {
            return (400, ErrorJson("0x80044331", "A validation error occurred. The value of 'responsecode' on record of type 'campaignresponse' is outside the valid range."));
        }

        if (fields["subject"] is { } subject && ((string?)subject)?.Length > 200)
        {
            return (400, ErrorJson("0x80044331", "A validation error occurred. The length of the 'subject' attribute of the 'campaignresponse' entity exceeded the maximum allowed length of '200'."));
        }

        if (creating && (fields["subject"] is null || !fields.ContainsKey(RegardingCampaign + Bind)))
        {
            return (400, ErrorJson("0x80040203", "The campaign response entity must have a valid parent campaign set as the RegardingObjectId, and a subject."));
        }

        return null;
    }

    private (int Status, string? Json)? ValidateParties(JsonNode? parties)
    {
        if (parties is not JsonArray { Count: 1 } array || array[0] is not JsonObject party)
        {
            return (400, ErrorJson("0x80040203", "This fake expects exactly one activity party: the customer."));
        }

        string? bound = null;
        foreach (KeyValuePair<string, JsonNode?> field in party)
        {
            if (field.Key is "partyid_contact@odata.bind" or "partyid_lead@odata.bind")
            {
                string set = field.Key == "partyid_lead@odata.bind" ? "leads" : "contacts";
                if (bound is not null || !TryReadBind(field.Value, set, out Guid id))
                {
                    return (400, ErrorJson("0x80060888", $"The value of '{field.Key}' is not a URI of a row of {set}, or a party is bound twice."));
                }

                if (!Records.ContainsKey(Key(set, id)))
                {
                    return (404, ErrorJson("0x80040217", $"{(set == "leads" ? "lead" : "contact")} With Id = {id:D} Does Not Exist"));
                }

                bound = set;
            }
            else if (field.Key.EndsWith(Bind, StringComparison.Ordinal))
            {
                return Undeclared(field.Key[..^Bind.Length]);
            }
            else if (field.Key != "participationtypemask")
            {
                return (400, ErrorJson("0x80060888", $"Invalid property '{field.Key}' was found in entity 'Microsoft.Dynamics.CRM.activityparty'."));
            }
        }

        if (bound is null)
        {
            return (400, ErrorJson("0x80040203", "The activity party names no contact or lead."));
        }

        if (party["participationtypemask"] is not JsonValue mask || mask.GetValueKind() != System.Text.Json.JsonValueKind.Number || !mask.TryGetValue(out int type) || type != 11)
        {
            return (400, ErrorJson("0x80040203", "The customer of a campaign response is the activity party with participationtypemask 11 (Customer)."));
        }

        return null;
    }

    private static bool TryReadBind(JsonNode? value, string entitySet, out Guid id)
    {
        id = Guid.Empty;
        string? text = value is JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.String ? (string?)v : null;
        string prefix = "/" + entitySet + "(";
        return text is not null && text.StartsWith(prefix, StringComparison.Ordinal) && text.EndsWith(')')
            && Guid.TryParseExact(text[prefix.Length..^1], "D", out id);
    }

    private static (int Status, string? Json) Undeclared(string name) =>
        (400, ErrorJson("0x80060888", $"An undeclared property '{name}' which only has property annotations in the payload but no property value was found in the payload. In OData, only declared navigation properties and declared named streams can be represented as properties without values."));

    private static JsonObject? ParseBody(string body)
    {
        try
        {
            return JsonNode.Parse(body)?.AsObject();
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    private (int Status, string? Json) Update(string target, string? ifMatch, string body, bool inBatch)
    {
        int open = target.IndexOf('(', StringComparison.Ordinal);
        string set = open > 0 ? target[..open] : target;
        if (open < 0 || set is not ("contacts" or "leads") || !target.EndsWith(')') || !Guid.TryParse(target[(open + 1)..^1], out Guid id))
        {
            return (404, ErrorJson("0x80060888", $"Resource not found for the segment '{target}'."));
        }

        if (ParseBody(body) is not { } fields)
        {
            return (400, ErrorJson("0x80040203", "Invalid JSON in the request body."));
        }

        Updates.Enqueue(new SeenUpdate(set, id, ifMatch, inBatch, (JsonObject)fields.DeepClone()));
        if (RecordFault?.Invoke(id) is { } injected)
        {
            return (injected, injected switch
            {
                412 => ErrorJson("0x80060882", "The version of the existing record doesn't match the RowVersion property provided."),
                429 => ErrorJson("0x80072321", "Combined execution time of incoming requests exceeded limit of 1,200,000 milliseconds over time window of 300 seconds."),
                400 => ErrorJson("0x80040265", "A validation plug-in refused the change for jane.doe@contoso.com."),
                _ => ErrorJson("0x80040216", "An unexpected error occurred."),
            });
        }

        string entity = set == "leads" ? "lead" : "contact";
        foreach (KeyValuePair<string, JsonNode?> field in fields)
        {
            if (!Schema.Contains(field.Key))
            {
                return (400, ErrorJson("0x80060888", $"Invalid property '{field.Key}' was found in entity 'Microsoft.Dynamics.CRM.{entity}'."));
            }
        }

        lock (_gate)
        {
            string key = Key(set, id);
            if (!Records.TryGetValue(key, out JsonObject? row))
            {
                if (ifMatch == "*")
                {
                    return (404, ErrorJson("0x80040217", $"{entity} With Id = {id:D} Does Not Exist"));
                }

                // What Dataverse does with a PATCH lacking If-Match: an upsert that creates the row.
                row = [];
                Records[key] = row;
                Created.Enqueue(key);
            }

            foreach (KeyValuePair<string, JsonNode?> field in fields)
            {
                row[field.Key] = field.Value?.DeepClone();
            }
        }

        return (204, null);
    }

    private async Task BatchAsync(HttpContext c, string body)
    {
        string? type = c.Request.ContentType;
        string? boundary = type?.Split(';').Select(p => p.Trim()).FirstOrDefault(p => p.StartsWith("boundary=", StringComparison.Ordinal))?["boundary=".Length..];
        if (type is null || !type.StartsWith("multipart/mixed", StringComparison.Ordinal) || boundary is null)
        {
            await Error(c.Response, 400, "0x80048d19", "The batch request must be multipart/mixed with a boundary.");
            return;
        }

        bool continueOnError = c.Request.Headers["Prefer"].ToString().Contains("odata.continue-on-error", StringComparison.Ordinal);
        string[] segments = body.Replace("\r\n", "\n", StringComparison.Ordinal).Split("--" + boundary);
        var response = new StringBuilder();
        string responseBoundary = "batchresponse_" + Guid.NewGuid().ToString("D");
        int count = 0;
        foreach (string raw in segments.Skip(1))
        {
            if (raw.StartsWith("--", StringComparison.Ordinal))
            {
                break;
            }

            if (++count > 1000)
            {
                await Error(c.Response, 400, "0x8006088a", "The number of requests in a batch exceeds 1000.");
                return;
            }

            string[] blocks = raw.TrimStart('\n').Split("\n\n", 3);
            string partHeaders = blocks[0];
            if (partHeaders.Contains("multipart/mixed", StringComparison.Ordinal))
            {
                await Error(c.Response, 400, "0x80048d19", "This fake rejects change sets: the client under test must not send them.");
                return;
            }

            string contentId = partHeaders.Split('\n').FirstOrDefault(l => l.StartsWith("Content-ID:", StringComparison.OrdinalIgnoreCase))?["Content-ID:".Length..].Trim() ?? string.Empty;
            string[] requestHead = blocks[1].Split('\n');
            string[] requestLine = requestHead[0].Split(' ');
            string? ifMatch = requestHead.Skip(1).FirstOrDefault(l => l.StartsWith("If-Match:", StringComparison.OrdinalIgnoreCase))?["If-Match:".Length..].Trim();
            string? ifNoneMatch = requestHead.Skip(1).FirstOrDefault(l => l.StartsWith("If-None-Match:", StringComparison.OrdinalIgnoreCase))?["If-None-Match:".Length..].Trim();
            string target = new Uri(requestLine[1]).AbsolutePath["/api/data/v9.2/".Length..];
            (int status, string? json) = requestLine[0] == "PATCH"
                ? Patch(target, ifMatch, ifNoneMatch, blocks.Length > 2 ? blocks[2].Trim() : string.Empty, inBatch: true)
                : (405, ErrorJson("0x80060888", "Only PATCH is supported by this fake."));
            response.Append("--").Append(responseBoundary).Append("\r\n")
                .Append("Content-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n");
            if (contentId.Length > 0)
            {
                response.Append("Content-ID: ").Append(contentId).Append("\r\n");
            }

            response.Append("\r\n")
                .Append("HTTP/1.1 ").Append(status.ToString(CultureInfo.InvariantCulture)).Append(status == 204 ? " No Content" : " Error").Append("\r\n")
                .Append("OData-Version: 4.0\r\n");
            if (json is not null)
            {
                response.Append("Content-Type: application/json; odata.metadata=minimal\r\n\r\n").Append(json).Append("\r\n");
            }
            else
            {
                response.Append("\r\n\r\n");
            }

            if (status >= 400 && !continueOnError)
            {
                break; // Dataverse stops at the first failure outside a change set (provider-facts 3.3).
            }
        }

        response.Append("--").Append(responseBoundary).Append("--\r\n");
        c.Response.StatusCode = 200;
        c.Response.ContentType = "multipart/mixed; boundary=" + responseBoundary;
        await c.Response.WriteAsync(response.ToString());
    }

    private static string ErrorJson(string code, string message) =>
        new JsonObject { ["error"] = new JsonObject { ["code"] = code, ["message"] = message } }.ToJsonString();

    private static Task Error(HttpResponse response, int status, string code, string message)
    {
        response.StatusCode = status;
        response.ContentType = "application/json; odata.metadata=minimal";
        return response.WriteAsync(ErrorJson(code, message));
    }

    private static Task Json(HttpResponse response, JsonNode body)
    {
        response.ContentType = "application/json; charset=utf-8";
        return response.WriteAsync(body.ToJsonString());
    }
}
