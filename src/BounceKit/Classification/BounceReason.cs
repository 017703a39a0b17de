namespace BounceKit.Classification;

/// <summary>Why a delivery failed: a closed set covering every Sisimai reason plus the distinctions the sources need.</summary>
/// <remarks>Each reason's kebab-case name, description, default <see cref="BounceType"/> and vendor mappings are in
/// <see cref="BounceTaxonomy"/> and <c>docs/taxonomy.md</c>.</remarks>
public enum BounceReason
{
    /// <summary>Not enough information to tell (Sisimai: undefined).</summary>
    Undefined = 0,

    /// <summary>The mailbox does not exist (Sisimai: userunknown).</summary>
    UserUnknown,

    /// <summary>The recipient domain does not exist or has no mail host (Sisimai: hostunknown).</summary>
    HostUnknown,

    /// <summary>The recipient moved and left no forwarding address (Sisimai: hasmoved).</summary>
    HasMoved,

    /// <summary>The account was closed, deleted or terminated for good (closest Sisimai: userunknown).</summary>
    ClosedAccount,

    /// <summary>The recipient domain accepts no mail: null MX, 521/556 (Sisimai: notaccept).</summary>
    NotAccept,

    /// <summary>The mailbox is full or over quota (Sisimai: mailboxfull).</summary>
    MailboxFull,

    /// <summary>The account is disabled, suspended or inactive for now (Sisimai: suspend).</summary>
    InactiveAccount,

    /// <summary>The recipient's own filter or the receiving system's address-level filter refused the message (Sisimai: filtered).</summary>
    Filtered,

    /// <summary>The envelope sender was refused: sender verification, sender domain, sender blocklisted (Sisimai: rejected).</summary>
    Rejected,

    /// <summary>The sending IP or host is blocked or blocklisted (Sisimai: blocked).</summary>
    Blocked,

    /// <summary>The sender's reputation is too low (Sisimai: badreputation).</summary>
    BadReputation,

    /// <summary>The message was refused as spam (Sisimai: spamdetected).</summary>
    SpamDetected,

    /// <summary>The message carried a virus (Sisimai: virusdetected).</summary>
    VirusDetected,

    /// <summary>The message broke the receiver's policy (Sisimai: policyviolation).</summary>
    PolicyViolation,

    /// <summary>The message content or format was refused (Sisimai: contenterror).</summary>
    ContentError,

    /// <summary>A security check failed (Sisimai: securityerror).</summary>
    SecurityError,

    /// <summary>SPF, DKIM or DMARC authentication failed (Sisimai: authfailure).</summary>
    AuthFailure,

    /// <summary>The sending IP lacks a valid reverse DNS (PTR) record (Sisimai: requireptr).</summary>
    RequirePtr,

    /// <summary>The receiver refused to relay for the recipient domain (Sisimai: norelaying).</summary>
    NoRelaying,

    /// <summary>The receiver requires TLS and the connection had none (closest Sisimai: securityerror).</summary>
    TlsRequired,

    /// <summary>The message does not comply with the RFCs (Sisimai: notcompliantrfc).</summary>
    NotCompliantRfc,

    /// <summary>The message is larger than the receiving system allows (Sisimai: mesgtoobig).</summary>
    MessageTooBig,

    /// <summary>The message exceeds a per-recipient limit, such as the mailbox's size limit (Sisimai: exceedlimit).</summary>
    ExceedsLimit,

    /// <summary>A network or DNS problem on the way (Sisimai: networkerror).</summary>
    NetworkError,

    /// <summary>Delivery was retried until it expired (Sisimai: expired).</summary>
    Expired,

    /// <summary>The receiving system failed (Sisimai: systemerror).</summary>
    SystemError,

    /// <summary>The receiving system's disk or queue is full (Sisimai: systemfull).</summary>
    SystemFull,

    /// <summary>The receiver refused because of too many connections (Sisimai: toomanyconn).</summary>
    TooManyConnections,

    /// <summary>The receiver throttled the sender for sending too fast or too much (Sisimai: speeding).</summary>
    RateLimited,

    /// <summary>An SMTP syntax or protocol error (Sisimai: syntaxerror).</summary>
    SyntaxError,

    /// <summary>A local mailer program failed (Sisimai: mailererror).</summary>
    MailerError,

    /// <summary>The failure was held for a human or is not decided yet (Sisimai: onhold).</summary>
    OnHold,

    /// <summary>An auto-reply, not a failure (Sisimai: vacation).</summary>
    Vacation,

    /// <summary>A delivery notice, not a failure (Sisimai: delivered).</summary>
    Delivered,

    /// <summary>A complaint (feedback-loop) report, not a failure (Sisimai: feedback).</summary>
    Feedback,
}
