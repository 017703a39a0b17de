namespace BounceKit.Smtp;

/// <summary>The IANA "Simple Mail Transfer Protocol (SMTP) Enhanced Status Codes" registry, X.0.0 to X.7.30, as data.</summary>
/// <remarks>
/// Titles and defining documents follow the registry (RFC 3463, 3886, 4468, 4954, 5248, 6531, 6710, 7293, 7372, 7505,
/// 8617, 8689). <see cref="EnhancedStatusCodeInfo.Practice"/> is BounceKit's reading of each code in a bounce, documented
/// in <c>docs/smtp.md</c>. Vendor codes outside the registry (for example Exchange Online's 5.7.5xx) are valid
/// <see cref="EnhancedStatusCode"/> values without an entry here.
/// </remarks>
public static class EnhancedStatusRegistry
{
    private static readonly EnhancedStatusCodeInfo[] Entries =
    [
        new(0, 0, "Other undefined status", "RFC 3463", StatusPermanence.Unspecified, StatusPractice.Contextual),
        new(1, 0, "Other address status", "RFC 3463", StatusPermanence.Unspecified, StatusPractice.Contextual),
        new(1, 1, "Bad destination mailbox address", "RFC 3463", StatusPermanence.Permanent, StatusPractice.Hard),
        new(1, 2, "Bad destination system address", "RFC 3463", StatusPermanence.Permanent, StatusPractice.Hard),
        new(1, 3, "Bad destination mailbox address syntax", "RFC 3463", StatusPermanence.Permanent, StatusPractice.Hard),
        new(1, 4, "Destination mailbox address ambiguous", "RFC 3463", StatusPermanence.Unspecified, StatusPractice.Hard),
        new(1, 5, "Destination address valid", "RFC 3463", StatusPermanence.Unspecified, StatusPractice.NotApplicable),
        new(1, 6, "Destination mailbox has moved, No forwarding address", "RFC 3463", StatusPermanence.Permanent, StatusPractice.Hard),
        new(1, 7, "Bad sender's mailbox address syntax", "RFC 3463", StatusPermanence.Unspecified, StatusPractice.Block),
        new(1, 8, "Bad sender's system address", "RFC 3463", StatusPermanence.Unspecified, StatusPractice.Block),
        new(1, 9, "Message relayed to non-compliant mailer", "RFC 3886", StatusPermanence.Unspecified, StatusPractice.NotApplicable),
        new(1, 10, "Recipient address has null MX", "RFC 7505", StatusPermanence.Unspecified, StatusPractice.Hard),
        new(2, 0, "Other or undefined mailbox status", "RFC 3463", StatusPermanence.Unspecified, StatusPractice.Contextual),
        new(2, 1, "Mailbox disabled, not accepting messages", "RFC 3463", StatusPermanence.Unspecified, StatusPractice.Contextual),
        new(2, 2, "Mailbox full", "RFC 3463", StatusPermanence.Transient, StatusPractice.Soft),
        new(2, 3, "Message length exceeds administrative limit", "RFC 3463", StatusPermanence.Permanent, StatusPractice.Message),
        new(2, 4, "Mailing list expansion problem", "RFC 3463", StatusPermanence.Either, StatusPractice.Soft),
        new(3, 0, "Other or undefined mail system status", "RFC 3463", StatusPermanence.Unspecified, StatusPractice.Contextual),
        new(3, 1, "Mail system full", "RFC 3463", StatusPermanence.Transient, StatusPractice.Soft),
        new(3, 2, "System not accepting network messages", "RFC 3463", StatusPermanence.Either, StatusPractice.Soft),
        new(3, 3, "System not capable of selected features", "RFC 3463", StatusPermanence.Unspecified, StatusPractice.Message),
        new(3, 4, "Message too big for system", "RFC 3463", StatusPermanence.Permanent, StatusPractice.Message),
        new(3, 5, "System incorrectly configured", "RFC 3463", StatusPermanence.Unspecified, StatusPractice.Soft),
        new(3, 6, "Requested priority was changed", "RFC 6710", StatusPermanence.Unspecified, StatusPractice.NotApplicable),
        new(4, 0, "Other or undefined network or routing status", "RFC 3463", StatusPermanence.Unspecified, StatusPractice.Soft),
        new(4, 1, "No answer from host", "RFC 3463", StatusPermanence.Transient, StatusPractice.Soft),
        new(4, 2, "Bad connection", "RFC 3463", StatusPermanence.Transient, StatusPractice.Soft),
        new(4, 3, "Directory server failure", "RFC 3463", StatusPermanence.Transient, StatusPractice.Soft),
        new(4, 4, "Unable to route", "RFC 3463", StatusPermanence.Either, StatusPractice.Contextual),
        new(4, 5, "Mail system congestion", "RFC 3463", StatusPermanence.Transient, StatusPractice.Soft),
        new(4, 6, "Routing loop detected", "RFC 3463", StatusPermanence.Transient, StatusPractice.Soft),
        new(4, 7, "Delivery time expired", "RFC 3463", StatusPermanence.Unspecified, StatusPractice.Soft),
        new(5, 0, "Other or undefined protocol status", "RFC 3463", StatusPermanence.Unspecified, StatusPractice.Contextual),
        new(5, 1, "Invalid command", "RFC 3463", StatusPermanence.Permanent, StatusPractice.Technical),
        new(5, 2, "Syntax error", "RFC 3463", StatusPermanence.Permanent, StatusPractice.Technical),
        new(5, 3, "Too many recipients", "RFC 3463", StatusPermanence.Unspecified, StatusPractice.Soft),
        new(5, 4, "Invalid command arguments", "RFC 3463", StatusPermanence.Permanent, StatusPractice.Technical),
        new(5, 5, "Wrong protocol version", "RFC 3463", StatusPermanence.Unspecified, StatusPractice.Technical),
        new(5, 6, "Authentication Exchange line is too long", "RFC 4954", StatusPermanence.Either, StatusPractice.NotApplicable),
        new(6, 0, "Other or undefined media error", "RFC 3463", StatusPermanence.Unspecified, StatusPractice.Message),
        new(6, 1, "Media not supported", "RFC 3463", StatusPermanence.Permanent, StatusPractice.Message),
        new(6, 2, "Conversion required and prohibited", "RFC 3463", StatusPermanence.Unspecified, StatusPractice.Message),
        new(6, 3, "Conversion required but not supported", "RFC 3463", StatusPermanence.Unspecified, StatusPractice.Message),
        new(6, 4, "Conversion with loss performed", "RFC 3463", StatusPermanence.Unspecified, StatusPractice.NotApplicable),
        new(6, 5, "Conversion Failed", "RFC 3463", StatusPermanence.Either, StatusPractice.Message),
        new(6, 6, "Message content not available", "RFC 4468", StatusPermanence.Unspecified, StatusPractice.NotApplicable),
        new(6, 7, "Non-ASCII addresses not permitted for that sender/recipient", "RFC 6531", StatusPermanence.Unspecified, StatusPractice.Contextual),
        new(6, 8, "UTF-8 string reply is required, but not permitted by the SMTP client", "RFC 6531", StatusPermanence.Unspecified, StatusPractice.Message),
        new(6, 9, "UTF-8 header message cannot be transferred to one or more recipients, so the message must be rejected", "RFC 6531", StatusPermanence.Unspecified, StatusPractice.Message),
        new(6, 10, "UTF-8 string reply is required, but not permitted by the SMTP client (deprecated duplicate of X.6.8)", "RFC 6531", StatusPermanence.Unspecified, StatusPractice.Message),
        new(7, 0, "Other or undefined security status", "RFC 3463", StatusPermanence.Unspecified, StatusPractice.Block),
        new(7, 1, "Delivery not authorized, message refused", "RFC 3463", StatusPermanence.Permanent, StatusPractice.Block),
        new(7, 2, "Mailing list expansion prohibited", "RFC 3463", StatusPermanence.Permanent, StatusPractice.Block),
        new(7, 3, "Security conversion required but not possible", "RFC 3463", StatusPermanence.Permanent, StatusPractice.Technical),
        new(7, 4, "Security features not supported", "RFC 3463", StatusPermanence.Permanent, StatusPractice.Technical),
        new(7, 5, "Cryptographic failure", "RFC 3463", StatusPermanence.Unspecified, StatusPractice.Technical),
        new(7, 6, "Cryptographic algorithm not supported", "RFC 3463", StatusPermanence.Unspecified, StatusPractice.Technical),
        new(7, 7, "Message integrity failure", "RFC 3463", StatusPermanence.Either, StatusPractice.Technical),
        new(7, 8, "Authentication credentials invalid", "RFC 4954", StatusPermanence.Unspecified, StatusPractice.NotApplicable),
        new(7, 9, "Authentication mechanism is too weak", "RFC 4954", StatusPermanence.Unspecified, StatusPractice.NotApplicable),
        new(7, 10, "Encryption Needed", "RFC 5248", StatusPermanence.Unspecified, StatusPractice.NotApplicable),
        new(7, 11, "Encryption required for requested authentication mechanism", "RFC 4954", StatusPermanence.Unspecified, StatusPractice.NotApplicable),
        new(7, 12, "A password transition is needed", "RFC 4954", StatusPermanence.Unspecified, StatusPractice.NotApplicable),
        new(7, 13, "User Account Disabled", "RFC 5248", StatusPermanence.Unspecified, StatusPractice.Contextual),
        new(7, 14, "Trust relationship required", "RFC 5248", StatusPermanence.Unspecified, StatusPractice.NotApplicable),
        new(7, 15, "Priority Level is too low", "RFC 6710", StatusPermanence.Either, StatusPractice.Soft),
        new(7, 16, "Message is too big for the specified priority", "RFC 6710", StatusPermanence.Either, StatusPractice.Message),
        new(7, 17, "Mailbox owner has changed", "RFC 7293", StatusPermanence.Unspecified, StatusPractice.Hard),
        new(7, 18, "Domain owner has changed", "RFC 7293", StatusPermanence.Unspecified, StatusPractice.Hard),
        new(7, 19, "RRVS test cannot be completed", "RFC 7293", StatusPermanence.Unspecified, StatusPractice.Contextual),
        new(7, 20, "No passing DKIM signature found", "RFC 7372", StatusPermanence.Unspecified, StatusPractice.Block),
        new(7, 21, "No acceptable DKIM signature found", "RFC 7372", StatusPermanence.Unspecified, StatusPractice.Block),
        new(7, 22, "No valid author-matched DKIM signature found", "RFC 7372", StatusPermanence.Unspecified, StatusPractice.Block),
        new(7, 23, "SPF validation failed", "RFC 7372", StatusPermanence.Unspecified, StatusPractice.Block),
        new(7, 24, "SPF validation error", "RFC 7372", StatusPermanence.Unspecified, StatusPractice.Block),
        new(7, 25, "Reverse DNS validation failed", "RFC 7372", StatusPermanence.Unspecified, StatusPractice.Block),
        new(7, 26, "Multiple authentication checks failed", "RFC 7372", StatusPermanence.Unspecified, StatusPractice.Block),
        new(7, 27, "Sender address has null MX", "RFC 7505", StatusPermanence.Unspecified, StatusPractice.Block),
        new(7, 28, "Mail flood detected", "IETF draft (unverified)", StatusPermanence.Unspecified, StatusPractice.Block),
        new(7, 29, "ARC validation failure", "RFC 8617", StatusPermanence.Unspecified, StatusPractice.Block),
        new(7, 30, "REQUIRETLS support required", "RFC 8689", StatusPermanence.Unspecified, StatusPractice.Technical),
    ];

    // Subjects 0-7, details 0-30: a direct lookup table instead of a dictionary.
    private const int MaxSubject = 7;
    private const int MaxDetail = 30;
    private static readonly EnhancedStatusCodeInfo?[] Table = BuildTable();

    /// <summary>Every registered entry, ordered by subject and detail.</summary>
    public static IReadOnlyList<EnhancedStatusCodeInfo> All { get; } = Array.AsReadOnly(Entries);

    /// <summary>Finds the entry for a subject and detail.</summary>
    /// <param name="subject">The subject (0-999).</param>
    /// <param name="detail">The detail (0-999).</param>
    /// <returns>The entry, or <see langword="null"/> when the combination is not registered.</returns>
    public static EnhancedStatusCodeInfo? Find(int subject, int detail) =>
        (uint)subject <= MaxSubject && (uint)detail <= MaxDetail ? Table[(subject * (MaxDetail + 1)) + detail] : null;

    private static EnhancedStatusCodeInfo?[] BuildTable()
    {
        var table = new EnhancedStatusCodeInfo?[(MaxSubject + 1) * (MaxDetail + 1)];
        foreach (EnhancedStatusCodeInfo e in Entries)
        {
            table[(e.Subject * (MaxDetail + 1)) + e.Detail] = e;
        }

        return table;
    }
}
