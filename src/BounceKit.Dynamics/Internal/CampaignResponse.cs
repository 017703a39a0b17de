using System.Globalization;
using System.Text;
using System.Text.Json;
using BounceKit.Diagnostics;
using BounceKit.Policy;

namespace BounceKit.Dynamics.Internal;

/// <summary>One campaign response to create: create-only <c>PATCH campaignresponses({Id})</c> with <see cref="Json"/>.</summary>
internal sealed record CampaignResponseRequest(int ResponseCode, Guid Id, string Json)
{
    public string Path => $"{CampaignResponse.EntitySet}({Id:D})";

    /// <summary>What the message and the log call it.</summary>
    public string Kind => ResponseCode == CampaignResponse.ErrorCode ? "hard-bounce" : "unsubscribe";
}

/// <summary>The <c>campaignresponse</c> records a projection calls for, and their bodies.</summary>
/// <remarks>The response codes are the global choice <c>campaignresponse_responsecode</c> (provider-facts 3.1).
/// Each id is a name-based UUID (version 5) of the campaign, the record, the response code and, for a bounce, the
/// bounce date: writing the same projection again yields the same id, and the create-only <c>PATCH</c> then answers
/// 412 instead of adding a second response (provider-facts 3.2).</remarks>
internal static class CampaignResponse
{
    public const string EntitySet = "campaignresponses";

    /// <summary><c>responsecode</c> 4, "Error": the closest built-in value for a bounce (provider-facts 3.1).</summary>
    public const int ErrorCode = 4;

    /// <summary><c>responsecode</c> 3, "Do Not Send Marketing Materials".</summary>
    public const int DoNotSendCode = 3;

    /// <summary>The length of <c>subject</c> (Microsoft's CampaignResponse reference).</summary>
    public const int SubjectMaxLength = 200;

    /// <summary>The activity party's <c>participationtypemask</c> for Customer.</summary>
    private const int Customer = 11;

    /// <summary><c>channeltypecode</c> 1, Email (the global choice <c>campaignresponse_channeltypecode</c>).</summary>
    private const int EmailChannel = 1;

    /// <summary>The UUID namespace of BounceKit's campaign-response ids; never change it, or every id changes and
    /// responses already created would be created again.</summary>
    public static readonly Guid IdNamespace = new("bc8337be-9326-4cc1-831e-0c2c4dabb22e");

    public static CampaignResponseRequest[] For(CrmProjection projection, RecordKey key, DynamicsCampaignResponseOptions options, DateTimeOffset now)
    {
        if (!options.Enabled || options.CampaignId is not { } campaign || campaign == Guid.Empty)
        {
            return [];
        }

        bool bounce = options.ForHardBounces && projection.HardBounce;
        bool unsubscribe = options.ForUnsubscribes && projection.Consent == ConsentStatus.Unsubscribed;
        if (!bounce && !unsubscribe)
        {
            return [];
        }

        var requests = new List<CampaignResponseRequest>(2);
        if (bounce)
        {
            // The qualifying bounce's date names this bounce: a later hard bounce gets its own response, the same one
            // written again does not. Without any date the response is one per record and campaign, like an unsubscribe.
            DateTimeOffset? bounced = projection.HardBounceDate ?? projection.LastBounceDate;
            string reason = projection.LastBounceReason is { Length: > 0 } text ? PersonalData.MaskEmailsIn(text) : "no reason recorded";
            string subject = options.HardBounceSubject.Replace(DynamicsCampaignResponseOptions.ReasonPlaceholder, reason, StringComparison.Ordinal);
            requests.Add(Create(campaign, key, ErrorCode, bounced is { } d ? Format(d) : string.Empty, subject, bounced ?? now, options));
        }

        if (unsubscribe)
        {
            // A projection carries no unsubscribe date, and an unsubscribed subscriber stays unsubscribed in every later
            // projection: dating the id would add a response per write. So one per record and campaign, received now.
            requests.Add(Create(campaign, key, DoNotSendCode, string.Empty, options.UnsubscribeSubject, now, options));
        }

        return [.. requests];
    }

    /// <summary>The name the id is derived from: <c>{campaignid}/{contacts|leads}({id})/{responsecode}/{date or empty}</c>.</summary>
    public static string IdName(Guid campaign, RecordKey key, int responseCode, string date) =>
        string.Create(CultureInfo.InvariantCulture, $"{campaign:D}/{key.Path}/{responseCode}/{date}");

    private static CampaignResponseRequest Create(Guid campaign, RecordKey key, int responseCode, string idDate, string subject, DateTimeOffset received, DynamicsCampaignResponseOptions options)
    {
        Guid id = NameBasedGuid.Create(IdNamespace, IdName(campaign, key, responseCode, idDate));
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("subject", Truncate(subject));
            json.WriteNumber("responsecode", responseCode);
            json.WriteNumber("channeltypecode", EmailChannel);
            json.WriteString("receivedon", Format(received));

            // "The campaign response entity must have a valid parent campaign set as the CampaignResponse.RegardingObjectId."
            json.WriteString(options.RegardingCampaignProperty + "@odata.bind", $"/campaigns({campaign:D})");
            json.WriteStartArray(options.ActivityPartiesProperty);
            json.WriteStartObject();
            string party = key.Entity == DynamicsEntity.Lead ? options.LeadPartyProperty : options.ContactPartyProperty;
            json.WriteString(party + "@odata.bind", "/" + key.Path);
            json.WriteNumber("participationtypemask", Customer);
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();
        }

        return new CampaignResponseRequest(responseCode, id, Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
    }

    private static string Truncate(string subject)
    {
        if (subject.Length <= SubjectMaxLength)
        {
            return subject;
        }

        // Never cut a surrogate pair in half: Dataverse would refuse the lone half.
        int length = char.IsHighSurrogate(subject[SubjectMaxLength - 1]) ? SubjectMaxLength - 1 : SubjectMaxLength;
        return subject[..length];
    }

    private static string Format(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
