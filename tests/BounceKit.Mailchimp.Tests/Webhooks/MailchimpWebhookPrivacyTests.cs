using BounceKit.Mailchimp.Webhooks;
using static BounceKit.Mailchimp.Tests.Webhooks.WebhookPayloads;

namespace BounceKit.Mailchimp.Tests.Webhooks;

public class MailchimpWebhookPrivacyTests
{
    [Theory]
    [MemberData(nameof(AllNames), MemberType = typeof(WebhookPayloads))]
    public void ToString_EveryType_ShowsNoAddress(string payload)
    {
        MailchimpWebhookEvent evt = MailchimpWebhookParser.Parse(Encode(ByName(payload)));

        string text = evt.ToString();

        text.Should().NotContain("@").And.NotContain("mary", "the address, its local part and the subject must not appear");
        text.Should().Contain(evt.Type.ToString()).And.Contain(ListId).And.Contain("2009-03-26 21:35:57Z");
    }

    [Theory]
    [InlineData("subscribe")]
    [InlineData("unsubscribe")]
    [InlineData("profile")]
    [InlineData("cleaned")]
    public void ToString_MemberEvent_IdentifiesMemberByHash(string payload) =>
        MailchimpWebhookParser.Parse(Encode(ByName(payload))).ToString().Should().Contain("member " + SubscriberHash.Compute(Email));

    [Fact]
    public void ToString_CleanedEvent_HasTheDocumentedShape() =>
        MailchimpWebhookParser.Parse(Encode(Cleaned())).ToString().Should().Be(
            $"Mailchimp cleaned webhook, list {ListId}, fired 2009-03-26 21:35:57Z, member {SubscriberHash.Compute(Email)}, reason hard, campaign 4fjk2ma9xd");

    [Fact]
    public void ToString_HostileTokenValues_AreNotEchoed()
    {
        // An address in a field that is normally a short token (campaign id, reason, type) is not shown either.
        MailchimpWebhookEvent evt = MailchimpWebhookParser.Parse(Encode(
            With(With(Cleaned(), "data[campaign_id]", "y@example.com"), "data[reason]", "z@example.com")));
        MailchimpWebhookEvent unknown = MailchimpWebhookParser.Parse(Encode(With(With(SmsSubscribe(), "type", "x@example.com"), "data[list_id]", "w@example.com")));

        evt.ToString().Should().NotContain("@").And.Contain("(not shown)");
        unknown.ToString().Should().Be("Mailchimp (not shown) webhook, list (not shown), fired 2009-03-26 21:35:57Z, 3 data fields");
    }
}
