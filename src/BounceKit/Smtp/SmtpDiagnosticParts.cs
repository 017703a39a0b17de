namespace BounceKit.Smtp;

/// <summary>The parts of a diagnostic string found by <see cref="SmtpDiagnosticParser.Parse(ReadOnlySpan{char})"/>:
/// reply code, enhanced status and the human text, each optional, as positions in the original input.</summary>
/// <remarks>A value type that holds no reference to the input, so parsing allocates nothing; slice the text with
/// <see cref="GetText(ReadOnlySpan{char})"/>.</remarks>
public readonly struct SmtpDiagnosticParts : IEquatable<SmtpDiagnosticParts>
{
    private readonly SmtpReplyCode _replyCode;
    private readonly EnhancedStatusCode _enhancedStatus;

    internal SmtpDiagnosticParts(SmtpReplyCode replyCode, int replyCodeIndex, EnhancedStatusCode enhancedStatus, int enhancedStatusIndex, int textStart, int textEnd, SmtpDiagnosticTraits traits)
    {
        _replyCode = replyCode;
        _enhancedStatus = enhancedStatus;
        ReplyCodeIndex = replyCodeIndex;
        EnhancedStatusIndex = enhancedStatusIndex;
        TextStart = textStart;
        TextLength = textEnd - textStart;
        Traits = traits;
    }

    /// <summary>The SMTP reply code, or <see langword="null"/> when the text carries none.</summary>
    public SmtpReplyCode? ReplyCode => ReplyCodeIndex >= 0 ? _replyCode : null;

    /// <summary>The RFC 3463 enhanced status, or <see langword="null"/> when the text carries none.</summary>
    public EnhancedStatusCode? EnhancedStatus => EnhancedStatusIndex >= 0 ? _enhancedStatus : null;

    /// <summary>Where the reply code starts in the input, or -1.</summary>
    public int ReplyCodeIndex { get; }

    /// <summary>Where the enhanced status starts in the input, or -1.</summary>
    public int EnhancedStatusIndex { get; }

    /// <summary>Where the human text starts in the input (after any wrapper and leading codes).</summary>
    public int TextStart { get; }

    /// <summary>The length of the human text in the input (trailing white space and markers excluded).</summary>
    public int TextLength { get; }

    /// <summary>What the parser noticed about the shape of the input.</summary>
    public SmtpDiagnosticTraits Traits { get; }

    /// <summary>True when a reply code or an enhanced status was found.</summary>
    public bool HasCode => ReplyCodeIndex >= 0 || EnhancedStatusIndex >= 0;

    /// <summary>The human text, sliced from the input that was parsed.</summary>
    /// <param name="input">The same input that was given to the parser.</param>
    /// <returns>The text; continuation prefixes of multi-line replies are still inside it.</returns>
    public ReadOnlySpan<char> GetText(ReadOnlySpan<char> input) => input.Slice(TextStart, TextLength);

    /// <inheritdoc/>
    public bool Equals(SmtpDiagnosticParts other) =>
        _replyCode == other._replyCode && _enhancedStatus == other._enhancedStatus && ReplyCodeIndex == other.ReplyCodeIndex &&
        EnhancedStatusIndex == other.EnhancedStatusIndex && TextStart == other.TextStart && TextLength == other.TextLength && Traits == other.Traits;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is SmtpDiagnosticParts other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(_replyCode, _enhancedStatus, ReplyCodeIndex, EnhancedStatusIndex, TextStart, TextLength, Traits);

    /// <summary>Equality.</summary>
    /// <param name="left">Left.</param>
    /// <param name="right">Right.</param>
    /// <returns>Whether they are equal.</returns>
    public static bool operator ==(SmtpDiagnosticParts left, SmtpDiagnosticParts right) => left.Equals(right);

    /// <summary>Inequality.</summary>
    /// <param name="left">Left.</param>
    /// <param name="right">Right.</param>
    /// <returns>Whether they differ.</returns>
    public static bool operator !=(SmtpDiagnosticParts left, SmtpDiagnosticParts right) => !left.Equals(right);
}
