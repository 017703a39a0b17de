namespace BounceKit.Classification;

/// <summary>How to build a <see cref="BounceClassifier"/>: extra or overriding phrase rules, and built-in phrases to drop.</summary>
public sealed class BounceClassifierOptions
{
    /// <summary>Rules added to the built-in ones. A rule whose phrase (ignoring case) and provider equal a built-in
    /// rule's replaces it.</summary>
    public IList<PhraseRule> PhraseRules { get; } = new List<PhraseRule>();

    /// <summary>Built-in phrases to remove (ignoring case), for example one that misfires on a receiver's wording.</summary>
    public IList<string> RemovedPhrases { get; } = new List<string>();
}
