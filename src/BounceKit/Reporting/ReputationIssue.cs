namespace BounceKit.Reporting;

/// <summary>Block bounces (blocklisting, reputation, policy, content) at one receiving provider.</summary>
/// <param name="Provider">The receiving provider (Google, Microsoft, ...) or, when not recognised, the recipient domain.</param>
/// <param name="Blocks">Block bounces there.</param>
/// <param name="Reasons">Their reasons, most frequent first.</param>
public sealed record ReputationIssue(string Provider, long Blocks, IReadOnlyList<KeyValuePair<string, long>> Reasons);
