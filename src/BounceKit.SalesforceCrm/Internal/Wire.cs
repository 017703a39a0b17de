using System.Text.Json.Serialization;

namespace BounceKit.SalesforceCrm.Internal;

// Salesforce's wire shapes (provider-facts 4.3 to 4.5). The token endpoint speaks snake_case; REST errors carry
// errorCode, while the SaveResults of sObject Collections carry statusCode.
#pragma warning disable CA1812 // Instantiated by System.Text.Json.

internal sealed class TokenResponseWire
{
    [JsonPropertyName("access_token")]
    public string? AccessToken { get; set; }

    [JsonPropertyName("instance_url")]
    public string? InstanceUrl { get; set; }

    [JsonPropertyName("error")]
    public string? Error { get; set; }

    [JsonPropertyName("error_description")]
    public string? ErrorDescription { get; set; }
}

internal sealed class RestErrorWire
{
    [JsonPropertyName("message")]
    public string? Message { get; set; }

    [JsonPropertyName("errorCode")]
    public string? ErrorCode { get; set; }

    [JsonPropertyName("fields")]
    public List<string>? Fields { get; set; }
}

internal sealed class SaveResultWire
{
    [JsonPropertyName("id")]
    public string? Id { get; set; }

    [JsonPropertyName("success")]
    public bool Success { get; set; }

    [JsonPropertyName("errors")]
    public List<SaveErrorWire>? Errors { get; set; }
}

internal sealed class SaveErrorWire
{
    [JsonPropertyName("statusCode")]
    public string? StatusCode { get; set; }

    [JsonPropertyName("message")]
    public string? Message { get; set; }

    [JsonPropertyName("fields")]
    public List<string>? Fields { get; set; }
}

[JsonSourceGenerationOptions(PropertyNameCaseInsensitive = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(TokenResponseWire))]
[JsonSerializable(typeof(List<RestErrorWire>))]
[JsonSerializable(typeof(List<SaveResultWire>))]
internal sealed partial class SalesforceJsonContext : JsonSerializerContext;
