using BounceKit.Events;
using BounceKit.Policy;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace BounceKit.Tests.Policy;

public class PolicyTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 10, 0, 0, TimeSpan.Zero);

    private static DeliverabilityEvent Bounce(string id, double day, GivenBounceType type = GivenBounceType.Soft, string? job = null, string? domain = "example.com", string? text = null) =>
        new(id, "s1", T0.AddDays(day), DeliverabilityEventKind.Bounce) { BounceType = type, JobId = job ?? id, RecipientDomain = domain, Diagnostic = text };

    private static DeliverabilityEvent Event(string id, double day, DeliverabilityEventKind kind) => new(id, "s1", T0.AddDays(day), kind);

    private static SubscriberState Sfmc(params DeliverabilityEvent[] events) => new SfmcPolicy().Evaluate("s1", events).State;

    private static SubscriberState Sfmc(SfmcPolicyOptions options, params DeliverabilityEvent[] events) => new SfmcPolicy(options).Evaluate("s1", events).State;

    private static SubscriberState Mailchimp(params DeliverabilityEvent[] events) => new MailchimpPolicy().Evaluate("s1", events).State;

    [Theory]
    [InlineData(BounceAction.Suppress, BounceAction.Count, "gmail.com", SubscriberStatus.Held, "held: hard bounce from trusted ISP gmail.com")]
    [InlineData(BounceAction.Count, BounceAction.Count, "gmail.com", SubscriberStatus.Bounced, "bounced: 1 of 3 bounces, 0 days since the first")]
    [InlineData(BounceAction.Suppress, BounceAction.Count, "small-isp.example", SubscriberStatus.Bounced, "bounced: 1 of 3 bounces, 0 days since the first")]
    [InlineData(BounceAction.Suppress, BounceAction.Suppress, "small-isp.example", SubscriberStatus.Held, "held: hard bounce from small-isp.example, OtherHardBounceAction Suppress")]
    public void Sfmc_HardBounceActions_DecideWhetherOneHardBounceHolds(BounceAction trusted, BounceAction other, string domain, SubscriberStatus expected, string decision)
    {
        SubscriberState state = Sfmc(new SfmcPolicyOptions { TrustedIspHardBounceAction = trusted, OtherHardBounceAction = other }, Bounce("e1", 0, GivenBounceType.Hard, domain: domain));

        state.Status.Should().Be(expected);
        state.Decision.Should().Be(decision);
        state.IsSuppressed.Should().Be(expected == SubscriberStatus.Held);
    }

    [Theory]
    [InlineData(BounceAction.Suppress, BounceAction.Suppress, false, SubscriberStatus.Cleaned)]
    [InlineData(BounceAction.Suppress, BounceAction.Suppress, true, SubscriberStatus.Cleaned)]
    [InlineData(BounceAction.Suppress, BounceAction.Count, true, SubscriberStatus.Subscribed)]
    [InlineData(BounceAction.Suppress, BounceAction.Count, false, SubscriberStatus.Cleaned)]
    [InlineData(BounceAction.Count, BounceAction.Suppress, false, SubscriberStatus.Subscribed)]
    public void Mailchimp_HardBounceActions_CanKeepAnEngagedContact(BounceAction plain, BounceAction engaged, bool opened, SubscriberStatus expected)
    {
        var policy = new MailchimpPolicy(new MailchimpPolicyOptions { HardBounceAction = plain, EngagedHardBounceAction = engaged });
        DeliverabilityEvent[] events = opened
            ? [Event("o1", 0, DeliverabilityEventKind.Open), Bounce("e1", 1, GivenBounceType.Hard)]
            : [Bounce("e1", 1, GivenBounceType.Hard)];

        SubscriberState state = policy.Evaluate("s1", events).State;

        state.Status.Should().Be(expected);
        state.BounceCount.Should().Be(1, "the bounce is recorded either way");
        state.SoftBounceCount.Should().Be(0, "a hard bounce never counts as soft");
        if (expected == SubscriberStatus.Subscribed)
        {
            state.Decision.Should().StartWith("subscribed: hard bounce noted, not cleaned");
        }
    }

    [Fact]
    public void PolicyOptions_UndefinedActions_AreRefusedWithTheSettingNamed()
    {
        FluentActions.Invoking(() => new SfmcPolicy(new SfmcPolicyOptions { OtherHardBounceAction = (BounceAction)9 }))
            .Should().Throw<ArgumentException>().WithMessage("*OtherHardBounceAction is 9: use Suppress or Count*");
        FluentActions.Invoking(() => new MailchimpPolicy(new MailchimpPolicyOptions { EngagedHardBounceAction = (BounceAction)9 }))
            .Should().Throw<ArgumentException>().WithMessage("*EngagedHardBounceAction is 9*");
    }

    [Theory]
    [InlineData(14.0, SubscriberStatus.Bounced)]
    [InlineData(14.99, SubscriberStatus.Bounced)]
    [InlineData(15.0, SubscriberStatus.Held)]
    [InlineData(19.0, SubscriberStatus.Held)]
    public void Sfmc_MinimumSpan_ThreeBouncesNeedFifteenDays(double lastDay, SubscriberStatus expected)
    {
        SubscriberState s = Sfmc(Bounce("b1", 0), Bounce("b2", 7), Bounce("b3", lastDay));

        s.Status.Should().Be(expected);
        s.BounceCount.Should().Be(3);
        s.IsSuppressed.Should().Be(expected == SubscriberStatus.Held);
        if (expected == SubscriberStatus.Held)
        {
            s.Decision.Should().Be($"held: 3 bounces over {(int)lastDay} days, rule MinimumSpan");
            s.HardBounceDate.Should().Be(T0.AddDays(lastDay));
        }
    }

    [Fact]
    public void Sfmc_TwoBouncesNeverHold_WhateverTheSpan()
    {
        Sfmc(Bounce("b1", 0), Bounce("b2", 40)).Status.Should().Be(SubscriberStatus.Bounced);
    }

    [Theory]
    [InlineData(HeldThresholdMode.SlidingWindow, 3.0, SubscriberStatus.Held)]
    [InlineData(HeldThresholdMode.SlidingWindow, 20.0, SubscriberStatus.Bounced)]
    [InlineData(HeldThresholdMode.MinimumSpan, 3.0, SubscriberStatus.Bounced)]
    public void Sfmc_Modes_ReadTheThresholdDifferently(HeldThresholdMode mode, double lastDay, SubscriberStatus expected)
    {
        var options = new SfmcPolicyOptions { Mode = mode };

        Sfmc(options, Bounce("b1", 0), Bounce("b2", 1), Bounce("b3", lastDay)).Status.Should().Be(expected);
    }

    [Theory]
    [InlineData("gmail.com", null, SubscriberStatus.Held)]
    [InlineData("hotmail.co.uk", null, SubscriberStatus.Held)]
    [InlineData("contoso.example", "contoso-example.mail.protection.outlook.com", SubscriberStatus.Held)]
    [InlineData("small-isp.example", null, SubscriberStatus.Bounced)]
    public void Sfmc_HardBounceFromATrustedIsp_HoldsAtOnce(string domain, string? remoteMta, SubscriberStatus expected)
    {
        var hard = new DeliverabilityEvent("b1", "s1", T0, DeliverabilityEventKind.Bounce) { BounceType = GivenBounceType.Hard, RecipientDomain = domain, RemoteMta = remoteMta };

        SubscriberState s = Sfmc(hard);

        s.Status.Should().Be(expected);
        if (expected == SubscriberStatus.Held)
        {
            s.Decision.Should().StartWith("held: hard bounce from trusted ISP");
        }
    }

    [Theory]
    [InlineData("hotmail.de", true)]
    [InlineData("yahoo.com.br", true)]
    [InlineData("live.example.com", false)]
    [InlineData("livemail.com", false)]
    [InlineData("mx.gmail.com", true)]
    [InlineData("notgmail.com", false)]
    [InlineData("GMAIL.com.", true)]
    [InlineData("gmail.com.attacker.example", false)]
    [InlineData("hotmail.example.com", false)]
    [InlineData("yahoo.co.jp", true)]
    [InlineData("com", false)]
    public void TrustedIsps_Patterns(string domain, bool trusted)
    {
        TrustedIspPolicy.Default.IsTrusted(domain, null).Should().Be(trusted);
    }

    [Theory]
    [InlineData("gmail-smtp-in.l.google.com", true)]
    [InlineData("google.com", false)]
    [InlineData("contoso-com.mail.protection.outlook.com", true)]
    [InlineData("mx.gmail.com", true)]
    [InlineData("google.com.attacker.example", false)]
    [InlineData("mx1.small-isp.example", false)]
    public void TrustedIsps_MtaPatterns(string mta, bool trusted) =>
        TrustedIspPolicy.Default.IsTrusted("custom.example", mta).Should().Be(trusted);

    [Fact]
    public void Evaluate_EventsOfAnotherSubscriber_AreRefused()
    {
        var other = new DeliverabilityEvent("x", "s2", T0, DeliverabilityEventKind.Open);
        Action act = () => new SfmcPolicy().Evaluate("s1", [other]);

        act.Should().Throw<ArgumentException>().WithMessage("*belongs to subscriber 's2', not 's1'*");
    }

    [Fact]
    public void Sfmc_SoftBounceFromTrustedIsp_DoesNotHold()
    {
        Sfmc(Bounce("b1", 0, GivenBounceType.Soft, domain: "gmail.com")).Status.Should().Be(SubscriberStatus.Bounced);
    }

    [Theory]
    [InlineData(DeliverabilityEventKind.Open)]
    [InlineData(DeliverabilityEventKind.Click)]
    public void Sfmc_EngagementAfterHeld_ResetsToActive_AndClearsTheFlag(DeliverabilityEventKind kind)
    {
        PolicyResult r = new SfmcPolicy().Evaluate("s1", [Bounce("b1", 0), Bounce("b2", 8), Bounce("b3", 16), Event("o1", 17, kind), Bounce("b4", 18)]);

        r.State.Status.Should().Be(SubscriberStatus.Bounced, "the series restarted after the open");
        r.State.BounceCount.Should().Be(1);
        r.Transitions.Select(t => t.To).Should().Equal(SubscriberStatus.Bounced, SubscriberStatus.Held, SubscriberStatus.Active, SubscriberStatus.Bounced);
        CrmProjection.From(r.State).HardBounce.Should().BeFalse();
    }

    [Fact]
    public void Sfmc_EngagementBeforeBounces_ChangesNothing()
    {
        Sfmc(Event("o1", 0, DeliverabilityEventKind.Open), Bounce("b1", 1), Bounce("b2", 8), Bounce("b3", 16)).Status.Should().Be(SubscriberStatus.Held);
    }

    [Fact]
    public void RetrySeries_OfOneJob_CountsOnce()
    {
        SubscriberState s = Sfmc(Bounce("b1", 0, job: "j1"), Bounce("b2", 0.5, job: "j1"), Bounce("b3", 20, job: "j1"), Bounce("b4", 21, job: "j2"));

        s.BounceCount.Should().Be(2);
        s.Status.Should().Be(SubscriberStatus.Bounced);
    }

    [Fact]
    public void RepeatedEventIds_CountOnce()
    {
        DeliverabilityEvent b = Bounce("b1", 0);
        Sfmc(b, b, b, Bounce("b2", 8)).BounceCount.Should().Be(2);
    }

    [Fact]
    public void Unsubscribe_ChangesConsentOnly_AndBouncesNeverChangeConsent()
    {
        SubscriberState s = Sfmc(Event("u1", 0, DeliverabilityEventKind.Unsubscribe), Bounce("b1", 1), Bounce("b2", 8), Bounce("b3", 16));

        s.Consent.Should().Be(ConsentStatus.Unsubscribed);
        s.Status.Should().Be(SubscriberStatus.Held);
        Sfmc(Bounce("b1", 1, GivenBounceType.Hard, domain: "gmail.com")).Consent.Should().Be(ConsentStatus.Unknown);
    }

    [Theory]
    [InlineData(6, false, SubscriberStatus.Subscribed)]
    [InlineData(7, false, SubscriberStatus.Cleaned)]
    [InlineData(14, true, SubscriberStatus.Subscribed)]
    [InlineData(15, true, SubscriberStatus.Cleaned)]
    public void Mailchimp_SoftBounces_CleanAtSevenOrFifteen(int softBounces, bool engaged, SubscriberStatus expected)
    {
        var events = new List<DeliverabilityEvent>();
        if (engaged)
        {
            events.Add(Event("o0", -1, DeliverabilityEventKind.Open));
        }

        for (int i = 0; i < softBounces; i++)
        {
            events.Add(Bounce($"b{i}", i));
        }

        SubscriberState s = new MailchimpPolicy().Evaluate("s1", events).State;

        s.Status.Should().Be(expected);
        s.SoftBounceCount.Should().Be(softBounces);
    }

    [Fact]
    public void Mailchimp_HardBounce_CleansAtOnce_AndCleanedIsNeverResubscribed()
    {
        SubscriberState s = Mailchimp(Bounce("b1", 0, GivenBounceType.Hard), Event("s1", 1, DeliverabilityEventKind.Subscribe), Event("o1", 2, DeliverabilityEventKind.Open));

        s.Status.Should().Be(SubscriberStatus.Cleaned);
        s.Decision.Should().Contain("never re-subscribed");
        CrmProjection.From(s).HardBounce.Should().BeTrue();
    }

    [Fact]
    public void Mailchimp_Unsubscribed_ReturnsOnlyThroughItsOwnSubscribe()
    {
        Mailchimp(Event("u1", 0, DeliverabilityEventKind.Unsubscribe)).Status.Should().Be(SubscriberStatus.Unsubscribed);
        Mailchimp(Event("u1", 0, DeliverabilityEventKind.Unsubscribe), Event("s1", 1, DeliverabilityEventKind.Subscribe)).Status.Should().Be(SubscriberStatus.Subscribed);
    }

    [Fact]
    public void BounceWithoutGivenType_IsClassifiedFromItsText()
    {
        var e = new DeliverabilityEvent("b1", "s1", T0, DeliverabilityEventKind.Bounce) { Diagnostic = "550 5.1.1 user unknown", RecipientDomain = "gmail.com" };

        SubscriberState s = Sfmc(e);

        s.Status.Should().Be(SubscriberStatus.Held);
        s.LastBounceReason.Should().Be(BounceKit.Classification.BounceReason.UserUnknown);
        Sfmc(new DeliverabilityEvent("b1", "s1", T0, DeliverabilityEventKind.Bounce) { Diagnostic = "452 4.2.2 mailbox full", RecipientDomain = "gmail.com" })
            .Status.Should().Be(SubscriberStatus.Bounced);
    }

    [Fact]
    public void BlockBounces_CountByDefault_AndCanBeLeftOut()
    {
        DeliverabilityEvent[] blocks =
        [
            new("b1", "s1", T0, DeliverabilityEventKind.Bounce) { Diagnostic = "554 5.7.1 Service unavailable; client host blocked using zen.spamhaus.org" },
            new("b2", "s1", T0.AddDays(8), DeliverabilityEventKind.Bounce) { Diagnostic = "554 5.7.1 Service unavailable; client host blocked using zen.spamhaus.org" },
            new("b3", "s1", T0.AddDays(16), DeliverabilityEventKind.Bounce) { Diagnostic = "554 5.7.1 Service unavailable; client host blocked using zen.spamhaus.org" },
        ];

        new SfmcPolicy().Evaluate("s1", blocks).State.Status.Should().Be(SubscriberStatus.Held, "SFMC counts every bounce");
        SubscriberState s = new SfmcPolicy(new SfmcPolicyOptions { CountBlockBounces = false }).Evaluate("s1", blocks).State;
        s.Status.Should().Be(SubscriberStatus.Active);
        s.BounceCount.Should().Be(0);
        s.LastBounce.Should().Be(T0.AddDays(16));
        s.LastBounceReason.Should().Be(BounceKit.Classification.BounceReason.Blocked);
    }

    [Fact]
    public void CrmProjection_TruncatesTheReason_AndKeepsConsentApart()
    {
        SubscriberState s = Sfmc(Event("u1", 0, DeliverabilityEventKind.Unsubscribe), Bounce("b1", 1, text: new string('x', 600)));

        CrmProjection p = CrmProjection.From(s, reasonLength: 255);

        p.LastBounceReason.Should().HaveLength(255);
        p.HardBounce.Should().BeFalse();
        p.HardBounceDate.Should().BeNull();
        p.Unsubscribed.Should().BeTrue();
        p.LastBounceDate.Should().Be(T0.AddDays(1));
    }

    [Fact]
    public void CrmProjection_NeverCutsASurrogatePairInHalf()
    {
        // An emoji (two UTF-16 units) straddling the limit: keep neither half rather than half a character.
        SubscriberState s = Sfmc(Bounce("b1", 1, text: new string('x', 254) + "\U0001F4E7 mailbox full"));

        string reason = CrmProjection.From(s, reasonLength: 255).LastBounceReason!;

        reason.Should().Be(new string('x', 254));
        CrmProjection.From(s, reasonLength: 256).LastBounceReason.Should().Be(new string('x', 254) + "\U0001F4E7");
    }

    [Fact]
    public void CrmProjection_Consent_IsUnknownUntilTheSubscriberSaysSomething()
    {
        CrmProjection.From(Sfmc(Bounce("b1", 0, GivenBounceType.Hard, domain: "gmail.com"))).Consent.Should().Be(ConsentStatus.Unknown, "a bounce says nothing about consent");
        CrmProjection.From(Sfmc(Event("s1", 0, DeliverabilityEventKind.Subscribe))).Consent.Should().Be(ConsentStatus.Subscribed);
        CrmProjection.From(Sfmc(Event("u1", 0, DeliverabilityEventKind.Unsubscribe))).Consent.Should().Be(ConsentStatus.Unsubscribed);
    }

    [Theory]
    [InlineData(0, 15, "*Count is 0*")]
    [InlineData(3, 0, "*Days is 0*")]
    public void SfmcOptions_Invalid_NameTheSettingAndTheFix(int count, int days, string message)
    {
        Action act = () => _ = new SfmcPolicy(new SfmcPolicyOptions { Count = count, Days = days });

        act.Should().Throw<ArgumentException>().WithMessage(message);
    }

    [Fact]
    public void MailchimpOptions_EngagedBelowUnengaged_IsRefused()
    {
        Action act = () => _ = new MailchimpPolicy(new MailchimpPolicyOptions { SoftBouncesWithEngagement = 5 });

        act.Should().Throw<ArgumentException>().WithMessage("*SoftBouncesWithEngagement (5) is below SoftBouncesWithoutEngagement (7)*");
    }

    [Property(MaxTest = 200)]
    public bool ShuffledAndRepeatedInput_GivesTheSameState(PositiveInt seed)
    {
        var random = new Random(seed.Get);
        var events = new List<DeliverabilityEvent>();
        string[] jobs = ["j1", "j2", "j3", "j4", "j5"];
        for (int i = 0; i < 12; i++)
        {
            double day = random.Next(0, 40) + (i / 100.0);
            events.Add(random.Next(5) switch
            {
                0 => Event($"o{i}", day, DeliverabilityEventKind.Open),
                1 => Event($"u{i}", day, DeliverabilityEventKind.Unsubscribe),
                _ => Bounce($"b{i}", day, random.Next(4) == 0 ? GivenBounceType.Hard : GivenBounceType.Soft, jobs[random.Next(jobs.Length)], random.Next(2) == 0 ? "gmail.com" : "example.com"),
            });
        }

        var shuffled = events.Concat(events.Take(3)).OrderBy(_ => random.Next()).ToList();
        foreach (SuppressionPolicy policy in new SuppressionPolicy[] { new SfmcPolicy(), new MailchimpPolicy() })
        {
            if (policy.Evaluate("s1", events).State != policy.Evaluate("s1", shuffled).State)
            {
                return false;
            }
        }

        return true;
    }
}
