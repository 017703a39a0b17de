namespace BounceKit.Dynamics;

/// <summary>Whether and how <see cref="DynamicsCrmSink"/> records a Dataverse <c>campaignresponse</c> activity for a
/// hard bounce or an unsubscribe, next to the contact or lead update. Off by default.</summary>
/// <remarks>
/// <para>Bound from <c>BounceKit:Dynamics:CampaignResponses</c>. When <see cref="Enabled"/> is true,
/// <see cref="CampaignId"/> is required: a campaign response needs its parent campaign as regarding object
/// (provider-facts 3.1; Microsoft's CampaignResponse reference marks <c>regardingobjectid</c> required and limits it to
/// campaigns and bulk operations).</para>
/// <para>A response is created only after the record's own update succeeded, with <c>responsecode</c> 4 (Error) for a
/// hard bounce and 3 (Do Not Send Marketing Materials) for an unsubscribe (the global choice
/// <c>campaignresponse_responsecode</c>, provider-facts 3.1). Its id is derived from the campaign, the record, the
/// response code and, for a bounce, the bounce date, and it is created with <c>If-None-Match: *</c>: writing the same
/// projection again finds the response already there instead of adding a second one.</para>
/// <para>The navigation property names are <b>unverified against a live environment</b>: the defaults come from
/// Microsoft's generated entity reference, not from provider-facts. Check them in your environment's
/// <c>$metadata</c> (docs/providers/dynamics.md) and override them here if they differ.</para>
/// </remarks>
public sealed class DynamicsCampaignResponseOptions
{
    /// <summary>The placeholder in <see cref="HardBounceSubject"/> that is replaced by the bounce reason.</summary>
    public const string ReasonPlaceholder = "{reason}";

    /// <summary>Whether campaign responses are created (default false). Requires <see cref="CampaignId"/>.</summary>
    public bool Enabled { get; set; }

    /// <summary>The <c>campaignid</c> of the parent campaign every response is created under. Required when
    /// <see cref="Enabled"/>; a campaign the environment does not have makes every response fail with 404, which is
    /// reported in the record's message, never as a failed record.</summary>
    public Guid? CampaignId { get; set; }

    /// <summary>Whether a hard-bounced projection (<c>HardBounce</c> true) gets a response with code 4, Error
    /// (default true).</summary>
    public bool ForHardBounces { get; set; } = true;

    /// <summary>Whether an unsubscribed projection (<c>Consent</c> Unsubscribed) gets a response with code 3, Do Not
    /// Send Marketing Materials (default true). One such response per record and campaign, however often it is written.</summary>
    public bool ForUnsubscribes { get; set; } = true;

    /// <summary>The subject of a hard-bounce response; <c>{reason}</c> is replaced by the bounce reason with email
    /// addresses masked (default <c>Hard bounce: {reason}</c>). The result is cut to 200 characters, the length of
    /// <c>subject</c>.</summary>
    public string HardBounceSubject { get; set; } = "Hard bounce: " + ReasonPlaceholder;

    /// <summary>The subject of an unsubscribe response (default <c>Unsubscribed from marketing email</c>), cut to 200
    /// characters.</summary>
    public string UnsubscribeSubject { get; set; } = "Unsubscribed from marketing email";

    /// <summary>The single-valued navigation property that binds the parent campaign; the sink sends
    /// <c>{name}@odata.bind: "/campaigns({CampaignId})"</c> (default <c>regardingobjectid_campaign_campaignresponse</c>,
    /// UNVERIFIED against a live environment).</summary>
    public string RegardingCampaignProperty { get; set; } = "regardingobjectid_campaign_campaignresponse";

    /// <summary>The collection-valued navigation property of the response's activity parties (default
    /// <c>campaignresponse_activity_parties</c>, UNVERIFIED against a live environment).</summary>
    public string ActivityPartiesProperty { get; set; } = "campaignresponse_activity_parties";

    /// <summary>The activity party's navigation property that binds a contact (default <c>partyid_contact</c>,
    /// UNVERIFIED against a live environment).</summary>
    public string ContactPartyProperty { get; set; } = "partyid_contact";

    /// <summary>The activity party's navigation property that binds a lead (default <c>partyid_lead</c>, UNVERIFIED
    /// against a live environment).</summary>
    public string LeadPartyProperty { get; set; } = "partyid_lead";
}
