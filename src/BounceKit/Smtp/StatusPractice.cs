namespace BounceKit.Smtp;

/// <summary>How a registered enhanced status is usually meant when it appears in a bounce, whatever its class says.</summary>
/// <remarks>These are BounceKit's defaults (see <c>docs/smtp.md</c>), not RFC text; the classifier refines them with the
/// reply code and the diagnostic text.</remarks>
public enum StatusPractice
{
    /// <summary>Depends on the class digit and the diagnostic text.</summary>
    Contextual = 0,

    /// <summary>The recipient address is bad: a hard bounce.</summary>
    Hard,

    /// <summary>A temporary or mailbox-state problem: retry, suppress only after a threshold.</summary>
    Soft,

    /// <summary>A sender, policy or reputation problem: not the recipient address's fault.</summary>
    Block,

    /// <summary>A problem with this particular message (size, content, encoding).</summary>
    Message,

    /// <summary>A protocol or configuration problem between the two mail systems.</summary>
    Technical,

    /// <summary>Success, informational, or client-to-submission-server codes that should not describe a bounce.</summary>
    NotApplicable,
}
