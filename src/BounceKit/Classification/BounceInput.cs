using BounceKit.Smtp;

namespace BounceKit.Classification;

/// <summary>What is known about one failed delivery: the diagnostic text and, when available, the codes, the SMTP
/// command, the recipient domain and the remote MTA.</summary>
/// <remarks>A <see langword="ref struct"/> over spans so that classifying allocates nothing. Codes given here win over
/// codes found in the text, except that a given enhanced status of the form X.0.0 gives way to a more specific one in
/// the text.</remarks>
public readonly ref struct BounceInput
{
    /// <summary>Creates an input from diagnostic text alone.</summary>
    /// <param name="text">The diagnostic text (SMTP reply, DSN <c>Diagnostic-Code</c>, SFMC <c>SMTPBounceReason</c>).</param>
    public BounceInput(ReadOnlySpan<char> text) => Text = text;

    /// <summary>The diagnostic text.</summary>
    public ReadOnlySpan<char> Text { get; init; }

    /// <summary>The RFC 3463 status from a DSN <c>Status:</c> field or a provider event, if known.</summary>
    public EnhancedStatusCode? EnhancedStatus { get; init; }

    /// <summary>The SMTP reply code, if known separately from the text.</summary>
    public SmtpReplyCode? ReplyCode { get; init; }

    /// <summary>The SMTP command the failure answered, if known.</summary>
    public SmtpCommand Command { get; init; }

    /// <summary>The recipient's domain, for example <c>gmail.com</c>.</summary>
    public ReadOnlySpan<char> RecipientDomain { get; init; }

    /// <summary>The host name of the remote MTA that answered, for example <c>gmail-smtp-in.l.google.com</c>.</summary>
    public ReadOnlySpan<char> RemoteMta { get; init; }
}
