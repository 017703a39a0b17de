using BounceKit.Classification;

namespace BounceKit.MarketingCloud;

/// <summary>One bounce from the <c>_Bounce</c> data view or the tracking extract's <c>Bounces</c> file.</summary>
/// <remarks>Column names differ between the two sources (<c>SMTPBounceReason</c> in the data view, <c>BounceReason</c>
/// in the extract; <c>JobID</c> or <c>SendID</c>); the readers fill the same record. Source: provider-facts 2.2 and 2.7.</remarks>
public sealed record SfmcBounceRecord
{
    /// <summary>The customer subscriber key (a CRM id such as <c>003…</c> or <c>00Q…</c>, or an address).</summary>
    public required string SubscriberKey { get; init; }

    /// <summary>When the bounce happened, as an instant (SFMC writes Central Standard Time without daylight saving).</summary>
    public required DateTimeOffset EventDate { get; init; }

    /// <summary>The send (job) id; a soft-bounce retry series of one job counts once.</summary>
    public long? JobId { get; init; }

    /// <summary>SFMC's category: Hard, Soft, Block, Technical/Other or Unknown bounce.</summary>
    public SfmcBounceCategory BounceCategory { get; init; }

    /// <summary>SFMC's subcategory, for example <c>User Unknown</c>.</summary>
    public string? BounceSubcategory { get; init; }

    /// <summary>SFMC's bounce type (values undocumented; for example <c>immediate</c>).</summary>
    public string? BounceType { get; init; }

    /// <summary>The SMTP reply code, for example 550.</summary>
    public int? SmtpCode { get; init; }

    /// <summary>The full diagnostic text (<c>SMTPBounceReason</c> or <c>BounceReason</c>).</summary>
    public string? SmtpBounceReason { get; init; }

    /// <summary>The recipient domain.</summary>
    public string? Domain { get; init; }

    /// <summary>The address, when the source has it (the tracking extract does; <c>_Bounce</c> does not).</summary>
    public string? EmailAddress { get; init; }

    /// <summary>Whether this is the subscriber's first bounce of the job (<c>IsUnique</c>), when given.</summary>
    public bool? IsUnique { get; init; }
}
