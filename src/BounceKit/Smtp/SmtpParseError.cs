namespace BounceKit.Smtp;

/// <summary>Why a piece of SMTP text could not be parsed. Carried by <see cref="SmtpFormatException"/>.</summary>
public enum SmtpParseError
{
    /// <summary>No error.</summary>
    None = 0,

    /// <summary>The input is empty or only white space.</summary>
    Empty,

    /// <summary>A digit was expected.</summary>
    ExpectedDigit,

    /// <summary>The class digit is not allowed (reply codes: 2-5; enhanced status codes: 2, 4 or 5).</summary>
    InvalidClass,

    /// <summary>The second digit of a reply code is outside 0-5 (RFC 5321 §4.2).</summary>
    InvalidCategory,

    /// <summary>A reply code has fewer or more than three digits.</summary>
    WrongLength,

    /// <summary>An enhanced status code lacks the '.' separating class, subject and detail.</summary>
    ExpectedDot,

    /// <summary>An enhanced status subject or detail has more than three digits (RFC 3463 allows 1-3).</summary>
    NumberTooLong,

    /// <summary>Characters follow a complete code.</summary>
    TrailingCharacters,
}
