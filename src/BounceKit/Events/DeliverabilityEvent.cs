using BounceKit.Smtp;

namespace BounceKit.Events;

/// <summary>One thing that happened to one subscriber: a send, a delivery, a bounce, an open or click, a consent change.</summary>
/// <remarks>Events are facts: the same <see cref="Id"/> twice is one event, and their order of arrival does not matter
/// (policies fold them in <see cref="Timestamp"/> order). Bounces of one <see cref="JobId"/> form one retry series and
/// count as one bounce.</remarks>
public sealed record DeliverabilityEvent
{
    /// <summary>Creates an event.</summary>
    /// <param name="id">A unique id; repeats are ignored.</param>
    /// <param name="subscriberKey">The subscriber (SFMC SubscriberKey, Mailchimp member id, CRM id).</param>
    /// <param name="timestamp">When it happened.</param>
    /// <param name="kind">What happened.</param>
    /// <exception cref="ArgumentException"><paramref name="id"/> or <paramref name="subscriberKey"/> is empty.</exception>
    public DeliverabilityEvent(string id, string subscriberKey, DateTimeOffset timestamp, DeliverabilityEventKind kind)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        ArgumentException.ThrowIfNullOrWhiteSpace(subscriberKey);
        Id = id;
        SubscriberKey = subscriberKey;
        Timestamp = timestamp;
        Kind = kind;
    }

    /// <summary>The unique id.</summary>
    public string Id { get; }

    /// <summary>The subscriber.</summary>
    public string SubscriberKey { get; }

    /// <summary>When it happened.</summary>
    public DateTimeOffset Timestamp { get; }

    /// <summary>What happened.</summary>
    public DeliverabilityEventKind Kind { get; }

    /// <summary>The address, when known.</summary>
    public string? Email { get; init; }

    /// <summary>The send or job; bounces of one job are one retry series.</summary>
    public string? JobId { get; init; }

    /// <summary>For bounces: the hard/soft type the provider gave, if any.</summary>
    public GivenBounceType BounceType { get; init; }

    /// <summary>For bounces: the diagnostic text.</summary>
    public string? Diagnostic { get; init; }

    /// <summary>For bounces: the enhanced status, if known separately.</summary>
    public EnhancedStatusCode? EnhancedStatus { get; init; }

    /// <summary>For bounces: the recipient domain (used by the trusted-ISP rule).</summary>
    public string? RecipientDomain { get; init; }

    /// <summary>For bounces: the remote MTA host (used by the trusted-ISP rule).</summary>
    public string? RemoteMta { get; init; }

    /// <summary>The domain of an address, for <see cref="RecipientDomain"/>: the part after the last <c>@</c>, trimmed
    /// and in lower case.</summary>
    /// <param name="email">The address.</param>
    /// <returns>The domain, or <see langword="null"/> when there is no address or it has no domain.</returns>
    public static string? DomainOf(string? email)
    {
        if (email is null)
        {
            return null;
        }

        ReadOnlySpan<char> trimmed = email.AsSpan().Trim();
        int at = trimmed.LastIndexOf('@');
        return at < 0 || at == trimmed.Length - 1 ? null : trimmed[(at + 1)..].ToString().ToLowerInvariant();
    }
}
