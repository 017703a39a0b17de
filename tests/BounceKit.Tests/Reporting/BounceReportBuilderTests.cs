using BounceKit.Events;
using BounceKit.Reporting;

namespace BounceKit.Tests.Reporting;

public class BounceReportBuilderTests
{
    private static readonly DateTimeOffset Day0 = new(2026, 11, 1, 12, 0, 0, TimeSpan.Zero);

    private static DeliverabilityEvent Sent(string id, int day, string domain, string job = "c1") =>
        new(id, "s-" + id, Day0.AddDays(day), DeliverabilityEventKind.Sent) { RecipientDomain = domain, JobId = job };

    private static DeliverabilityEvent Bounce(string id, int day, string domain, string? text, GivenBounceType type = GivenBounceType.Unknown, string job = "c1", string? mta = null) =>
        new(id, "s-" + id, Day0.AddDays(day), DeliverabilityEventKind.Bounce) { RecipientDomain = domain, Diagnostic = text, BounceType = type, JobId = job, RemoteMta = mta };

    [Fact]
    public void Build_CountsAndRates_ByDomainReasonDayAndCampaign()
    {
        var builder = new BounceReportBuilder();
        for (int i = 0; i < 10; i++)
        {
            builder.Add(Sent($"s{i}", 0, i < 6 ? "gmail.com" : "example.org"));
        }

        builder.Add(Bounce("b1", 0, "gmail.com", "550 5.1.1 The email account that you tried to reach does not exist. - gsmtp"));
        builder.Add(Bounce("b2", 0, "gmail.com", "452 4.2.2 The email account that you tried to reach is over quota. - gsmtp"));
        builder.Add(Bounce("b3", 1, "example.org", null, GivenBounceType.Soft, job: "c2"));
        builder.Add(Bounce("b3", 1, "example.org", null, GivenBounceType.Soft, job: "c2")).Should().BeFalse("repeated ids count once");

        BounceReport report = builder.Build();

        report.Events.Should().Be(13);
        report.Total.Should().BeEquivalentTo(new { Sent = 10L, Bounces = 3L, Hard = 1L, Soft = 2L });
        report.Total.Rate.Should().BeApproximately(0.3, 1e-9);
        report.ByDomain[0].Should().BeEquivalentTo(new { Key = "gmail.com", Sent = 6L, Bounces = 2L });
        report.ByDomain[0].Rate.Should().BeApproximately(2.0 / 6, 1e-9);
        report.ByReason.Select(r => r.Key).Should().BeEquivalentTo(["user-unknown", "mailbox-full", "unknown"]);
        report.ByDay.Select(d => (d.Key, d.Bounces)).Should().Equal(("2026-11-01", 2L), ("2026-11-02", 1L));
        report.ByCampaign.Single(c => c.Key == "c2").Rate.Should().BeNull("no sends were seen for c2");
    }

    [Fact]
    public void Build_FindsADayFarAboveItsTrailingAverage()
    {
        var builder = new BounceReportBuilder();
        int n = 0;
        for (int day = 0; day < 7; day++)
        {
            for (int i = 0; i < 3; i++)
            {
                builder.Add(Bounce($"b{n++}", day, "example.org", null, GivenBounceType.Soft));
            }
        }

        for (int i = 0; i < 40; i++)
        {
            builder.Add(Bounce($"b{n++}", 7, "example.org", null, GivenBounceType.Soft));
        }

        builder.Build().Spikes.Should().ContainSingle().Which.Should().Be(new BounceSpike(new DateOnly(2026, 11, 8), 40, 3.0));

        using var html = new StringWriter();
        BounceReportHtml.Write(builder.Build(), html);
        html.ToString().Should().Contain("class=\"spike\"").And.Contain("Spikes (red): 2026-11-08 (40 bounces, trailing average 3)");
    }

    [Fact]
    public void Build_GroupsBlocksByReceivingProvider()
    {
        var builder = new BounceReportBuilder();
        builder.Add(Bounce("b1", 0, "contoso.com", "550 5.7.1 Service unavailable, Client host [192.0.2.1] blocked using Spamhaus.", mta: "contoso-com.mail.protection.outlook.com"));
        builder.Add(Bounce("b2", 0, "contoso.com", "550 5.7.1 Service unavailable, Client host [192.0.2.1] blocked using Spamhaus.", mta: "contoso-com.mail.protection.outlook.com"));
        builder.Add(Bounce("b3", 0, "gmail.com", "550 5.1.1 The email account that you tried to reach does not exist. - gsmtp"));

        BounceReport report = builder.Build();

        report.Total.Block.Should().Be(2);
        report.Reputation.Should().ContainSingle().Which.Should().BeEquivalentTo(new { Provider = "Microsoft", Blocks = 2L });
        report.Reputation[0].Reasons[0].Value.Should().Be(2);
    }

    [Theory]
    [InlineData(false, true)]
    [InlineData(true, false)]
    public void Html_SaysWhyRatesAreMissing_OnlyWhenNoSendsWereSeen(bool withSends, bool expectNote)
    {
        var builder = new BounceReportBuilder();
        if (withSends)
        {
            builder.Add(Sent("s1", 0, "example.org"));
        }

        builder.Add(Bounce("b1", 0, "example.org", null, GivenBounceType.Soft));
        using var html = new StringWriter();

        BounceReportHtml.Write(builder.Build(), html);

        html.ToString().Contains("No sends in the input, so no rates", StringComparison.Ordinal).Should().Be(expectNote);
        html.ToString().Should().Contain(withSends ? "<b>100.0%</b>bounce rate" : "<b>–</b>bounce rate");
    }
}
