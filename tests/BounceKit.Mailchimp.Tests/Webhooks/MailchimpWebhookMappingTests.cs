using BounceKit.Events;
using BounceKit.Mailchimp.Webhooks;
using static BounceKit.Mailchimp.Tests.Webhooks.WebhookPayloads;

namespace BounceKit.Mailchimp.Tests.Webhooks;

public class MailchimpWebhookMappingTests
{
    private static readonly string Hash = SubscriberHash.Compute(Email);
    private static readonly DateTimeOffset Fired = new(2009, 3, 26, 21, 35, 57, TimeSpan.Zero);

    public static TheoryData<string, DeliverabilityEventKind[], string[]> Rows => new()
    {
        { "cleaned", [DeliverabilityEventKind.Bounce], [$"mailchimp:webhook:cleaned:{ListId}:{Hash}:20090326213557"] },
        { "cleaned-abuse", [DeliverabilityEventKind.Complaint], [$"mailchimp:webhook:cleaned:{ListId}:{Hash}:20090326213557"] },
        { "unsubscribe", [DeliverabilityEventKind.Unsubscribe], [$"mailchimp:webhook:unsubscribe:{ListId}:{Hash}:20090326213557"] },
        { "unsubscribe-delete", [DeliverabilityEventKind.Unsubscribe], [$"mailchimp:webhook:unsubscribe:{ListId}:{Hash}:20090326213557"] },
        {
            "unsubscribe-abuse",
            [DeliverabilityEventKind.Unsubscribe, DeliverabilityEventKind.Complaint],
            [$"mailchimp:webhook:unsubscribe:{ListId}:{Hash}:20090326213557", $"mailchimp:webhook:unsubscribe:{ListId}:{Hash}:20090326213557:complaint"]
        },
        { "subscribe", [DeliverabilityEventKind.Subscribe], [$"mailchimp:webhook:subscribe:{ListId}:{Hash}:20090326213557"] },
        { "profile", [], [] },
        { "upemail", [], [] },
        { "campaign", [], [] },
        { "smsSubscribe", [], [] },
    };

    [Theory]
    [MemberData(nameof(Rows))]
    public void ToDeliverabilityEvents_EachType_MapsToDocumentedKindsAndIds(string payload, DeliverabilityEventKind[] kinds, string[] ids)
    {
        IReadOnlyList<DeliverabilityEvent> events = MailchimpWebhookParser.Parse(Encode(ByName(payload))).ToDeliverabilityEvents();

        events.Select(e => e.Kind).Should().Equal(kinds);
        events.Select(e => e.Id).Should().Equal(ids);
        foreach (DeliverabilityEvent e in events)
        {
            e.SubscriberKey.Should().Be(Hash, "the subscriber key is the hash of the address, never data[id]");
            e.SubscriberKey.Should().NotBe("8a25ff1d98");
            e.Timestamp.Should().Be(Fired);
            e.Email.Should().Be(Email);
            e.Id.Should().NotContain("@").And.NotContain("mary");
        }
    }

    [Fact]
    public void ToDeliverabilityEvents_CleanedHard_IsHardBounceWithCampaignAndDomain()
    {
        DeliverabilityEvent bounce = MailchimpWebhookParser.Parse(Encode(Cleaned())).ToDeliverabilityEvents().Should().ContainSingle().Subject;

        bounce.Kind.Should().Be(DeliverabilityEventKind.Bounce);
        bounce.BounceType.Should().Be(GivenBounceType.Hard);
        bounce.JobId.Should().Be("4fjk2ma9xd");
        bounce.RecipientDomain.Should().Be("example.com");
        bounce.Diagnostic.Should().BeNull();
    }

    [Fact]
    public void ToDeliverabilityEvents_CleanedAbuse_IsComplaintNotBounce()
    {
        DeliverabilityEvent complaint = MailchimpWebhookParser.Parse(Encode(Cleaned("abuse"))).ToDeliverabilityEvents().Should().ContainSingle().Subject;

        complaint.Kind.Should().Be(DeliverabilityEventKind.Complaint);
        complaint.BounceType.Should().Be(GivenBounceType.Unknown);
        complaint.JobId.Should().Be("4fjk2ma9xd");
    }

    [Theory]
    [InlineData("HARD", 1)]
    [InlineData("soft", 0)]
    [InlineData("something-new", 0)]
    public void ToDeliverabilityEvents_CleanedReasons_OnlyDocumentedOnesMap(string reason, int expected) =>
        MailchimpWebhookParser.Parse(Encode(Cleaned(reason))).ToDeliverabilityEvents().Should().HaveCount(expected);

    [Fact]
    public void ToDeliverabilityEvents_SameBodyTwice_SameIds()
    {
        // A Mailchimp retry carries the same payload: the ids must repeat so the ledger drops the second copy.
        IEnumerable<string> first = MailchimpWebhookParser.Parse(Encode(Unsubscribe(reason: "abuse"))).ToDeliverabilityEvents().Select(e => e.Id);
        IEnumerable<string> second = MailchimpWebhookParser.Parse(Encode(Unsubscribe(reason: "abuse"))).ToDeliverabilityEvents().Select(e => e.Id);

        first.Should().Equal(second);
    }

    [Fact]
    public void ToDeliverabilityEvents_OtherTimeOrAddressCase_IdFollowsTimeNotCase()
    {
        string later = MailchimpWebhookParser.Parse(Encode(With(Cleaned(), "fired_at", "2009-03-26 21:35:58"))).ToDeliverabilityEvents()[0].Id;
        string upper = MailchimpWebhookParser.Parse(Encode(With(Cleaned(), "data[email]", Email.ToUpperInvariant()))).ToDeliverabilityEvents()[0].Id;
        string original = MailchimpWebhookParser.Parse(Encode(Cleaned())).ToDeliverabilityEvents()[0].Id;

        later.Should().NotBe(original);
        upper.Should().Be(original, "the hash lower-cases the address");
    }

    [Fact]
    public void ToDeliverabilityEvents_UpemailThenCleaned_NewAddressIsANewSubscriber()
    {
        var change = (MailchimpEmailChangedWebhookEvent)MailchimpWebhookParser.Parse(Encode(EmailChanged()));
        DeliverabilityEvent bounce = MailchimpWebhookParser.Parse(Encode(With(Cleaned(), "data[email]", NewEmail))).ToDeliverabilityEvents()[0];

        change.ToDeliverabilityEvents().Should().BeEmpty();
        bounce.SubscriberKey.Should().Be(change.NewSubscriberKey).And.NotBe(change.OldSubscriberKey);
    }
}
