using BounceKit.Classification;

namespace BounceKit.Tests.Classification;

/// <summary>Real-world diagnostics as the receiving providers publish them on their postmaster and error-code pages.</summary>
public class ProviderDiagnosticsTests
{
    // remote MTA, text, expected type, reason, hard
    public static TheoryData<string, string, BounceType, BounceReason, bool> Cases => new()
    {
        // Google
        { "gmail-smtp-in.l.google.com", "550-5.1.1 The email account that you tried to reach does not exist. Please try\r\n550-5.1.1 double-checking the recipient's email address for typos or\r\n550-5.1.1 unnecessary spaces. Learn more at\r\n550 5.1.1 https://support.google.com/mail/?p=NoSuchUser z1si123 - gsmtp", BounceType.Hard, BounceReason.UserUnknown, true },
        { "gmail-smtp-in.l.google.com", "452-4.2.2 The email account that you tried to reach is over quota. Please direct\r\n452 4.2.2 the recipient to https://support.google.com/mail/?p=OverQuotaTemp - gsmtp", BounceType.Soft, BounceReason.MailboxFull, false },
        { "gmail-smtp-in.l.google.com", "552-5.2.2 The email account that you tried to reach is over quota and inactive. 552 5.2.2 https://support.google.com/mail/?p=OverQuotaPerm - gsmtp", BounceType.Soft, BounceReason.MailboxFull, false },
        { "gmail-smtp-in.l.google.com", "550-5.7.26 This mail has been blocked because the sender is unauthenticated. Gmail requires all senders to authenticate with either SPF or DKIM. 550 5.7.26 - gsmtp", BounceType.Block, BounceReason.AuthFailure, false },
        { "gmail-smtp-in.l.google.com", "421-4.7.28 Our system has detected an unusual rate of unsolicited mail originating from your IP address. To protect our users from spam, mail sent from your IP address has been temporarily rate limited. - gsmtp", BounceType.Block, BounceReason.RateLimited, false },
        { "gmail-smtp-in.l.google.com", "550-5.7.1 Our system has detected that this message is likely unsolicited mail. To reduce the amount of spam sent to Gmail, this message has been blocked. https://support.google.com/mail/?p=UnsolicitedMessageError - gsmtp", BounceType.Block, BounceReason.SpamDetected, false },
        { "gmail-smtp-in.l.google.com", "550-5.7.25 The IP address sending this message does not have a PTR record setup, or the corresponding forward DNS entry does not point to the sending IP. - gsmtp", BounceType.Block, BounceReason.RequirePtr, false },
        { "gmail-smtp-in.l.google.com", "The email account that you tried to reach is inactive. For more information, go to https://support.google.com/mail/?p=DisabledUser", BounceType.Soft, BounceReason.InactiveAccount, false },
        { "gmail-smtp-in.l.google.com", "550-5.2.1 The email account that you tried to reach is disabled. https://support.google.com/mail/?p=DisabledUser - gsmtp", BounceType.Soft, BounceReason.InactiveAccount, false },

        // Microsoft 365 / Outlook.com
        { "example-com.mail.protection.outlook.com", "550 5.1.1 RESOLVER.ADR.RecipNotFound; not found", BounceType.Hard, BounceReason.UserUnknown, true },
        { "example-com.mail.protection.outlook.com", "550 5.4.1 Recipient address rejected: Access denied. AS(201806281) [DM6NAM10FT012.eop-nam10.prod.protection.outlook.com]", BounceType.Hard, BounceReason.UserUnknown, true },
        { "outlook-com.olc.protection.outlook.com", "550 5.5.0 Requested action not taken: mailbox unavailable (S2017062302). [BN8NAM12FT045.eop-nam12.prod.protection.outlook.com]", BounceType.Hard, BounceReason.UserUnknown, true },
        { "example-com.mail.protection.outlook.com", "550 5.7.606 Access denied, banned sending IP [192.0.2.1]. To request removal from this list please visit https://sender.office.com/", BounceType.Block, BounceReason.Blocked, false },
        { "example-com.mail.protection.outlook.com", "550 5.7.509 Access denied, sending domain example.org does not pass DMARC verification and has a DMARC policy of reject.", BounceType.Block, BounceReason.AuthFailure, false },
        { "hotmail-com.olc.protection.outlook.com", "550 5.7.1 Unfortunately, messages from [192.0.2.1] weren't sent. Please contact your Internet service provider since part of their network is on our block list (S3150).", BounceType.Block, BounceReason.Blocked, false },

        // Yahoo / AOL
        { "mta7.am0.yahoodns.net", "554 delivery error: dd This user doesn't have a yahoo.com account (someone@yahoo.com) [0] - mta1234.mail.bf1.yahoo.com", BounceType.Hard, BounceReason.UserUnknown, true },
        { "mta7.am0.yahoodns.net", "421 4.7.0 [TSS04] Messages from 192.0.2.1 temporarily deferred due to unexpected volume or user complaints - 4.16.55.1; see https://postmaster.yahooinc.com/error-codes", BounceType.Block, BounceReason.BadReputation, false },
        { "mx-aol.mail.gm0.yahoodns.net", "554 5.7.9 Message not accepted for policy reasons.  See https://postmaster.yahooinc.com/error-codes", BounceType.Block, BounceReason.PolicyViolation, false },

        // Apple iCloud
        { "mx01.mail.icloud.com", "550 5.1.1 <someone@icloud.com>: user does not exist", BounceType.Hard, BounceReason.UserUnknown, true },
        { "mx01.mail.icloud.com", "552 5.2.2 <someone@icloud.com>: user is over quota", BounceType.Soft, BounceReason.MailboxFull, false },

        // Comcast, Cox
        { "mx1.comcast.net", "550 5.1.1 <someone@comcast.net> Not a valid mailbox", BounceType.Hard, BounceReason.UserUnknown, true },
        { "mx1.comcast.net", "554 resimta-ch2-12v.sys.comcast.net comcast 192.0.2.1 Comcast block for spam.  Please see http://postmaster.comcast.net/smtp-error-codes.php#BL000010", BounceType.Block, BounceReason.Blocked, false },
        { "mx.east.cox.net", "554 cxr.mx.east.cox.net cox 192.0.2.1 rejected - see https://www.cox.com/residential/support/email-error-codes.html CXBL", BounceType.Block, BounceReason.Blocked, false },

        // Orange, GMX / web.de, T-Online
        { "smtp-in.orange.fr", "550 5.1.1 Adresse d au moins un destinataire invalide. Invalid recipient. OFR_416 [416]", BounceType.Hard, BounceReason.UserUnknown, true },
        { "smtp-in.orange.fr", "550 5.7.1 Service refuse. Veuillez essayer plus tard. Service refused, please try later. OFR_999 [999]", BounceType.Block, BounceReason.Blocked, false },
        { "smtp-in.orange.fr", "550 5.2.0 Mail rejete. Mail rejected. OFR_506 [506]", BounceType.Block, BounceReason.SpamDetected, false },
        { "mx00.gmx.net", "550 Requested action not taken: mailbox unavailable", BounceType.Hard, BounceReason.UserUnknown, true },
        { "mx-ha03.web.de", "552 Requested mail action aborted: exceeded storage allocation", BounceType.Soft, BounceReason.MailboxFull, false },
        { "mx00.t-online.de", "550 5.1.1 <someone@t-online.de>: Recipient address rejected: User unknown", BounceType.Hard, BounceReason.UserUnknown, true },

        // Spectrum (Charter, Roadrunner)
        { "mx0.charter.net", "421 4.7.0 cmsmtp 192.0.2.1 Too many concurrent connections. Please see https://www.spectrum.net/support/internet/understanding-email-error-codes for more information. AUP#In-1310", BounceType.Soft, BounceReason.TooManyConnections, false },
        { "mx0.charter.net", "554 impin004.msg.chrl.nc.charter.net cmsmtp 192.0.2.1 blocked. Please see https://www.spectrum.net/support/internet/understanding-email-error-codes for more information. AUP#In-1020", BounceType.Block, BounceReason.Blocked, false },

        // Mail.ru, Yandex, Zoho
        { "mxs.mail.ru", "550 Message was not accepted -- invalid mailbox.  Local mailbox someone@mail.ru is unavailable: user not found", BounceType.Hard, BounceReason.UserUnknown, true },
        { "mx.yandex.ru", "550 5.7.1 No such user!", BounceType.Hard, BounceReason.UserUnknown, true },
        { "mx.yandex.ru", "554 5.7.1 [2] Message rejected under suspicion of SPAM; https://ya.cc/1IrBc 1234567890", BounceType.Block, BounceReason.SpamDetected, false },
        { "mx.zoho.com", "550 5.1.1 User does not exist - <someone@zoho.com>", BounceType.Hard, BounceReason.UserUnknown, true },

        // Filtering services
        { "mx0a-001.pphosted.com", "550 5.1.1 User Unknown", BounceType.Hard, BounceReason.UserUnknown, true },
        { "us-smtp-inbound-1.mimecast.com", "554 Email rejected due to security policies - MCSpamSignature.sa.2.2 - https://community.mimecast.com/docs/DOC-1369#554", BounceType.Block, BounceReason.SpamDetected, false },
        { "us-smtp-inbound-1.mimecast.com", "550 Invalid Recipient - https://community.mimecast.com/docs/DOC-1369#550", BounceType.Hard, BounceReason.UserUnknown, true },
        { "d123.ess.barracudanetworks.com", "554 Service unavailable; Client host [192.0.2.1] blocked using Barracuda Reputation; http://www.barracudanetworks.com/reputation/?r=1&ip=192.0.2.1", BounceType.Block, BounceReason.BadReputation, false },

        // QQ
        { "mx3.qq.com", "550 Mailbox not found. http://service.mail.qq.com/cgi-bin/help?subtype=1&&id=20022&&no=1000728", BounceType.Hard, BounceReason.UserUnknown, true },

        // au (KDDI): without an address the reception filter refused the message; with one, the mailbox does not exist
        { "lsean.ezweb.ne.jp", "550 : User unknown", BounceType.Block, BounceReason.Filtered, false },
        { "msmx.au.com", "Remote Server returned '550 5.1.351 Remote server returned unknown recipient or mailbox unavailable -> 550 : User unknown'", BounceType.Block, BounceReason.Filtered, false },
        { "lsean.ezweb.ne.jp", "550 <someone@ezweb.ne.jp>: User unknown", BounceType.Hard, BounceReason.UserUnknown, true },

        // Google Groups: the "you may not have permission to post" notice in any language links to the Groups help centre
        { "mx.example.com", "Bonjour someone@example.org, Il se peut que le groupe que vous avez essayé de contacter (team) n'existe pas ou que vous ne soyez pas autorisé à lui envoyer des messages. Si vous avez des questions sur ce groupe ou tout autre groupe Google, consultez le centre d'aide à l'adresse https://groups.google.com/support/.", BounceType.Block, BounceReason.Rejected, false },
        { "mx.example.com", "Hallo someone@example.org, Sie erhalten diese E-Mail, weil die Gruppe, die Sie kontaktieren möchten (team), möglicherweise nicht vorhanden ist. Wenn Sie Fragen in Zusammenhang mit dieser oder einer anderen Google-Gruppe haben, besuchen Sie die Hilfe unter https://groups.google.com/support/.", BounceType.Block, BounceReason.Rejected, false },

        // Amazon SES as the sending relay
        { "email-smtp.us-east-1.amazonaws.com", "554 Message rejected: Email address is not verified. The following identities failed the check in region US-EAST-1: sender@example.org", BounceType.Block, BounceReason.NoRelaying, false },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Classify_ProviderDiagnostic(string remoteMta, string text, BounceType type, BounceReason reason, bool hard)
    {
        BounceClassification c = BounceClassifier.Default.Classify(new BounceInput(text) { RemoteMta = remoteMta });

        c.Reason.Should().Be(reason, string.Join("; ", c.Evidence.Select(e => e.ToString())));
        c.Type.Should().Be(type);
        c.IsHardBounce.Should().Be(hard);
        c.Evidence.Count.Should().BeGreaterThan(0);
    }
}
