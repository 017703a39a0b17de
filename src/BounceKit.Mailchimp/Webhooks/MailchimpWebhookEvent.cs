using System.Globalization;
using BounceKit.Events;
using BounceKit.Mailchimp.Webhooks.Internal;

namespace BounceKit.Mailchimp.Webhooks;

/// <summary>One Mailchimp audience webhook call: its type, when Mailchimp fired it, the audience and the raw
/// <c>data[...]</c> fields. Each type has a sealed subclass; types BounceKit does not know are
/// <see cref="MailchimpUnknownWebhookEvent"/>.</summary>
/// <remarks>
/// <para>Created by <see cref="MailchimpWebhookParser"/>. <see cref="ToDeliverabilityEvents"/> turns a call into the
/// <see cref="DeliverabilityEvent"/>s BounceKit's policies fold; see that method for the mapping.</para>
/// <para><see cref="ToString"/> never shows an email address, a subject line or any value that is not a short token:
/// members appear as their subscriber hash, so the text is safe to log.</para>
/// <para>Source: provider-facts section 1.6 (Mailchimp, "About webhooks" and the legacy webhook field list).</para>
/// </remarks>
public abstract class MailchimpWebhookEvent
{
    private readonly WebhookEnvelope _envelope;

    private protected MailchimpWebhookEvent(WebhookEnvelope envelope) => _envelope = envelope;

    /// <summary>The <c>type</c> field, as sent.</summary>
    public MailchimpWebhookType Type => _envelope.Type;

    /// <summary>The <c>fired_at</c> field, read as UTC.</summary>
    /// <remarks>Mailchimp sends <c>YYYY-MM-DD HH:MM:SS</c> with no zone, and its documentation (provider-facts section
    /// 1.6) gives only that format, not the time zone. BounceKit assumes UTC; the offset is always zero.</remarks>
    public DateTimeOffset FiredAt => _envelope.FiredAt;

    /// <summary>The audience (<c>data[list_id]</c>); present for every known type, <see langword="null"/> only when an
    /// unknown type leaves it out.</summary>
    public string? ListId => _envelope.ListId;

    /// <summary>Every <c>data[...]</c> field, keyed by its decoded name as sent (for example <c>data[email]</c> or
    /// <c>data[merges][GROUPINGS][0][name]</c>), compared ordinally; when a name repeats, the last value wins.</summary>
    public IReadOnlyDictionary<string, string> Data => _envelope.Data;

    /// <summary>Maps this call to deliverability events.</summary>
    /// <returns>The events: none, one, or (for an unsubscribe reported as abuse) two.</returns>
    /// <remarks>
    /// <para><c>cleaned</c> with reason <c>hard</c> is a <see cref="DeliverabilityEventKind.Bounce"/> with
    /// <see cref="GivenBounceType.Hard"/> (Mailchimp sends no soft-bounce webhook: <c>hard</c> covers soft bounces that
    /// reached its threshold too); <c>cleaned</c> with reason <c>abuse</c> is a
    /// <see cref="DeliverabilityEventKind.Complaint"/>; any other cleaned reason maps to nothing.
    /// <c>unsubscribe</c> is an <see cref="DeliverabilityEventKind.Unsubscribe"/>, plus a complaint when the reason is
    /// <c>abuse</c>. <c>subscribe</c> is a <see cref="DeliverabilityEventKind.Subscribe"/>. <c>profile</c>,
    /// <c>upemail</c>, <c>campaign</c> and unknown types map to nothing.</para>
    /// <para>The subscriber key is always <see cref="SubscriberHash.Compute"/> of the address (the Mailchimp member id),
    /// never <c>data[id]</c>. So after <c>upemail</c> the new address starts with a clean state and the bounce history
    /// stays with the old address. The timestamp is <see cref="FiredAt"/>. The id is
    /// <c>mailchimp:webhook:{type}:{list id}:{subscriber hash}:{fired_at as yyyyMMddHHmmss}</c>, with
    /// <c>:complaint</c> appended for the extra complaint of an abuse unsubscribe: Mailchimp retries a failed delivery
    /// with the same payload for about 75 minutes, and the same id makes a retry one event. It never contains the
    /// address.</para>
    /// </remarks>
    public IReadOnlyList<DeliverabilityEvent> ToDeliverabilityEvents() => Map();

    /// <summary>The type, audience, time and, for member events, the subscriber hash; never an email address.</summary>
    /// <returns>A short description, for example
    /// <c>Mailchimp cleaned webhook, list a6b5da1054, fired 2009-03-26 22:01:00Z, member 62ee..., reason hard</c>.</returns>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"Mailchimp {Redact.Token(Type.ToString())} webhook, list {Redact.Token(ListId)}, fired {FiredAt:yyyy-MM-dd HH:mm:ss}Z{Details}");

    /// <summary>What the subclass adds to <see cref="ToString"/>, starting with ", ".</summary>
    private protected virtual string Details => string.Empty;

    private protected virtual IReadOnlyList<DeliverabilityEvent> Map() => [];

    /// <summary>The deterministic event id (see <see cref="ToDeliverabilityEvents"/>).</summary>
    private protected string EventId(string subscriberKey, string? suffix = null) =>
        string.Create(CultureInfo.InvariantCulture, $"mailchimp:webhook:{Type.ToString().ToLowerInvariant()}:{ListId}:{subscriberKey}:{FiredAt.UtcDateTime:yyyyMMddHHmmss}{suffix}");
}
