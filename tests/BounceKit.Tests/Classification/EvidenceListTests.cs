using BounceKit.Classification;
using BounceKit.Smtp;

namespace BounceKit.Tests.Classification;

/// <summary>EvidenceList stores compact entries and builds the Evidence values when they are read.</summary>
public class EvidenceListTests
{
    private static readonly PhraseRule[] Rules =
    [
        new("user unknown", BounceReason.UserUnknown, 70),
        new("mailbox is frozen", BounceReason.InactiveAccount, 80, ReceivingProvider.Google),
    ];

    private static EvidenceList.Entry Text(int rule, int start) => new(EvidenceSource.Text, Rules[rule].Reason, rule, start);

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Entries_MaterialiseInOrder_AndOnlyUpToCount(int count)
    {
        EvidenceList.Entry[] entries =
        [
            Text(0, 4),
            new(EvidenceSource.Provider, BounceReason.InactiveAccount, 1, 17),
            new(EvidenceSource.Status, BounceReason.UserUnknown, -1, Evidence.PackStatus(new EnhancedStatusCode(5, 1, 10))),
            new(EvidenceSource.ReplyCode, BounceReason.UserUnknown, -1, 550),
        ];
        var list = new EvidenceList(Rules, count > 0 ? entries[0] : default, count > 1 ? entries[1] : default, count > 2 ? entries[2] : default, count > 3 ? entries[3] : default, count);

        list.Count.Should().Be(count);
        list.Select(e => e.ToString()).Should().Equal(new[] { "text 'user unknown'", "google 'mailbox is frozen'", "status 5.1.10", "reply 550" }.Take(count));
        FluentActions.Invoking(() => list[count]).Should().Throw<ArgumentOutOfRangeException>();
        FluentActions.Invoking(() => list[-1]).Should().Throw<ArgumentOutOfRangeException>();
        if (count > 1)
        {
            Evidence provider = list[1];
            provider.Should().Be(new Evidence(EvidenceSource.Provider, BounceReason.InactiveAccount, "mailbox is frozen", 17, 17, 0, ReceivingProvider.Google));
        }

        if (count > 2)
        {
            list[2].Should().Be(new Evidence(EvidenceSource.Status, BounceReason.UserUnknown, null, -1, 0, 5_001_010, ReceivingProvider.Unknown));
            list[2].GetMatch("anything").IsEmpty.Should().BeTrue();
        }
    }

    [Fact]
    public void Default_IsEmpty()
    {
        EvidenceList list = default;

        list.Count.Should().Be(0);
        list.Should().BeEmpty();
        FluentActions.Invoking(() => list[0]).Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public void Classify_TextEvidence_GivesThePhraseAndTheMatchedSpan()
    {
        const string text = "550 5.1.1 <a@b.example>: Recipient address rejected: User unknown";
        BounceClassification c = BounceClassifier.Default.Classify(text);

        c.Evidence[0].Should().Be(new Evidence(EvidenceSource.Text, BounceReason.UserUnknown, "user unknown", 53, 12, 0, ReceivingProvider.Unknown));
        c.Evidence[0].GetMatch(text).ToString().Should().Be("User unknown");
        c.Evidence.Select(e => e.ToString()).Should().Equal("text 'user unknown'", "text 'address rejected'", "status 5.1.1", "reply 550");
    }

    [Fact]
    public void Classify_CodeAndCommandEvidence()
    {
        BounceClassification c = BounceClassifier.Default.Classify(new BounceInput("550 unknown user") { Command = SmtpCommand.Data });
        c.Evidence.Select(e => e.ToString()).Should().Equal("text 'unknown user'", "command DATA");
        c.Evidence[1].Should().Be(new Evidence(EvidenceSource.Command, BounceReason.Filtered, null, -1, 0, (int)SmtpCommand.Data, ReceivingProvider.Unknown));

        BounceClassification mail = BounceClassifier.Default.Classify(new BounceInput("421 try later") { Command = SmtpCommand.MailFrom });
        mail.Evidence.Select(e => e.ToString()).Should().Equal("command MAIL");
    }

    [Fact]
    public void Classify_UserRules_AreReadFromTheirOwnClassifier()
    {
        var options = new BounceClassifierOptions();
        options.PhraseRules.Add(new PhraseRule("mailbox is frozen", BounceReason.InactiveAccount, 80));
        options.PhraseRules.Add(new PhraseRule("user unknown", BounceReason.Filtered, 70));
        var classifier = new BounceClassifier(options);

        const string text = "550 user unknown, mailbox is frozen";
        BounceClassification c = classifier.Classify(text);
        c.Evidence.Select(e => e.ToString()).Should().Equal("text 'mailbox is frozen'");
        c.Evidence[0].GetMatch(text).ToString().Should().Be("mailbox is frozen");

        BounceClassification filtered = classifier.Classify("550 5.7.1 user unknown");
        filtered.Reason.Should().Be(BounceReason.Filtered);
        filtered.Evidence[0].Should().Be(new Evidence(EvidenceSource.Text, BounceReason.Filtered, "user unknown", 10, 12, 0, ReceivingProvider.Unknown));
        BounceClassifier.Default.Classify("550 5.7.1 user unknown").Evidence[0].Reason.Should().Be(BounceReason.UserUnknown);
    }
}
