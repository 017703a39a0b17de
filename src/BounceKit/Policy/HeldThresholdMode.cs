namespace BounceKit.Policy;

/// <summary>How SFMC's "3 bounces / 15 days" Held threshold is read.</summary>
public enum HeldThresholdMode
{
    /// <summary>SFMC's documented rule (the default): at least Count bounces, and the first and the latest at least
    /// Days days apart ("more than 14 days" / "15+ days").</summary>
    MinimumSpan,

    /// <summary>The widely read article's reading: Count bounces within Days days.</summary>
    SlidingWindow,
}
