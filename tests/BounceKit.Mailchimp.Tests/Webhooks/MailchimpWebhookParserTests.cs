using BounceKit.Mailchimp.Webhooks;
using static BounceKit.Mailchimp.Tests.Webhooks.WebhookPayloads;

namespace BounceKit.Mailchimp.Tests.Webhooks;

public class MailchimpWebhookParserTests
{
    [Theory]
    [InlineData("subscribe", typeof(MailchimpSubscribeWebhookEvent), "subscribe")]
    [InlineData("unsubscribe", typeof(MailchimpUnsubscribeWebhookEvent), "unsubscribe")]
    [InlineData("profile", typeof(MailchimpProfileWebhookEvent), "profile")]
    [InlineData("upemail", typeof(MailchimpEmailChangedWebhookEvent), "upemail")]
    [InlineData("cleaned", typeof(MailchimpCleanedWebhookEvent), "cleaned")]
    [InlineData("campaign", typeof(MailchimpCampaignWebhookEvent), "campaign")]
    [InlineData("smsSubscribe", typeof(MailchimpUnknownWebhookEvent), "smsSubscribe")]
    public void TryParse_EncodedBodyOfEachType_ReturnsTypedEventWithEnvelope(string payload, Type expectedType, string expectedWireType)
    {
        bool ok = MailchimpWebhookParser.TryParse(Encode(ByName(payload)), out MailchimpWebhookEvent? evt, out MailchimpWebhookError? error);

        ok.Should().BeTrue();
        error.Should().BeNull();
        evt.Should().BeOfType(expectedType);
        evt!.Type.ToString().Should().Be(expectedWireType);
        evt.ListId.Should().Be(ListId);
        evt.FiredAt.Should().Be(new DateTimeOffset(2009, 3, 26, 21, 35, 57, TimeSpan.Zero));
        evt.FiredAt.Offset.Should().Be(TimeSpan.Zero);
    }

    [Fact]
    public void TryParse_Subscribe_DecodesPercentPlusAndNestedMerges()
    {
        var evt = (MailchimpSubscribeWebhookEvent)MailchimpWebhookParser.Parse(Encode(Subscribe()));

        evt.Email.Should().Be(Email, "%2B is a literal '+' and %40 is '@'");
        evt.SubscriberKey.Should().Be(SubscriberHash.Compute(Email));
        evt.MemberId.Should().Be("8a25ff1d98");
        evt.EmailType.Should().Be("html");
        evt.IpOpt.Should().Be("10.20.10.30");
        evt.IpSignup.Should().Be("10.20.10.30");
        evt.Merges.Should().Contain("FNAME", "Mary Ann", "'+' is a space");
        evt.Merges.Should().Contain("LNAME", "Müller & Söhne", "%C3%BC is UTF-8 and %26 is a literal '&'");
        evt.Merges.Should().Contain("INTERESTS", "Group1,Group2");
        evt.Merges.Should().Contain("GROUPINGS[0][name]", "Interests");
        evt.Merges.Should().Contain("GROUPINGS[0][groups]", "Group1, Group2");
        evt.Merges["fname"].Should().Be("Mary Ann", "merge tags compare ignoring case");
        evt.Data.Should().Contain("data[merges][GROUPINGS][0][name]", "Interests");
        evt.Data.Should().NotContainKey("type").And.NotContainKey("fired_at");
    }

    [Fact]
    public void TryParse_LiteralMailchimpBody_ReadsFields()
    {
        // Written by hand as Mailchimp's legacy documentation shows it, not built by the test helper.
        const string body = "type=cleaned&fired_at=2009-03-26+22%3A01%3A00&data%5Blist_id%5D=a6b5da1054"
            + "&data%5Bcampaign_id%5D=4fjk2ma9xd&data%5Breason%5D=hard&data%5Bemail%5D=api%2Bx%40mailchimp.com";

        var evt = (MailchimpCleanedWebhookEvent)MailchimpWebhookParser.Parse(body);

        evt.Email.Should().Be("api+x@mailchimp.com");
        evt.Reason.Should().Be(MailchimpCleanedReason.Hard);
        evt.CampaignId.Should().Be("4fjk2ma9xd");
        evt.FiredAt.Should().Be(new DateTimeOffset(2009, 3, 26, 22, 1, 0, TimeSpan.Zero));
    }

    [Fact]
    public void TryParse_UnsubscribeAndCampaignAndUpemail_ReadTypeSpecificFields()
    {
        var unsubscribe = (MailchimpUnsubscribeWebhookEvent)MailchimpWebhookParser.Parse(Encode(Unsubscribe("delete", "abuse")));
        unsubscribe.Action.Should().Be(MailchimpUnsubscribeAction.Deleted);
        unsubscribe.Reason.Should().Be(MailchimpUnsubscribeReason.Abuse);
        unsubscribe.CampaignId.Should().Be("cb398d21d2");
        unsubscribe.Merges.Should().Contain("FNAME", "Mary Ann");

        var campaign = (MailchimpCampaignWebhookEvent)MailchimpWebhookParser.Parse(Encode(Campaign()));
        campaign.CampaignId.Should().Be("5aa2102003");
        campaign.Status.Should().Be(MailchimpCampaignStatus.Sent);
        campaign.Subject.Should().Be("Hello mary.ann@example.com: news");
        campaign.Reason.Should().BeNull("an empty reason is absent");

        var upemail = (MailchimpEmailChangedWebhookEvent)MailchimpWebhookParser.Parse(Encode(EmailChanged()));
        upemail.OldEmail.Should().Be(Email);
        upemail.NewEmail.Should().Be(NewEmail);
        upemail.NewId.Should().Be("51da8c3259");
        upemail.OldSubscriberKey.Should().Be(SubscriberHash.Compute(Email));
        upemail.NewSubscriberKey.Should().Be(SubscriberHash.Compute(NewEmail));
    }

    [Fact]
    public void TryParse_UnknownType_KeepsDataAndIsNotAnError()
    {
        var evt = (MailchimpUnknownWebhookEvent)MailchimpWebhookParser.Parse(Encode(("type", "upsms"), ("fired_at", FiredAt), ("data[sms_phone]", "+15555550100")));

        evt.Type.Should().Be(new MailchimpWebhookType("upsms"));
        evt.ListId.Should().BeNull("an unknown type need not carry a list id");
        evt.Data.Should().Contain("data[sms_phone]", "+15555550100");
    }

    [Theory]
    [InlineData("CLEANED")]
    [InlineData(" cleaned ")]
    public void TryParse_TypeInOtherCaseOrPadded_IsRecognised(string type) =>
        MailchimpWebhookParser.Parse(Encode(With(Cleaned(), "type", type))).Should().BeOfType<MailchimpCleanedWebhookEvent>();

    [Fact]
    public void TryParse_RepeatedField_LastValueWins()
    {
        string body = Encode(Cleaned()) + "&" + Encode(("data[reason]", "abuse"));

        ((MailchimpCleanedWebhookEvent)MailchimpWebhookParser.Parse(body)).Reason.Should().Be(MailchimpCleanedReason.Abuse);
    }

    [Fact]
    public void TryParse_DecodedPairs_GiveTheSameEventAsTheEncodedBody()
    {
        IEnumerable<KeyValuePair<string, string>> pairs = Subscribe().Select(f => new KeyValuePair<string, string>(f.Item1, f.Item2));

        var fromPairs = (MailchimpSubscribeWebhookEvent)MailchimpWebhookParser.Parse(pairs);
        var fromBody = (MailchimpSubscribeWebhookEvent)MailchimpWebhookParser.Parse(Encode(Subscribe()));

        fromPairs.Data.Should().Equal(fromBody.Data);
        fromPairs.Merges.Should().Equal(fromBody.Merges);
        fromPairs.Email.Should().Be(fromBody.Email);
        fromPairs.ToDeliverabilityEvents().Should().Equal(fromBody.ToDeliverabilityEvents());
    }

    [Fact]
    public void TryParse_MalformedEscapesAndBrackets_AreKeptLeniently()
    {
        string body = Encode(Cleaned()) + "&data%5Bmerges%5D%5BBROKEN=x&data%5Bnote%5D=100%25+sure%ZZ&&=";

        var evt = MailchimpWebhookParser.Parse(body);

        evt.Data.Should().Contain("data[merges][BROKEN", "x");
        evt.Data.Should().Contain("data[note]", "100% sure%ZZ");
    }

    public static TheoryData<string, string, MailchimpWebhookErrorKind, string> InvalidRows => new()
    {
        { "", "type", MailchimpWebhookErrorKind.MissingField, "field 'type' is missing" },
        { Encode(Without(Cleaned(), "type")), "type", MailchimpWebhookErrorKind.MissingField, "field 'type' is missing" },
        { Encode(With(Cleaned(), "type", "  ")), "type", MailchimpWebhookErrorKind.MissingField, "field 'type' is missing" },
        { Encode(Without(Cleaned(), "fired_at")), "fired_at", MailchimpWebhookErrorKind.MissingField, "field 'fired_at' is missing for type 'cleaned'" },
        { Encode(With(Cleaned(), "fired_at", "2009-03-26T21:35:57Z")), "fired_at", MailchimpWebhookErrorKind.InvalidValue, "field 'fired_at' is not a date and time in the form YYYY-MM-DD HH:MM:SS for type 'cleaned'" },
        { Encode(With(Cleaned(), "fired_at", "2009-02-30 21:35:57")), "fired_at", MailchimpWebhookErrorKind.InvalidValue, "field 'fired_at' is not a date and time in the form YYYY-MM-DD HH:MM:SS for type 'cleaned'" },
        { Encode(Without(Cleaned(), "data[email]")), "data[email]", MailchimpWebhookErrorKind.MissingField, "field 'data[email]' is missing for type 'cleaned'" },
        { Encode(With(Cleaned(), "data[email]", " ")), "data[email]", MailchimpWebhookErrorKind.MissingField, "field 'data[email]' is missing for type 'cleaned'" },
        { Encode(Without(Cleaned(), "data[reason]")), "data[reason]", MailchimpWebhookErrorKind.MissingField, "field 'data[reason]' is missing for type 'cleaned'" },
        { Encode(Without(Cleaned(), "data[list_id]")), "data[list_id]", MailchimpWebhookErrorKind.MissingField, "field 'data[list_id]' is missing for type 'cleaned'" },
        { Encode(With(Cleaned(), "data[list_id]", "x@example.com")), "data[list_id]", MailchimpWebhookErrorKind.InvalidValue, "field 'data[list_id]' is not a Mailchimp list id (letters, digits, '-', '_', '.'; at most 64) for type 'cleaned'" },
        { Encode(With(Cleaned(), "data[list_id]", "a6b5:da1054")), "data[list_id]", MailchimpWebhookErrorKind.InvalidValue, "field 'data[list_id]' is not a Mailchimp list id (letters, digits, '-', '_', '.'; at most 64) for type 'cleaned'" },
        { Encode(Without(Subscribe(), "data[email]")), "data[email]", MailchimpWebhookErrorKind.MissingField, "field 'data[email]' is missing for type 'subscribe'" },
        { Encode(Without(Unsubscribe(), "data[email]")), "data[email]", MailchimpWebhookErrorKind.MissingField, "field 'data[email]' is missing for type 'unsubscribe'" },
        { Encode(Without(Profile(), "data[email]")), "data[email]", MailchimpWebhookErrorKind.MissingField, "field 'data[email]' is missing for type 'profile'" },
        { Encode(Without(EmailChanged(), "data[old_email]")), "data[old_email]", MailchimpWebhookErrorKind.MissingField, "field 'data[old_email]' is missing for type 'upemail'" },
        { Encode(Without(EmailChanged(), "data[new_email]")), "data[new_email]", MailchimpWebhookErrorKind.MissingField, "field 'data[new_email]' is missing for type 'upemail'" },
        { Encode(Without(Campaign(), "data[id]")), "data[id]", MailchimpWebhookErrorKind.MissingField, "field 'data[id]' is missing for type 'campaign'" },
        { Encode(With(Without(SmsSubscribe(), "fired_at"), "type", "sms@example.com")), "fired_at", MailchimpWebhookErrorKind.MissingField, "field 'fired_at' is missing for type '(not shown)'" },
    };

    [Theory]
    [MemberData(nameof(InvalidRows))]
    public void TryParse_InvalidBody_ReturnsErrorNamingTheField(string body, string field, MailchimpWebhookErrorKind kind, string message)
    {
        bool ok = MailchimpWebhookParser.TryParse(body, out MailchimpWebhookEvent? evt, out MailchimpWebhookError? error);

        ok.Should().BeFalse();
        evt.Should().BeNull();
        error!.Field.Should().Be(field);
        error.Kind.Should().Be(kind);
        error.Message.Should().Be(message);
        error.Message.Should().NotContain("@");
    }

    [Theory]
    [MemberData(nameof(InvalidRows))]
    public void Parse_InvalidBody_ThrowsFormatExceptionNamingTheField(string body, string field, MailchimpWebhookErrorKind kind, string message)
    {
        MailchimpWebhookFormatException thrown = FluentActions.Invoking(() => MailchimpWebhookParser.Parse(body))
            .Should().Throw<MailchimpWebhookFormatException>().Which;

        thrown.Message.Should().Be(message);
        thrown.Field.Should().Be(field);
        thrown.Error.Kind.Should().Be(kind);
        thrown.Should().BeAssignableTo<FormatException>();
    }

    [Fact]
    public void TryParse_Null_ReturnsMissingTypeWithoutThrowing()
    {
        MailchimpWebhookParser.TryParse((string?)null, out _, out MailchimpWebhookError? fromBody).Should().BeFalse();
        MailchimpWebhookParser.TryParse((IEnumerable<KeyValuePair<string, string>>?)null, out _, out MailchimpWebhookError? fromPairs).Should().BeFalse();
        fromBody!.Field.Should().Be("type");
        fromPairs!.Field.Should().Be("type");
    }

    [Fact]
    public void TryParse_PairsWithNullKeysAndValues_SkipsOrEmptiesThemWithoutThrowing()
    {
        var pairs = new List<KeyValuePair<string, string>>(Cleaned().Select(f => new KeyValuePair<string, string>(f.Item1, f.Item2)))
        {
            new(null!, "x"),
            new("data[email]", null!),
        };

        MailchimpWebhookParser.TryParse(pairs, out _, out MailchimpWebhookError? error).Should().BeFalse();
        error!.Field.Should().Be("data[email]", "a null value is an empty one, and the last value wins");
    }

    [Fact]
    public void Parse_Null_ThrowsArgumentNull()
    {
        FluentActions.Invoking(() => MailchimpWebhookParser.Parse((string)null!)).Should().Throw<ArgumentNullException>();
        FluentActions.Invoking(() => MailchimpWebhookParser.Parse((IEnumerable<KeyValuePair<string, string>>)null!)).Should().Throw<ArgumentNullException>();
    }
}
