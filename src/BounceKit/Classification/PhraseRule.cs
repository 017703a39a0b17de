namespace BounceKit.Classification;

/// <summary>A text rule: when <see cref="Phrase"/> occurs in the diagnostic (ignoring case), it points to
/// <see cref="Reason"/> with <see cref="Priority"/>.</summary>
/// <remarks>Rules with a <see cref="Provider"/> apply only when that receiving provider is recognised. The highest
/// priority wins; built-in priorities are: provider rules 90, strong phrases 70-80, ordinary phrases 50, weak phrases
/// 30; specific enhanced statuses 60, generic ones 20-40; reply codes 10-15; commands 12.</remarks>
public sealed class PhraseRule
{
    /// <summary>Creates a rule.</summary>
    /// <param name="phrase">The phrase, matched ignoring case. At least three characters.</param>
    /// <param name="reason">The reason it points to.</param>
    /// <param name="priority">0-100; higher wins.</param>
    /// <param name="provider">Apply only for this provider; <see cref="ReceivingProvider.Unknown"/> for any.</param>
    /// <exception cref="ArgumentException">The phrase is shorter than three characters or starts with white space.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The priority is outside 0-100 or the reason is not defined.</exception>
    public PhraseRule(string phrase, BounceReason reason, int priority = 50, ReceivingProvider provider = ReceivingProvider.Unknown)
    {
        ArgumentNullException.ThrowIfNull(phrase);
        if (phrase.Trim().Length < 3)
        {
            throw new ArgumentException($"Phrase '{phrase}' is too short: a phrase rule needs at least three characters.", nameof(phrase));
        }

        if (char.IsWhiteSpace(phrase[0]))
        {
            throw new ArgumentException($"Phrase '{phrase}' starts with white space: phrases match where a word starts, so remove the leading space.", nameof(phrase));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(priority);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(priority, 100);
        if (!Enum.IsDefined(reason))
        {
            throw new ArgumentOutOfRangeException(nameof(reason), reason, "Not a BounceReason.");
        }

        Phrase = phrase;
        Reason = reason;
        Priority = priority;
        Provider = provider;
    }

    /// <summary>The phrase, matched ignoring case.</summary>
    public string Phrase { get; }

    /// <summary>The reason the phrase points to.</summary>
    public BounceReason Reason { get; }

    /// <summary>0-100; higher wins.</summary>
    public int Priority { get; }

    /// <summary>The provider the rule is limited to, or <see cref="ReceivingProvider.Unknown"/> for any.</summary>
    public ReceivingProvider Provider { get; }

    /// <summary>The evidence layer of a match: provider rules are their own layer.</summary>
    internal EvidenceSource Source => Provider == ReceivingProvider.Unknown ? EvidenceSource.Text : EvidenceSource.Provider;

    /// <inheritdoc/>
    public override string ToString() => Provider == ReceivingProvider.Unknown
        ? $"'{Phrase}' -> {Reason.ToName()} ({Priority})"
        : $"{Provider}: '{Phrase}' -> {Reason.ToName()} ({Priority})";
}
