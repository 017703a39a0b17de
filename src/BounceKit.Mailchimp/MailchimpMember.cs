using BounceKit.Diagnostics;

namespace BounceKit.Mailchimp;

/// <summary>A member of a Mailchimp audience (list), as the Marketing API returns it.</summary>
public sealed class MailchimpMember
{
    /// <summary>The member id: the subscriber hash of the address (see <see cref="SubscriberHash"/>).</summary>
    public required string Id { get; init; }

    /// <summary>The address.</summary>
    public required string EmailAddress { get; init; }

    /// <summary>The status: subscribed, unsubscribed, cleaned, pending, transactional or archived.</summary>
    public required MailchimpMemberStatus Status { get; init; }

    /// <summary>The audience.</summary>
    public required string ListId { get; init; }

    /// <summary>When the member's data last changed (a status change sets it).</summary>
    public DateTimeOffset? LastChanged { get; init; }

    /// <summary>Mailchimp's 1–5 star engagement rating, when given.</summary>
    public int? MemberRating { get; init; }

    /// <summary>The member's average open rate (0–1), when given.</summary>
    public double? AverageOpenRate { get; init; }

    /// <summary>The member's average click rate (0–1), when given.</summary>
    public double? AverageClickRate { get; init; }

    /// <summary>Whether the member has ever opened or clicked: Mailchimp then allows 15 soft bounces instead of 7
    /// before cleaning (provider-facts 1.4).</summary>
    public bool HasEngagementHistory => AverageOpenRate > 0 || AverageClickRate > 0;

    /// <summary>The member id and status, with the address masked.</summary>
    /// <returns>For example <c>62eeb292… u***@freddiesjokes.com cleaned</c>.</returns>
    public override string ToString() => $"{Id} {PersonalData.MaskEmail(EmailAddress)} {Status}";
}
