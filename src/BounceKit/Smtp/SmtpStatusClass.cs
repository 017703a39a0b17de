namespace BounceKit.Smtp;

/// <summary>The class (first digit) of an SMTP reply code or enhanced status code.</summary>
/// <remarks>RFC 5321 §4.2.1 for reply codes; RFC 3463 §3.1 for enhanced status codes, which only use 2, 4 and 5.</remarks>
public enum SmtpStatusClass
{
    /// <summary>No class: the default value of an uninitialised code.</summary>
    None = 0,

    /// <summary>2: positive completion (success).</summary>
    Success = 2,

    /// <summary>3: positive intermediate (the server wants more input). Reply codes only.</summary>
    Intermediate = 3,

    /// <summary>4: transient (persistent transient) failure; a later attempt may succeed.</summary>
    TransientFailure = 4,

    /// <summary>5: permanent failure; resending the same message unchanged will not succeed.</summary>
    PermanentFailure = 5,
}
