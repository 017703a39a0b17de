namespace BounceKit.MarketingCloud.Planning;

/// <summary>How <see cref="SfmcHeldPlanner"/> builds the plan.</summary>
public sealed class SfmcPlanOptions
{
    /// <summary>The start of the bounce window (inclusive). Required.</summary>
    public required DateTimeOffset Since { get; init; }

    /// <summary>The end of the bounce window (exclusive). Required.</summary>
    public required DateTimeOffset Until { get; init; }

    /// <summary>Only flag subscribers whose bounces in the window include a <c>Hard bounce</c> row (the narrower query of
    /// the source article). Default false: SFMC's Held status is the signal, whatever the category.</summary>
    public bool RequireHardBounce { get; init; }

    /// <summary>The length the reason is cut to: 500 for an SFMC data extension field (default), 255 for Salesforce
    /// <c>EmailBouncedReason</c>.</summary>
    public int ReasonLength { get; init; } = 500;

    /// <summary>Checks the settings.</summary>
    /// <returns>Every problem, named; empty when valid.</returns>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (Until <= Since)
        {
            errors.Add($"Until ({Until:O}) is not after Since ({Since:O}): the window is empty.");
        }

        if (ReasonLength < 1)
        {
            errors.Add($"ReasonLength is {ReasonLength}: it must be at least 1 (500 for an SFMC data extension, 255 for Salesforce EmailBouncedReason).");
        }

        return errors;
    }
}
