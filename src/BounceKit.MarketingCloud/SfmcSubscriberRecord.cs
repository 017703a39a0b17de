namespace BounceKit.MarketingCloud;

/// <summary>One row of the <c>_Subscribers</c> data view.</summary>
/// <remarks>Source: provider-facts 2.4. <see cref="Status"/> is one of <c>active</c>, <c>held</c>, <c>unsubscribed</c>,
/// <c>bounced</c> (compared ignoring case).</remarks>
public sealed record SfmcSubscriberRecord
{
    /// <summary>The customer subscriber key.</summary>
    public required string SubscriberKey { get; init; }

    /// <summary>The status as SFMC writes it, lower case: active, held, unsubscribed or bounced.</summary>
    public required string Status { get; init; }

    /// <summary>The address.</summary>
    public string? EmailAddress { get; init; }

    /// <summary>When the subscriber became undeliverable (Held).</summary>
    public DateTimeOffset? DateUndeliverable { get; init; }

    /// <summary>SFMC's running bounce count.</summary>
    public int? BounceCount { get; init; }

    /// <summary>The recipient domain.</summary>
    public string? Domain { get; init; }

    /// <summary>Whether SFMC holds the subscriber (status <c>held</c>).</summary>
    public bool IsHeld => string.Equals(Status, "held", StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether SFMC has the subscriber active again (status <c>active</c>).</summary>
    public bool IsActive => string.Equals(Status, "active", StringComparison.OrdinalIgnoreCase);
}
