namespace BounceKit.Mailchimp;

/// <summary>What to write to a member with <see cref="MailchimpClient.UpsertMemberAsync"/> or
/// <see cref="MailchimpClient.UpdateMemberAsync"/>.</summary>
/// <remarks>BounceKit never sets <see cref="MailchimpMemberStatus.Subscribed"/> on a member that is cleaned or
/// unsubscribed: Mailchimp refuses it (400 <c>Member In Compliance State</c>) and consent law forbids it. Set
/// <see cref="MailchimpMemberStatus.Pending"/> instead, which asks the person to confirm by email.</remarks>
public sealed class MailchimpMemberUpdate
{
    /// <summary>The member's address (its hash names the member).</summary>
    public required string EmailAddress { get; init; }

    /// <summary>The status to set on an existing or new member; <see langword="null"/> leaves it.</summary>
    public MailchimpMemberStatus? Status { get; init; }

    /// <summary>The status of a member that upsert creates (ignored by update and for existing members).</summary>
    public MailchimpMemberStatus? StatusIfNew { get; init; }

    /// <summary>Merge fields to set, by tag (for example <c>FNAME</c>).</summary>
    public IReadOnlyDictionary<string, string>? MergeFields { get; init; }
}
