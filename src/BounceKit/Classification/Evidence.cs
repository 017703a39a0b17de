using BounceKit.Smtp;

namespace BounceKit.Classification;

/// <summary>One rule that decided a classification, with the text it matched.</summary>
public readonly struct Evidence : IEquatable<Evidence>
{
    internal Evidence(EvidenceSource source, BounceReason reason, string? phrase, int start, int length, int code, ReceivingProvider provider)
    {
        Source = source;
        Reason = reason;
        Phrase = phrase;
        Start = start;
        Length = length;
        Code = code;
        Provider = provider;
    }

    /// <summary>The layer the rule belongs to.</summary>
    public EvidenceSource Source { get; }

    /// <summary>The reason the rule points to.</summary>
    public BounceReason Reason { get; }

    /// <summary>The phrase of a text or provider rule; <see langword="null"/> for code rules.</summary>
    public string? Phrase { get; }

    /// <summary>Where the match starts in <see cref="BounceInput.Text"/>, or -1 when the evidence is not from the text.</summary>
    public int Start { get; }

    /// <summary>The length of the match in <see cref="BounceInput.Text"/>.</summary>
    public int Length { get; }

    /// <summary>The provider of a provider rule.</summary>
    public ReceivingProvider Provider { get; }

    // Packed code: enhanced status as class*1e6+subject*1e3+detail, reply code as its value, command as its enum value.
    private int Code { get; }

    /// <summary>The matched span of the text that was classified.</summary>
    /// <param name="text">The same text that was classified.</param>
    /// <returns>The matched characters, or an empty span.</returns>
    public ReadOnlySpan<char> GetMatch(ReadOnlySpan<char> text) => Start >= 0 && Start + Length <= text.Length ? text.Slice(Start, Length) : default;

    /// <summary>A short description such as <c>status 5.1.1</c> or <c>text 'user unknown'</c>.</summary>
    /// <returns>The description.</returns>
    public override string ToString() => Source switch
    {
        EvidenceSource.Status => $"status {EnhancedStatusCode.FromPacked(Code)}",
        EvidenceSource.ReplyCode => $"reply {Code}",
        EvidenceSource.Command => $"command {CommandName((SmtpCommand)Code)}",
        EvidenceSource.Provider => $"{Provider.ToString().ToLowerInvariant()} '{Phrase}'",
        _ => $"text '{Phrase}'",
    };

    private static string CommandName(SmtpCommand command) => command switch
    {
        SmtpCommand.Connect => "CONN",
        SmtpCommand.Helo => "HELO",
        SmtpCommand.StartTls => "STARTTLS",
        SmtpCommand.Auth => "AUTH",
        SmtpCommand.MailFrom => "MAIL",
        SmtpCommand.RcptTo => "RCPT",
        SmtpCommand.Data => "DATA",
        _ => "unknown",
    };

    /// <inheritdoc/>
    public bool Equals(Evidence other) =>
        Source == other.Source && Reason == other.Reason && Phrase == other.Phrase && Start == other.Start && Length == other.Length && Code == other.Code && Provider == other.Provider;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is Evidence other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Source, Reason, Phrase, Start, Code);

    /// <summary>Equality.</summary>
    /// <param name="left">Left.</param>
    /// <param name="right">Right.</param>
    /// <returns>Whether they are equal.</returns>
    public static bool operator ==(Evidence left, Evidence right) => left.Equals(right);

    /// <summary>Inequality.</summary>
    /// <param name="left">Left.</param>
    /// <param name="right">Right.</param>
    /// <returns>Whether they differ.</returns>
    public static bool operator !=(Evidence left, Evidence right) => !left.Equals(right);
}
