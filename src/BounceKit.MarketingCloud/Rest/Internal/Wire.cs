using System.Text.Json;
using System.Text.Json.Serialization;

namespace BounceKit.MarketingCloud.Rest.Internal;

// Marketing Cloud's wire shapes: the token endpoint speaks snake_case, the REST API camelCase with lower-cased
// data extension field names (provider-facts 2.5 and 2.6). Names are spelled out per property.
#pragma warning disable CA1812 // Instantiated by System.Text.Json.

internal sealed class TokenRequestWire
{
    [JsonPropertyName("grant_type")]
    public string GrantType { get; set; } = "client_credentials";

    [JsonPropertyName("client_id")]
    public string? ClientId { get; set; }

    [JsonPropertyName("client_secret")]
    public string? ClientSecret { get; set; }

    [JsonPropertyName("account_id")]
    public string? AccountId { get; set; }
}

internal sealed class TokenResponseWire
{
    [JsonPropertyName("access_token")]
    public string? AccessToken { get; set; }

    [JsonPropertyName("token_type")]
    public string? TokenType { get; set; }

    [JsonPropertyName("expires_in")]
    public int? ExpiresIn { get; set; }

    [JsonPropertyName("rest_instance_url")]
    public string? RestInstanceUrl { get; set; }
}

/// <summary>Both error shapes: REST (<c>message</c>, <c>errorcode</c>, <c>documentation</c>, <c>retryAfter</c>) and
/// OAuth (<c>error</c>, <c>error_description</c>).</summary>
internal sealed class ErrorWire
{
    [JsonPropertyName("message")]
    public string? Message { get; set; }

    [JsonPropertyName("errorcode")]
    public int? ErrorCode { get; set; }

    [JsonPropertyName("documentation")]
    public string? Documentation { get; set; }

    [JsonPropertyName("retryAfter")]
    public JsonElement? RetryAfter { get; set; }

    [JsonPropertyName("additionalErrors")]
    public List<ErrorWire>? AdditionalErrors { get; set; }

    [JsonPropertyName("error")]
    public string? Error { get; set; }

    [JsonPropertyName("error_description")]
    public string? ErrorDescription { get; set; }
}

internal sealed class RowsetPageWire
{
    [JsonPropertyName("count")]
    public int Count { get; set; }

    [JsonPropertyName("page")]
    public int Page { get; set; }

    [JsonPropertyName("pageSize")]
    public int PageSize { get; set; }

    [JsonPropertyName("links")]
    public Dictionary<string, JsonElement>? Links { get; set; }

    [JsonPropertyName("items")]
    public List<RowWire>? Items { get; set; }
}

internal sealed class RowWire
{
    [JsonPropertyName("keys")]
    public Dictionary<string, JsonElement>? Keys { get; set; }

    [JsonPropertyName("values")]
    public Dictionary<string, JsonElement>? Values { get; set; }

    public DataExtensionRow ToRow() => new(Flatten(Keys), Flatten(Values));

    private static IEnumerable<KeyValuePair<string, string>> Flatten(Dictionary<string, JsonElement>? fields) =>
        fields is null ? [] : fields.Select(f => KeyValuePair.Create(f.Key, Text(f.Value)));

    // Marketing Cloud writes fields as strings; numbers and booleans are kept as written, null as empty.
    private static string Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString() ?? string.Empty,
        JsonValueKind.Null or JsonValueKind.Undefined => string.Empty,
        JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
        _ => throw new FormatException($"A field of kind {value.ValueKind}, where Marketing Cloud writes strings."),
    };
}

internal sealed class RowWriteWire
{
    [JsonPropertyName("keys")]
    public Dictionary<string, string>? Keys { get; set; }

    [JsonPropertyName("values")]
    public Dictionary<string, string>? Values { get; set; }

    public static RowWriteWire From(DataExtensionRow row) => new()
    {
        Keys = new Dictionary<string, string>(row.Keys, StringComparer.Ordinal),
        Values = new Dictionary<string, string>(row.Values, StringComparer.Ordinal),
    };
}

[JsonSourceGenerationOptions(PropertyNameCaseInsensitive = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(TokenRequestWire))]
[JsonSerializable(typeof(TokenResponseWire))]
[JsonSerializable(typeof(ErrorWire))]
[JsonSerializable(typeof(RowsetPageWire))]
[JsonSerializable(typeof(List<RowWriteWire>))]
internal sealed partial class MarketingCloudJsonContext : JsonSerializerContext;
