using BounceKit.Events;

namespace BounceKit.Mailchimp;

/// <summary>One open, click or bounce in a campaign's email-activity report.</summary>
/// <remarks>Mailchimp gives bounces a <c>type</c> of <c>hard</c> or <c>soft</c> and nothing else: no SMTP code, no
/// diagnostic text (provider-facts 1.5). That type is the only place the API keeps soft and hard bounces apart.</remarks>
public sealed class MailchimpActivity
{
    /// <summary>The action: <c>open</c>, <c>click</c> or <c>bounce</c>.</summary>
    public required string Action { get; init; }

    /// <summary>When it happened.</summary>
    public required DateTimeOffset Timestamp { get; init; }

    /// <summary>For bounces: hard or soft as Mailchimp reported it; <see cref="GivenBounceType.Unknown"/> otherwise.</summary>
    public GivenBounceType BounceType { get; init; }

    /// <summary>For clicks: the link.</summary>
    public string? Url { get; init; }

    /// <summary>The IP address Mailchimp recorded, if any.</summary>
    public string? Ip { get; init; }
}
