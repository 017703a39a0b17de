using BounceKit.Classification;
using BounceKit.MarketingCloud.Planning;
using BounceKit.Policy;

namespace BounceKit.MarketingCloud.Tests.Planning;

public class SfmcHeldPlannerTests
{
    private const string Contact = "0035g00000AbCdEAAA";
    private const string Lead = "00Q5g00000XyZabAAA";
    private static readonly DateTimeOffset Until = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);
    private static readonly SfmcPlanOptions Day = new() { Since = Until.AddDays(-1), Until = Until };

    private static SfmcBounceRecord Bounce(string key, double hoursAgo, SfmcBounceCategory? category = null, string? reason = "550 5.1.1 user unknown", int? code = 550) => new()
    {
        SubscriberKey = key,
        EventDate = Until.AddHours(-hoursAgo),
        BounceCategory = category ?? SfmcBounceCategory.Soft,
        SmtpBounceReason = reason,
        SmtpCode = code,
        JobId = 1,
    };

    private static SfmcSubscriberRecord Subscriber(string key, string status) => new() { SubscriberKey = key, Status = status, EmailAddress = key + "@example.com" };

    [Fact]
    public void Plan_HeldWithBounceInWindow_IsFlagged_DatedByTheLatestBounce()
    {
        IReadOnlyList<SfmcPlanRow> plan = SfmcHeldPlanner.Plan(
            [Bounce(Contact, 20, reason: "older"), Bounce(Contact, 2, SfmcBounceCategory.Hard, "552 5.2.2 mailbox full", 552), Bounce(Contact, 10, reason: "middle")],
            [Subscriber(Contact, "held")],
            null,
            Day);

        plan.Should().ContainSingle().Which.Should().BeEquivalentTo(new
        {
            SubscriberKey = Contact,
            CrmObject = SalesforceObject.Contact,
            Action = SfmcPlanAction.Flag,
            HardBounceDate = (DateTimeOffset?)Until.AddHours(-2),
            Reason = "552 5.2.2 mailbox full",
            BounceCategory = "Hard bounce",
            SmtpCode = (int?)552,
            Email = Contact + "@example.com",
        });
    }

    [Theory]
    [InlineData("bounced")]
    [InlineData("active")]
    [InlineData("unsubscribed")]
    public void Plan_NotHeld_IsNeverFlagged_WhateverTheBounce(string status)
    {
        SfmcHeldPlanner.Plan([Bounce(Contact, 1, SfmcBounceCategory.Hard)], [Subscriber(Contact, status)], null, Day).Should().BeEmpty("a Hard bounce row is not proof the address is dead");
    }

    [Theory]
    [InlineData(23.99, true)]
    [InlineData(24.0, true)]
    [InlineData(24.01, false)]
    [InlineData(0.01, true)]
    [InlineData(0.0, false)]
    public void Plan_Window_IncludesSinceAndExcludesUntil(double hoursAgo, bool flagged)
    {
        SfmcHeldPlanner.Plan([Bounce(Contact, hoursAgo)], [Subscriber(Contact, "held")], null, Day).Should().HaveCount(flagged ? 1 : 0);
    }

    [Fact]
    public void Plan_RequireHardBounce_FlagsOnlyWhenTheWindowHasAHardBounceRow()
    {
        var options = new SfmcPlanOptions { Since = Day.Since, Until = Day.Until, RequireHardBounce = true };

        IReadOnlyList<SfmcPlanRow> plan = SfmcHeldPlanner.Plan(
            [Bounce(Contact, 5, SfmcBounceCategory.Hard), Bounce(Contact, 1), Bounce(Lead, 1), Bounce(Lead, 30, SfmcBounceCategory.Hard)],
            [Subscriber(Contact, "held"), Subscriber(Lead, "held")],
            null,
            options);

        plan.Should().ContainSingle().Which.SubscriberKey.Should().Be(Contact);
        plan[0].HardBounceDate.Should().Be(Until.AddHours(-1), "dated by the latest bounce, even if the hard one came earlier");
    }

    [Fact]
    public void Plan_ClearsFlaggedKeysThatAreActiveAgain_Only()
    {
        IReadOnlyList<SfmcPlanRow> plan = SfmcHeldPlanner.Plan(
            [],
            [Subscriber(Contact, "active"), Subscriber(Lead, "bounced"), Subscriber("0035g00000Other", "active")],
            [Contact, Lead, " ", "0035g00000Missing"],
            Day);

        plan.Should().ContainSingle().Which.Should().BeEquivalentTo(new { SubscriberKey = Contact, Action = SfmcPlanAction.Clear, CrmObject = SalesforceObject.Contact, HardBounceDate = (DateTimeOffset?)null });
    }

    [Fact]
    public void Plan_IsOneRowPerSubscriber_OrderedByKey()
    {
        IReadOnlyList<SfmcPlanRow> plan = SfmcHeldPlanner.Plan(
            [Bounce("b-key", 1), Bounce("a-key", 1), Bounce("b-key", 2), Bounce(Lead, 3)],
            [Subscriber("b-key", "held"), Subscriber(Lead, "held"), Subscriber("a-key", "held")],
            null,
            Day);

        plan.Select(r => r.SubscriberKey).Should().Equal(Lead, "a-key", "b-key");
        plan.Select(r => r.CrmObject).Should().Equal(SalesforceObject.Lead, SalesforceObject.Unknown, SalesforceObject.Unknown);
    }

    [Theory]
    [InlineData(500, 500)]
    [InlineData(255, 255)]
    [InlineData(1000, 700)]
    public void Plan_Reason_IsCutToTheTargetLength(int length, int expected)
    {
        var options = new SfmcPlanOptions { Since = Day.Since, Until = Day.Until, ReasonLength = length };

        SfmcPlanRow row = SfmcHeldPlanner.Plan([Bounce(Contact, 1, reason: new string('x', 700))], [Subscriber(Contact, "held")], null, options).Single();

        row.Reason.Should().HaveLength(expected);
    }

    [Theory]
    [InlineData("0035g00000AbCdE", SalesforceObject.Contact)]
    [InlineData("0035g00000AbCdEAAA", SalesforceObject.Contact)]
    [InlineData("00Q5g00000XyZab", SalesforceObject.Lead)]
    [InlineData("0015g00000AbCdE", SalesforceObject.Unknown)] // an Account
    [InlineData("003@example.com", SalesforceObject.Unknown)]
    [InlineData("003", SalesforceObject.Unknown)]
    [InlineData("00q5g00000XyZab", SalesforceObject.Unknown)] // prefixes are case-sensitive
    public void ObjectOf_ReadsTheKeyPrefix(string key, SalesforceObject expected) => SfmcHeldPlanner.ObjectOf(key).Should().Be(expected);

    [Fact]
    public void Plan_EmptyWindow_IsRefusedWithTheReason()
    {
        var options = new SfmcPlanOptions { Since = Until, Until = Until, ReasonLength = 0 };

        FluentActions.Invoking(() => SfmcHeldPlanner.Plan([], [], null, options)).Should().Throw<ArgumentException>()
            .WithMessage("*the window is empty*").WithMessage("*ReasonLength is 0*");
    }

    [Fact]
    public void Reconciliation_ListsWhereSfmcAndTheReplayDisagree()
    {
        SfmcBounceRecord Hard(string key, double daysAgo, string domain) => Bounce(key, daysAgo * 24, SfmcBounceCategory.Hard) with { Domain = domain };

        IReadOnlyList<SfmcReconciliationRow> rows = SfmcReconciliation.Compare(
            [Hard("agree", 1, "gmail.com"), Hard("reset", 2, "gmail.com"), Hard("small", 3, "small-isp.example")],
            [Subscriber("agree", "held"), Subscriber("reset", "active"), Subscriber("small", "bounced"), Subscriber("quiet", "active")]);

        rows.Should().ContainSingle().Which.Should().Be(new SfmcReconciliationRow("reset", "active", SubscriberStatus.Held, "held: hard bounce from trusted ISP gmail.com"));
    }

    [Fact]
    public void BounceEvents_MapCategoryJobAndStableId()
    {
        var e = SfmcBounceEvents.ToEvent(Bounce(Contact, 1, SfmcBounceCategory.Hard) with { Domain = "Example.com" });

        e.Id.Should().Be($"sfmc:bounce:1:{Contact}:20261123110000");
        e.BounceType.Should().Be(Events.GivenBounceType.Hard);
        e.JobId.Should().Be("1");
        e.RecipientDomain.Should().Be("Example.com");
        SfmcBounceEvents.ToEvent(Bounce(Contact, 1, SfmcBounceCategory.Block)).BounceType.Should().Be(Events.GivenBounceType.Unknown, "the classifier reads block bounces");
    }
}
