namespace BounceKit.Mailchimp;

/// <summary>A Mailchimp campaign, as far as bounce reading needs it.</summary>
public sealed class MailchimpCampaign
{
    /// <summary>The campaign id.</summary>
    public required string Id { get; init; }

    /// <summary>The campaign status (<c>sent</c>, <c>sending</c>, …).</summary>
    public required string Status { get; init; }

    /// <summary>When it was sent.</summary>
    public DateTimeOffset? SendTime { get; init; }

    /// <summary>The audience it went to.</summary>
    public string? ListId { get; init; }

    /// <summary>The subject line.</summary>
    public string? Subject { get; init; }

    /// <summary>How many emails were sent.</summary>
    public int EmailsSent { get; init; }
}
