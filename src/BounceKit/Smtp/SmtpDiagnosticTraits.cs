namespace BounceKit.Smtp;

/// <summary>What the diagnostic parser noticed about the shape of a diagnostic string.</summary>
[Flags]
public enum SmtpDiagnosticTraits
{
    /// <summary>Nothing of note.</summary>
    None = 0,

    /// <summary>The text was wrapped: a <c>Diagnostic-Code:</c> field name, a diagnostic type such as <c>smtp;</c> or
    /// <c>X-Postfix;</c>, or Exchange's <c>#</c> markers.</summary>
    Wrapped = 1,

    /// <summary>The codes open the text (<c>550 5.1.1 ...</c>) rather than appearing inside it.</summary>
    CodesAtStart = 2,

    /// <summary>The reply spans several lines (<c>550-5.1.1 ...</c> continuations, on separate lines or folded onto one).</summary>
    MultiLine = 4,

    /// <summary>The class of the reply code and of the enhanced status disagree (for example <c>550 4.2.2</c>);
    /// both are kept. RFC 3463 says they should agree; trust the reply code for retry and the enhanced status for the subject.</summary>
    ClassMismatch = 8,
}
