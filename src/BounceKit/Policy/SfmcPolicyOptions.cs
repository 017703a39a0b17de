namespace BounceKit.Policy;

/// <summary>Settings of the <see cref="SfmcPolicy"/>.</summary>
public sealed class SfmcPolicyOptions
{
    /// <summary>Bounces in a series that can make a subscriber Held. Default 3; at least 1.</summary>
    public int Count { get; set; } = 3;

    /// <summary>Days of the threshold. Default 15; at least 1.</summary>
    public int Days { get; set; } = 15;

    /// <summary>How Count and Days combine. Default <see cref="HeldThresholdMode.MinimumSpan"/>.</summary>
    public HeldThresholdMode Mode { get; set; } = HeldThresholdMode.MinimumSpan;

    /// <summary>Which receivers are trusted ISPs: one hard bounce from them holds the address at once.</summary>
    public TrustedIspPolicy TrustedIsps { get; set; } = TrustedIspPolicy.Default;

    /// <summary>Whether block bounces (policy, reputation, content refusals) count towards Held. SFMC counts every
    /// bounce: default true. Set false so that a sender's reputation problem never holds its recipients.</summary>
    public bool CountBlockBounces { get; set; } = true;

    /// <summary>What a hard bounce from a trusted ISP does (default <see cref="BounceAction.Suppress"/>: Held at once,
    /// SFMC's documented rule).</summary>
    public BounceAction TrustedIspHardBounceAction { get; set; } = BounceAction.Suppress;

    /// <summary>What a hard bounce from any other domain does (default <see cref="BounceAction.Count"/>: SFMC treats it
    /// like a soft bounce, because a "Hard bounce" row from a small ISP is not proof the address is dead).
    /// <see cref="BounceAction.Suppress"/> holds on any hard bounce, as stricter senders do.</summary>
    public BounceAction OtherHardBounceAction { get; set; } = BounceAction.Count;

    /// <summary>Checks the settings.</summary>
    /// <returns>What is wrong, one message per problem; empty when valid.</returns>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (Count < 1)
        {
            errors.Add($"Count is {Count}: the Held threshold needs at least 1 bounce (SFMC uses 3).");
        }

        if (Days < 1)
        {
            errors.Add($"Days is {Days}: the Held threshold needs at least 1 day (SFMC uses 15).");
        }

        if (!Enum.IsDefined(Mode))
        {
            errors.Add($"Mode is {(int)Mode}: use MinimumSpan or SlidingWindow.");
        }

        if (!Enum.IsDefined(TrustedIspHardBounceAction))
        {
            errors.Add($"TrustedIspHardBounceAction is {(int)TrustedIspHardBounceAction}: use Suppress or Count.");
        }

        if (!Enum.IsDefined(OtherHardBounceAction))
        {
            errors.Add($"OtherHardBounceAction is {(int)OtherHardBounceAction}: use Suppress or Count.");
        }

        if (TrustedIsps is null)
        {
            errors.Add("TrustedIsps is null: use TrustedIspPolicy.Default, or an empty TrustedIspPolicy to trust nobody.");
        }

        return errors;
    }
}
