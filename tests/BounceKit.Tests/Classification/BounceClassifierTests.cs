using BounceKit.Classification;
using BounceKit.Smtp;

namespace BounceKit.Tests.Classification;

public class BounceClassifierTests
{
    private static BounceClassification Classify(string text, string? status = null, int? reply = null, SmtpCommand command = SmtpCommand.Unknown, string? remoteMta = null, string? domain = null) =>
        BounceClassifier.Default.Classify(new BounceInput(text)
        {
            EnhancedStatus = status is null ? null : EnhancedStatusCode.Parse(status),
            ReplyCode = reply is null ? null : SmtpReplyCode.Create(reply.Value),
            Command = command,
            RemoteMta = remoteMta,
            RecipientDomain = domain,
        });

    [Theory]
    [InlineData("550 5.1.1 <a@b.example>... User unknown", BounceType.Hard, BounceReason.UserUnknown, true)]
    [InlineData("550 5.7.1 No such user!", BounceType.Hard, BounceReason.UserUnknown, true)]
    [InlineData("Diagnostic-Code: smtp; 552 5.2.2 Mailbox full", BounceType.Soft, BounceReason.MailboxFull, false)]
    [InlineData("550 5.2.2 <a@b.example>: mailbox is full", BounceType.Soft, BounceReason.MailboxFull, false)]
    [InlineData("450 4.1.1 <a@b.example>: Recipient address rejected: User unknown", BounceType.Soft, BounceReason.UserUnknown, false)]
    [InlineData("550 5.1.2 Host unknown", BounceType.Hard, BounceReason.HostUnknown, true)]
    [InlineData("556 5.1.10 Recipient address has null MX", BounceType.Hard, BounceReason.NotAccept, true)]
    [InlineData("550 5.7.1 Sender verify failed", BounceType.Block, BounceReason.Rejected, false)]
    [InlineData("553 5.1.8 <a@b.example>: Sender address rejected: Domain of sender address a@b.example does not exist", BounceType.Block, BounceReason.Rejected, false)]
    [InlineData("554 5.7.1 Service unavailable; Client host [192.0.2.1] blocked using zen.spamhaus.org", BounceType.Block, BounceReason.Blocked, false)]
    [InlineData("550 5.7.1 Relaying denied", BounceType.Block, BounceReason.NoRelaying, false)]
    [InlineData("552 5.3.4 Message size exceeds fixed limit", BounceType.Block, BounceReason.MessageTooBig, false)]
    [InlineData("421 4.4.2 Connection timed out", BounceType.Soft, BounceReason.NetworkError, false)]
    [InlineData("4.4.7 Delivery time expired", BounceType.Soft, BounceReason.Expired, false)]
    [InlineData("550 5.1.6 Recipient has moved", BounceType.Hard, BounceReason.HasMoved, true)]
    [InlineData("550 5.7.23 SPF validation failed", BounceType.Block, BounceReason.AuthFailure, false)]
    [InlineData("530 5.7.0 Must issue a STARTTLS command first", BounceType.Block, BounceReason.TlsRequired, false)]
    [InlineData("550 5.2.1 Account has been closed", BounceType.Hard, BounceReason.ClosedAccount, true)]
    [InlineData("550 5.2.1 The account is disabled", BounceType.Soft, BounceReason.InactiveAccount, false)]
    [InlineData("ユーザー Someone (someone@example.co.jp) は Domino ディレクトリには見つかりません。", BounceType.Hard, BounceReason.UserUnknown, true)]
    [InlineData("ディレクトリのリストにありません", BounceType.Hard, BounceReason.UserUnknown, true)]
    [InlineData("DNS lookup failure: host mail.example.org not found", BounceType.Hard, BounceReason.HostUnknown, true)]
    [InlineData("procmail: Couldn't create \"/var/spool/mail/someone\" id: someone: No such user", BounceType.Soft, BounceReason.MailerError, false)]
    [InlineData("554 5.6.1 Message content rejected", BounceType.Block, BounceReason.ContentError, false)]
    [InlineData("554 5.6.0 This message has been scored as spam with a probability of more than 90%", BounceType.Block, BounceReason.SpamDetected, false)]
    [InlineData("Sorry, I wasn't able to establish an SMTP connection. (#4.4.1) I'm not going to try again; this message has been in the queue too long.", BounceType.Soft, BounceReason.NetworkError, false)]
    [InlineData("450 service permits 2 unverifyable sending IPs - mail.example.org is not 192.0.2.1", BounceType.Block, BounceReason.RequirePtr, false)]
    [InlineData("Unable to deliver message to the following recipients, due to being unable to connect successfully to the destination mail server.", BounceType.Soft, BounceReason.NetworkError, false)]
    [InlineData("550 Insecure Mail Relay", BounceType.Block, BounceReason.NoRelaying, false)]
    [InlineData("550 5.2.0 <someone@example.org> From: Domain is invalid. Please provide a valid From: IB506", BounceType.Block, BounceReason.Rejected, false)]
    [InlineData("552 5.6.0 Invalid MIME structure", BounceType.Block, BounceReason.ContentError, false)]
    [InlineData("554 Delivery failed. MIME-Version: 1.0 Content-Type: text/plain", BounceType.Block, BounceReason.Blocked, false)]
    [InlineData("Technical details of permanent failure: local-part of envelope contains utf8 but remote server did not offer SMTPUTF8 DKIM-Signature: v=1; a=rsa-sha256; d=example.org", BounceType.Block, BounceReason.ContentError, false)]
    [InlineData("550 5.0.0 <a@b.example>... Insufficient permission", BounceType.Soft, BounceReason.SystemError, false)]
    [InlineData("550 5.0.0 <a@b.example>... Can't create output", BounceType.Soft, BounceReason.SystemError, false)]
    [InlineData("554 5.3.5 Local configuration error", BounceType.Soft, BounceReason.SystemError, false)]
    [InlineData("no code and no known words", BounceType.Undetermined, BounceReason.Undefined, false)]
    [InlineData("", BounceType.Undetermined, BounceReason.Undefined, false)]
    public void Classify_TextAlone(string text, BounceType type, BounceReason reason, bool hard)
    {
        BounceClassification c = Classify(text);

        c.Reason.Should().Be(reason, string.Join("; ", c.Evidence.Select(e => e.ToString())));
        c.Type.Should().Be(type);
        c.IsHardBounce.Should().Be(hard);
    }

    [Fact]
    public void Classify_FindsTheDecisivePhraseAfterAnyNumberOfMarkersAndRepeats()
    {
        // A quoted header block repeats a provider marker (google.com) and neutral header names; a long notice repeats
        // a weak phrase. None of them may crowd out the phrase that decides, wherever it stands.
        string headers = string.Concat(Enumerable.Repeat("Received: from mail.example.org by mx.google.com; DKIM-Signature: v=1; ", 40));
        BounceClassification quoted = Classify(headers + "550 no such user here");
        quoted.Reason.Should().Be(BounceReason.UserUnknown);
        quoted.Evidence[0].ToString().Should().Be("text 'no such user'");
        quoted.Provider.Should().Be(ReceivingProvider.Google);

        BounceClassification repeated = Classify(string.Concat(Enumerable.Repeat("policy filter ", 40)) + "no such user");
        repeated.Reason.Should().Be(BounceReason.UserUnknown);
        repeated.Evidence[0].ToString().Should().Be("text 'no such user'");

        string many = string.Join(" ", BounceClassifier.Default.Rules.Where(r => r.Provider == ReceivingProvider.Unknown && r.Priority < 70).Take(40).Select(r => r.Phrase));
        Classify(many + " mailbox full").Reason.Should().NotBe(BounceReason.MailboxFull, "past 32 different phrases the rest is not weighed");
    }

    [Theory]
    [InlineData("554 Delivery failed. DKIM-Signature: v=1; a=rsa-sha256 X-Google-DKIM-Signature: v=1 Received-SPF: pass", BounceReason.Blocked, "reply 554")]
    [InlineData("554 Delivery failed. X-Spam-Status: No, score=-0.1 X-Spam-Flag: NO X-Virus-Scanned: clamav", BounceReason.Blocked, "reply 554")]
    [InlineData("550 5.7.1 Authentication-Results: mx.example.org; spf=pass smtp.mailfrom=example.org; dkim=pass header.d=example.org; dmarc=fail", BounceReason.AuthFailure, "text 'dmarc'")]
    [InlineData("550 5.7.1 Spf= Fail , Dkim= Pass , DMARC= Pass", BounceReason.AuthFailure, "text 'spf'")]
    [InlineData("554 5.7.1 DKIM signature check failed", BounceReason.AuthFailure, "text 'dkim'")]
    [InlineData("5.1.0 - Unknown address error 550-'5.7.1 <bounce@sender.example>... Access denied' (delivery attempts: 0)", BounceReason.Blocked, "text 'access denied'")]
    [InlineData("5.1.0 - Unknown address error 550-'5.2.2 <a@example.jp>... Mailbox Full' (delivery attempts: 0)", BounceReason.MailboxFull, "text 'mailbox full'")]
    [InlineData("5.1.0 - Unknown address error 550-'5.1.1 <a@example.com>: Recipient address rejected: User unknown in virtual alias table' (delivery attempts: 0)", BounceReason.UserUnknown, "text 'user unknown'")]
    [InlineData("550 Unknown address", BounceReason.UserUnknown, "text 'unknown address'")]
    public void Classify_IgnoresRuleWordsThatSayNothingWhereTheyStand(string text, BounceReason reason, string evidence)
    {
        BounceClassification c = Classify(text);

        c.Reason.Should().Be(reason, string.Join("; ", c.Evidence.Select(e => e.ToString())));
        c.Evidence[0].ToString().Should().Be(evidence);
    }

    [Fact]
    public void Classify_SpecificTextBeatsAGenericCode_AndSaysWhy()
    {
        const string text = "550 5.7.1 No such user!";
        BounceClassification c = Classify(text);

        c.EnhancedStatus.Should().Be(EnhancedStatusCode.Parse("5.7.1"));
        c.ReplyCode!.Value.Value.Should().Be(550);
        Evidence first = c.Evidence[0];
        first.Source.Should().Be(EvidenceSource.Text);
        first.GetMatch(text).ToString().Should().Be("No such user");
        first.ToString().Should().Be("text 'no such user'");
    }

    [Theory]
    [InlineData("mailbox full", null, null, null, null)]
    [InlineData("mailbox full", "2.0.0", 200, "2.0.0", 200)]
    [InlineData("mailbox full", "5.999.999", 559, "5.999.999", 559)]
    [InlineData("452 4.2.2 mailbox full", null, null, "4.2.2", 452)]
    public void Classify_ReportsTheCodesItUsed_OrNone(string text, string? givenStatus, int? givenReply, string? status, int? reply)
    {
        BounceClassification c = Classify(text, givenStatus, givenReply);

        c.EnhancedStatus.Should().Be(status is null ? null : EnhancedStatusCode.Parse(status));
        c.ReplyCode.Should().Be(reply is null ? null : SmtpReplyCode.Create(reply.Value));
    }

    [Fact]
    public void Classify_ReportsDefaultCodesGiven_AsGiven()
    {
        BounceClassification c = BounceClassifier.Default.Classify(new BounceInput("mailbox full") { EnhancedStatus = default(EnhancedStatusCode), ReplyCode = default(SmtpReplyCode) });

        c.EnhancedStatus.Should().Be(default(EnhancedStatusCode));
        c.ReplyCode.Should().Be(default(SmtpReplyCode));
    }

    [Fact]
    public void Classify_SpecificCodeBeatsVagueText()
    {
        BounceClassification c = Classify("550 5.1.1 recipient blocked");

        c.Reason.Should().Be(BounceReason.UserUnknown);
        c.Evidence.Select(e => e.ToString()).Should().Contain("status 5.1.1");
    }

    [Fact]
    public void Classify_GivenStatusWinsOverTheText_UnlessItIsGeneric()
    {
        Classify("550 message refused", status: "5.2.2").Reason.Should().Be(BounceReason.MailboxFull, "a given specific status beats vague text");
        Classify("550 5.1.1 unknown", status: "5.0.0").EnhancedStatus.Should().Be(EnhancedStatusCode.Parse("5.1.1"), "X.0.0 gives way to the text's code");
        Classify("550 5.1.1 unknown", status: "5.0.0", reply: 550).EnhancedStatus.Should().Be(EnhancedStatusCode.Parse("5.1.1"), "a given reply code does not stop the text's status from replacing a generic one");

        BounceClassification given = Classify("421 4.2.2 unknown", status: "5.1.1", reply: 550);
        given.ReplyCode.Should().Be(SmtpReplyCode.Create(550), "a given reply code wins over the text's");
        given.EnhancedStatus.Should().Be(EnhancedStatusCode.Parse("5.1.1"), "a given specific status wins over the text's");
    }

    [Fact]
    public void Classify_UserUnknownAfterData_IsAFilterNotAHardBounce()
    {
        BounceClassification c = Classify("550 Unknown user (in reply to end of DATA command)", command: SmtpCommand.Data);

        c.Reason.Should().Be(BounceReason.Filtered);
        c.IsHardBounce.Should().BeFalse();
        c.Evidence.Select(e => e.ToString()).Should().Equal("text 'unknown user'", "command DATA");
        Classify("550 Unknown user", command: SmtpCommand.RcptTo).IsHardBounce.Should().BeTrue();
    }

    [Theory]
    [InlineData("host mx.example.org[192.0.2.1] said: 550 5.2.1 <a@example.org>... User Unknown (in reply to RCPT TO command)", BounceReason.UserUnknown, true, "command RCPT")]
    [InlineData("SMTP error from remote mail server after RCPT TO:<a@example.org>: 550 5.2.1 <a@example.org>... User Unknown", BounceReason.UserUnknown, true, "command RCPT")]
    [InlineData("host mx.example.org[192.0.2.1] said: 550 Unknown user a@example.org (in reply to end of DATA command)", BounceReason.Filtered, false, "command DATA")]
    [InlineData("Connected to 192.0.2.1 but sender was rejected. Remote host said: 550 5.7.1 <a@example.org>... Access denied", BounceReason.Rejected, false, "command MAIL")]
    [InlineData("host mx.example.org[192.0.2.1] refused to talk to me: 421 Service not available", BounceReason.Blocked, false, "command CONN")]
    public void Classify_ReadsTheCommandFromTheMtasWords_WhenNotGiven(string text, BounceReason reason, bool hard, string evidence)
    {
        BounceClassification c = Classify(text);

        c.Reason.Should().Be(reason);
        c.IsHardBounce.Should().Be(hard);
        c.Evidence.Select(e => e.ToString()).Should().Contain(evidence);
    }

    [Fact]
    public void Classify_GivenCommandWinsOverTheOneInTheText()
    {
        Classify("550 Unknown user a@example.org (in reply to end of DATA command)", command: SmtpCommand.RcptTo).Reason.Should().Be(BounceReason.UserUnknown);
    }

    [Fact]
    public void Classify_DoesNotExistAtMailFrom_IsTheSendersProblem()
    {
        BounceClassification c = Classify("553 5.1.0 sender.example does not exist", command: SmtpCommand.MailFrom);

        c.Reason.Should().Be(BounceReason.Rejected);
        c.Type.Should().Be(BounceType.Block);
        c.IsHardBounce.Should().BeFalse();
        c.Evidence.Select(e => e.ToString()).Should().Contain("command MAIL");
    }

    [Fact]
    public void Classify_SizeRefusalWithX23_IsTheRecipientsLimit()
    {
        // RFC 3463: X.2.3 is a per-mailbox limit, X.3.4 the system's; the wording fits either, so the status decides.
        BounceClassification c = Classify("552 5.2.3 Message size exceeds fixed maximum message size (10485760)");

        c.Reason.Should().Be(BounceReason.ExceedsLimit);
        c.IsHardBounce.Should().BeFalse();
        c.Evidence[0].ToString().Should().Be("status 5.2.3");
        Classify("552 5.3.4 Message size exceeds fixed maximum message size (10485760)").Reason.Should().Be(BounceReason.MessageTooBig);
        Classify("552 Message size exceeds fixed maximum message size (10485760)").Reason.Should().Be(BounceReason.MessageTooBig);
    }

    [Fact]
    public void Classify_HostNotFoundInATransientReply_IsANetworkError()
    {
        BounceClassification c = Classify("DNS Error: DNS type 'mx' lookup of example.org responded with code NXDOMAIN Domain name not found: example.org", status: "4.0.0");

        c.Reason.Should().Be(BounceReason.NetworkError);
        c.Type.Should().Be(BounceType.Soft);
        c.Evidence[0].ToString().Should().Be("text 'domain name not found'");
        Classify("550 5.1.2 Domain name not found").Reason.Should().Be(BounceReason.HostUnknown);
    }

    [Fact]
    public void Classify_TransientReplyNeverGivesAHardBounce()
    {
        BounceClassification c = Classify("user unknown", reply: 450);

        c.Reason.Should().Be(BounceReason.UserUnknown);
        c.Type.Should().Be(BounceType.Soft);
        c.IsHardBounce.Should().BeFalse();
    }

    [Theory]
    [InlineData("mx.example.com", "gmail.com", ReceivingProvider.Google)]
    [InlineData("example-com.mail.protection.outlook.com", null, ReceivingProvider.Microsoft)]
    [InlineData(null, "aol.com", ReceivingProvider.Yahoo)]
    [InlineData("notgoogle.com", null, ReceivingProvider.Unknown)]
    [InlineData(null, null, ReceivingProvider.Unknown)]
    public void Classify_RecognisesTheProvider(string? remoteMta, string? domain, ReceivingProvider provider)
    {
        Classify("550 5.1.1 user unknown", remoteMta: remoteMta, domain: domain).Provider.Should().Be(provider);
    }

    [Fact]
    public void Classify_AppliesTheRecipientDomainsProviderRules_BehindAnotherProvidersHost()
    {
        // au's reception filter answers "550 : User unknown"; here the remote MTA recorded is a Yahoo host.
        BounceClassification c = BounceClassifier.Default.Classify(new BounceInput("550: : User unknown")
        {
            RemoteMta = "sonic307.consmr.mail.sg3.yahoo.com",
            RecipientDomain = "ezweb.ne.jp",
        });

        c.Provider.Should().Be(ReceivingProvider.Yahoo, "the provider reported is the remote MTA's");
        c.Reason.Should().Be(BounceReason.Filtered);
        c.IsHardBounce.Should().BeFalse();
        c.Evidence[0].ToString().Should().Be("kddi 'user unknown'");
    }

    [Fact]
    public void ReceivingProvider_FitsTheClassifiersProviderMask()
    {
        // The classifier keeps the recognised providers as bits of a uint.
        Enum.GetValues<ReceivingProvider>().Should().OnlyContain(p => (int)p >= 0 && (int)p < 32);
    }

    [Fact]
    public void Classify_RecognisesTheProviderFromTextMarkers()
    {
        Classify("550 5.1.1 https://support.google.com/mail/?p=NoSuchUser - gsmtp").Provider.Should().Be(ReceivingProvider.Google);
    }

    [Fact]
    public void Options_AddOverrideAndRemovePhrases()
    {
        var options = new BounceClassifierOptions();
        options.PhraseRules.Add(new PhraseRule("mailbox is frozen", BounceReason.InactiveAccount, 80));
        options.PhraseRules.Add(new PhraseRule("user unknown", BounceReason.Filtered, 70));
        options.RemovedPhrases.Add("relaying denied");
        var classifier = new BounceClassifier(options);

        classifier.Classify("550 Mailbox is frozen").Reason.Should().Be(BounceReason.InactiveAccount);
        classifier.Classify("550 user unknown").Reason.Should().Be(BounceReason.Filtered);
        classifier.Rules.Should().NotContain(r => r.Phrase == "relaying denied");
        BounceClassifier.Default.Classify("550 user unknown").Reason.Should().Be(BounceReason.UserUnknown, "other classifiers keep the built-in rules");
    }

    [Theory]
    [InlineData("ab", "*too short*three characters*")]
    [InlineData("  x ", "*too short*three characters*")]
    [InlineData(" spam", "*starts with white space*")]
    public void PhraseRule_Invalid_IsRefusedWithAClearMessage(string phrase, string message)
    {
        Action act = () => _ = new PhraseRule(phrase, BounceReason.Blocked);

        act.Should().Throw<ArgumentException>().WithMessage(message);
    }

    [Fact]
    public void Phrases_MatchAtWordStarts_AndAtPunctuationThatBeginsAPhrase()
    {
        var options = new BounceClassifierOptions();
        options.PhraseRules.Add(new PhraseRule("(quota)", BounceReason.MailboxFull, 80));
        var classifier = new BounceClassifier(options);

        classifier.Classify("rejected by antispam gateway").Reason.Should().NotBe(BounceReason.SpamDetected, "'spam' inside a word is not the word spam");
        classifier.Classify("message looks like spam").Reason.Should().Be(BounceReason.SpamDetected);
        classifier.Classify("550 see https://support.google.com/mail/?p=NoSuchUser").Reason.Should().Be(BounceReason.UserUnknown);
        classifier.Classify("452 too much (QUOTA) here").Reason.Should().Be(BounceReason.MailboxFull);
    }

    [Fact]
    public void Classify_SpanApi_AllocatesNothing()
    {
        string[] texts = TestData.Corpus.Select(r => r.Text).ToArray();
        BounceClassifier classifier = BounceClassifier.Default;
        int sink = Run(classifier, texts);

        long before = GC.GetAllocatedBytesForCurrentThread();
        sink += Run(classifier, texts);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        sink.Should().BeGreaterThan(0);
        allocated.Should().Be(0);
    }

    private static int Run(BounceClassifier classifier, string[] texts)
    {
        int hard = 0;
        foreach (string text in texts)
        {
            BounceClassification c = classifier.Classify(new BounceInput(text) { RemoteMta = "mx.example.net", Command = SmtpCommand.RcptTo });
            hard += c.IsHardBounce ? 1 : 0;
            foreach (Evidence e in c.Evidence)
            {
                hard += e.GetMatch(text).Length > 0 ? 0 : 0;
            }
        }

        return hard;
    }
}
