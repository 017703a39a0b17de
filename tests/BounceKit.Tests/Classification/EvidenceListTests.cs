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
            EvidenceList.Entry.ForRule(0, 4),
            EvidenceList.Entry.ForRule(1, 17),
            EvidenceList.Entry.ForCode(EvidenceSource.Status, new EnhancedStatusCode(5, 1, 10).Packed),
            EvidenceList.Entry.ForCode(EvidenceSource.ReplyCode, 550),
        ];
        var list = new EvidenceList(Rules, BounceReason.InactiveAccount, count > 0 ? entries[0] : default, count > 1 ? entries[1] : default, count > 2 ? entries[2] : default, count > 3 ? entries[3] : default, count);

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
            list[0].Should().Be(new Evidence(EvidenceSource.Text, BounceReason.InactiveAccount, "user unknown", 4, 12, 0, ReceivingProvider.Unknown));
            list[2].Should().Be(new Evidence(EvidenceSource.Status, BounceReason.InactiveAccount, null, -1, 0, 5_001_010, ReceivingProvider.Unknown));
            list[2].GetMatch("anything").IsEmpty.Should().BeTrue();
        }
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(int.MaxValue, int.MaxValue)]
    [InlineData(1, -1)]
    [InlineData(12345, int.MinValue)]
    public void Entry_KeepsRuleAndValue(int rule, int value)
    {
        EvidenceList.Entry e = EvidenceList.Entry.ForRule(rule, value);
        e.Rule.Should().Be(rule);
        e.Value.Should().Be(value);

        foreach (EvidenceSource source in new[] { EvidenceSource.Status, EvidenceSource.ReplyCode, EvidenceSource.Command })
        {
            EvidenceList.Entry code = EvidenceList.Entry.ForCode(source, value);
            code.Rule.Should().BeNegative();
            code.CodeSource.Should().Be(source);
            code.Value.Should().Be(value);
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
