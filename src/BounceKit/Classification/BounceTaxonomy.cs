namespace BounceKit.Classification;

/// <summary>The bounce taxonomy as data: one <see cref="BounceReasonInfo"/> per <see cref="BounceReason"/>.</summary>
/// <remarks>Every vendor vocabulary (Sisimai, SFMC, Mailchimp, the reader categories, SES, SendGrid, Postmark) is a
/// mapping from this table, not a separate classifier. The table is documented in <c>docs/taxonomy.md</c>.</remarks>
public static class BounceTaxonomy
{
    private const string Permanent = "Permanent";
    private const string Transient = "Transient";
    private const string UndeterminedSes = "Undetermined";

    private static readonly BounceReasonInfo[] Table = Build();

    /// <summary>Every reason, in enum order.</summary>
    public static IReadOnlyList<BounceReasonInfo> All { get; } = Array.AsReadOnly(Table);

    /// <summary>The description of a reason.</summary>
    /// <param name="reason">The reason.</param>
    /// <returns>Its entry.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="reason"/> is not a defined value.</exception>
    public static BounceReasonInfo Describe(this BounceReason reason) =>
        (uint)reason < (uint)Table.Length ? Table[(int)reason] : throw new ArgumentOutOfRangeException(nameof(reason), reason, "Not a BounceReason.");

    /// <summary>The kebab-case name of a reason, for example <c>user-unknown</c>.</summary>
    /// <param name="reason">The reason.</param>
    /// <returns>The name.</returns>
    public static string ToName(this BounceReason reason) => reason.Describe().Name;

    /// <summary>Finds a reason by its kebab-case name or its Sisimai name (ignoring case).</summary>
    /// <param name="name">The name, for example <c>user-unknown</c> or <c>userunknown</c>.</param>
    /// <param name="reason">The reason found.</param>
    /// <returns>Whether the name is known. Sisimai names shared by several reasons resolve to the first of them.</returns>
    public static bool TryParseName(ReadOnlySpan<char> name, out BounceReason reason)
    {
        foreach (BounceReasonInfo info in Table)
        {
            if (name.Equals(info.Name, StringComparison.OrdinalIgnoreCase))
            {
                reason = info.Reason;
                return true;
            }
        }

        foreach (BounceReasonInfo info in Table)
        {
            if (name.Equals(info.SisimaiReason, StringComparison.OrdinalIgnoreCase))
            {
                reason = info.Reason;
                return true;
            }
        }

        reason = BounceReason.Undefined;
        return false;
    }

    /// <summary>The kebab-case name of a bounce type: <c>hard</c>, <c>soft</c>, <c>block</c>, <c>undetermined</c>, <c>not-a-bounce</c>.</summary>
    /// <param name="type">The type.</param>
    /// <returns>The name.</returns>
    public static string ToName(this BounceType type) => type switch
    {
        BounceType.Hard => "hard",
        BounceType.Soft => "soft",
        BounceType.Block => "block",
        BounceType.NotABounce => "not-a-bounce",
        _ => "undetermined",
    };

    /// <summary>The lower-case name of a reader category: <c>hard</c>, <c>soft</c>, <c>technical</c>, <c>other</c>.</summary>
    /// <param name="category">The category.</param>
    /// <returns>The name.</returns>
    public static string ToName(this ReaderCategory category) => category switch
    {
        ReaderCategory.Hard => "hard",
        ReaderCategory.Soft => "soft",
        ReaderCategory.Technical => "technical",
        _ => "other",
    };

    private static BounceReasonInfo[] Build()
    {
        SfmcBounceCategory hardC = SfmcBounceCategory.Hard, softC = SfmcBounceCategory.Soft, blockC = SfmcBounceCategory.Block,
            techC = SfmcBounceCategory.TechnicalOther, unknownC = SfmcBounceCategory.Unknown;
        MailchimpBounceType hard = MailchimpBounceType.Hard, soft = MailchimpBounceType.Soft;
        const ReaderCategory H = ReaderCategory.Hard, S = ReaderCategory.Soft, T = ReaderCategory.Technical, O = ReaderCategory.Other;

        BounceReasonInfo[] rows =
        [
            new(BounceReason.Undefined, "undefined", "Not enough information to tell what happened.", BounceType.Undetermined, false, "undefined", unknownC, soft, O, "No information", UndeterminedSes, "Undetermined", "Unclassified", "Unknown"),
            new(BounceReason.UserUnknown, "user-unknown", "The mailbox does not exist at the recipient's domain.", BounceType.Hard, true, "userunknown", hardC, hard, H, "Invalid recipient", Permanent, "NoEmail", "Invalid Address", "HardBounce"),
            new(BounceReason.HostUnknown, "host-unknown", "The recipient's domain does not exist or has no mail host.", BounceType.Hard, true, "hostunknown", hardC, hard, H, "Bad domain", Permanent, "General", "Invalid Address", "HardBounce"),
            new(BounceReason.HasMoved, "has-moved", "The recipient moved and left no forwarding address.", BounceType.Hard, true, "hasmoved", hardC, hard, H, "Address error", Permanent, "General", "Invalid Address", "HardBounce"),
            new(BounceReason.ClosedAccount, "closed-account", "The account was closed, deleted or terminated for good.", BounceType.Hard, true, "userunknown", hardC, hard, H, "Closed account", Permanent, "General", "Invalid Address", "HardBounce"),
            new(BounceReason.NotAccept, "not-accept", "The recipient's domain accepts no mail (null MX, 521/556).", BounceType.Hard, true, "notaccept", hardC, hard, H, "Bad domain", Permanent, "General", "Invalid Address", "HardBounce"),
            new(BounceReason.MailboxFull, "mailbox-full", "The mailbox is full or over quota.", BounceType.Soft, false, "mailboxfull", softC, soft, S, "Mailbox is full", Transient, "MailboxFull", "Mailbox Unavailable", "SoftBounce"),
            new(BounceReason.InactiveAccount, "inactive-account", "The account is disabled, suspended or inactive for now.", BounceType.Soft, false, "suspend", softC, soft, S, "Account is inactive", Transient, "General", "Mailbox Unavailable", "SoftBounce"),
            new(BounceReason.Filtered, "filtered", "A recipient-level filter refused the message.", BounceType.Block, false, "filtered", blockC, soft, T, "Other receiver error", Transient, "General", "Content", "Blocked"),
            new(BounceReason.Rejected, "rejected", "The envelope sender was refused (sender verification, sender domain).", BounceType.Block, false, "rejected", blockC, soft, T, "Other receiver error", Transient, "General", "Reputation", "Blocked"),
            new(BounceReason.Blocked, "blocked", "The sending IP or host is blocked or blocklisted.", BounceType.Block, false, "blocked", blockC, soft, T, "Other receiver error", Transient, "General", "Reputation", "Blocked"),
            new(BounceReason.BadReputation, "bad-reputation", "The sender's reputation is too low.", BounceType.Block, false, "badreputation", blockC, soft, T, "Other receiver error", Transient, "General", "Reputation", "Blocked"),
            new(BounceReason.SpamDetected, "spam-detected", "The message was refused as spam.", BounceType.Block, false, "spamdetected", blockC, soft, T, "Other receiver error", Transient, "ContentRejected", "Content", "SpamNotification"),
            new(BounceReason.VirusDetected, "virus-detected", "The message carried a virus.", BounceType.Block, false, "virusdetected", blockC, soft, T, "Data format error", Transient, "AttachmentRejected", "Content", "VirusNotification"),
            new(BounceReason.PolicyViolation, "policy-violation", "The message broke the receiver's policy.", BounceType.Block, false, "policyviolation", blockC, soft, T, "Other receiver error", Transient, "ContentRejected", "Content", "Blocked"),
            new(BounceReason.ContentError, "content-error", "The message content or format was refused.", BounceType.Block, false, "contenterror", blockC, soft, T, "Data format error", Transient, "ContentRejected", "Content", "Blocked"),
            new(BounceReason.SecurityError, "security-error", "A security check failed.", BounceType.Block, false, "securityerror", blockC, soft, T, "Other receiver error", Transient, "General", "Technical Failure", "Blocked"),
            new(BounceReason.AuthFailure, "auth-failure", "SPF, DKIM or DMARC authentication failed.", BounceType.Block, false, "authfailure", blockC, soft, T, "Other receiver error", Transient, "General", "Reputation", "DMARCPolicy"),
            new(BounceReason.RequirePtr, "require-ptr", "The sending IP lacks a valid reverse DNS (PTR) record.", BounceType.Block, false, "requireptr", blockC, soft, T, "Other receiver error", Transient, "General", "Reputation", "Blocked"),
            new(BounceReason.NoRelaying, "no-relaying", "The receiver refused to relay for the recipient's domain.", BounceType.Block, false, "norelaying", techC, soft, T, "Other receiver error", Transient, "General", "Technical Failure", "Blocked"),
            new(BounceReason.TlsRequired, "tls-required", "The receiver requires TLS and the connection had none.", BounceType.Block, false, "securityerror", techC, soft, T, "Other receiver error", Transient, "General", "Technical Failure", "Blocked"),
            new(BounceReason.NotCompliantRfc, "not-compliant-rfc", "The message does not comply with the RFCs.", BounceType.Block, false, "notcompliantrfc", techC, soft, T, "Data format error", Transient, "ContentRejected", "Content", "Blocked"),
            new(BounceReason.MessageTooBig, "message-too-big", "The message is larger than the receiving system allows.", BounceType.Block, false, "mesgtoobig", techC, soft, T, "Data format error", Transient, "MessageTooLarge", "Technical Failure", "SoftBounce"),
            new(BounceReason.ExceedsLimit, "exceeds-limit", "The message exceeds a per-recipient limit, such as the mailbox's size limit.", BounceType.Soft, false, "exceedlimit", softC, soft, T, "Data format error", Transient, "MessageTooLarge", "Mailbox Unavailable", "SoftBounce"),
            new(BounceReason.NetworkError, "network-error", "A network or DNS problem on the way to the recipient.", BounceType.Soft, false, "networkerror", techC, soft, T, "Network error", Transient, "General", "Technical Failure", "DnsError"),
            new(BounceReason.Expired, "expired", "Delivery was retried until it expired.", BounceType.Soft, false, "expired", techC, soft, T, "Other receiver error", Transient, "General", "Technical Failure", "Transient"),
            new(BounceReason.SystemError, "system-error", "The receiving system failed.", BounceType.Soft, false, "systemerror", techC, soft, T, "General error", Transient, "General", "Technical Failure", "Transient"),
            new(BounceReason.SystemFull, "system-full", "The receiving system's disk or queue is full.", BounceType.Soft, false, "systemfull", techC, soft, T, "Server is currently too busy", Transient, "General", "Technical Failure", "Transient"),
            new(BounceReason.TooManyConnections, "too-many-connections", "The receiver refused because of too many connections.", BounceType.Soft, false, "toomanyconn", techC, soft, T, "Server is currently too busy", Transient, "General", "Frequency or Volume Too High", "Transient"),
            new(BounceReason.RateLimited, "rate-limited", "The receiver throttled the sender for sending too fast or too much.", BounceType.Block, false, "speeding", blockC, soft, T, "Server is currently too busy", Transient, "General", "Frequency or Volume Too High", "Blocked"),
            new(BounceReason.SyntaxError, "syntax-error", "An SMTP syntax or protocol error.", BounceType.Soft, false, "syntaxerror", techC, soft, T, "Data format error", Transient, "General", "Technical Failure", "SMTPApiError"),
            new(BounceReason.MailerError, "mailer-error", "A local mailer program failed.", BounceType.Soft, false, "mailererror", techC, soft, T, "Other receiver error", Transient, "General", "Technical Failure", "Transient"),
            new(BounceReason.OnHold, "on-hold", "The failure was held or is not decided yet.", BounceType.Undetermined, false, "onhold", unknownC, soft, O, "No information", UndeterminedSes, "Undetermined", "Unclassified", "Unknown"),
            new(BounceReason.Vacation, "vacation", "An auto-reply, not a failure.", BounceType.NotABounce, false, "vacation", unknownC, null, O, "Auto-reply", null, null, null, "AutoResponder"),
            new(BounceReason.Delivered, "delivered", "A delivery notice, not a failure.", BounceType.NotABounce, false, "delivered", unknownC, null, O, "Delivered", null, null, null, null),
            new(BounceReason.Feedback, "feedback", "A complaint (feedback-loop) report, not a failure.", BounceType.NotABounce, false, "feedback", unknownC, null, O, "Complaint", null, null, null, "SpamComplaint"),
        ];

        for (int i = 0; i < rows.Length; i++)
        {
            if ((int)rows[i].Reason != i)
            {
                throw new InvalidOperationException($"Taxonomy row {i} is {rows[i].Reason}: rows must follow enum order.");
            }
        }

        return rows;
    }
}
