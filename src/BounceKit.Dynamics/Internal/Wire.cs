using System.Text.Json;
using System.Text.Json.Serialization;

namespace BounceKit.Dynamics.Internal;

/// <summary>Microsoft Entra ID's token response (<c>expires_in</c> is a number on v2.0, a string on some proxies).</summary>
internal sealed class TokenResponseWire
{
    [JsonPropertyName("access_token")]
    public string? AccessToken { get; set; }

    [JsonPropertyName("expires_in")]
    public JsonElement ExpiresIn { get; set; }

    [JsonPropertyName("error")]
    public string? Error { get; set; }

    [JsonPropertyName("error_description")]
    public string? ErrorDescription { get; set; }
}

/// <summary>Dataverse's error body <c>{"error":{"code","message"}}</c>, or Entra's <c>{"error","error_description"}</c>.</summary>
internal sealed class ErrorBodyWire
{
    [JsonPropertyName("error")]
    public JsonElement Error { get; set; }

    [JsonPropertyName("error_description")]
    public string? ErrorDescription { get; set; }

    public (string? Code, string? Message) Read()
    {
        return Error.ValueKind switch
        {
            JsonValueKind.Object => (
                Error.TryGetProperty("code", out JsonElement code) && code.ValueKind == JsonValueKind.String ? code.GetString() : null,
                Error.TryGetProperty("message", out JsonElement message) && message.ValueKind == JsonValueKind.String ? message.GetString() : null),
            JsonValueKind.String => (Error.GetString(), ErrorDescription),
            _ => (null, null),
        };
    }
}

[JsonSerializable(typeof(TokenResponseWire))]
[JsonSerializable(typeof(ErrorBodyWire))]
internal sealed partial class DynamicsJsonContext : JsonSerializerContext;
