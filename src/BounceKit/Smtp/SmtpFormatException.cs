namespace BounceKit.Smtp;

/// <summary>Thrown by the <c>Parse</c> methods of the SMTP value types when their input is not valid.</summary>
/// <remarks>The <c>TryParse</c> methods never throw; this exception is only built when <c>Parse</c> fails.</remarks>
public sealed class SmtpFormatException : FormatException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="error">What is wrong.</param>
    /// <param name="position">The zero-based index in the input at which the problem was found.</param>
    /// <param name="message">The message.</param>
    public SmtpFormatException(SmtpParseError error, int position, string message)
        : base(message)
    {
        Error = error;
        Position = position;
    }

    /// <summary>What is wrong with the input.</summary>
    public SmtpParseError Error { get; }

    /// <summary>The zero-based index in the input (characters, or bytes for UTF-8 input) where the problem was found.</summary>
    public int Position { get; }

    internal static SmtpFormatException Create(SmtpParseError error, int position, string what) =>
        new(error, position, $"Invalid {what} at position {position}: {Describe(error)}.");

    internal static string Describe(SmtpParseError error) => error switch
    {
        SmtpParseError.Empty => "the input is empty",
        SmtpParseError.ExpectedDigit => "a digit was expected",
        SmtpParseError.InvalidClass => "the class digit is not allowed",
        SmtpParseError.InvalidCategory => "the second digit must be 0-5",
        SmtpParseError.WrongLength => "a reply code has exactly three digits",
        SmtpParseError.ExpectedDot => "'.' was expected",
        SmtpParseError.NumberTooLong => "subject and detail have at most three digits",
        SmtpParseError.TrailingCharacters => "unexpected characters after the code",
        _ => "unknown error",
    };
}
