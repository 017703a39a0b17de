namespace BounceKit.Policy;

/// <summary>Settings of the <see cref="MailchimpPolicy"/>.</summary>
public sealed class MailchimpPolicyOptions
{
    /// <summary>Soft bounces that clean a contact with no engagement history. Mailchimp: 7.</summary>
    public int SoftBouncesWithoutEngagement { get; set; } = 7;

    /// <summary>Soft bounces that clean a contact that has opened or clicked before. Mailchimp: 15.</summary>
    public int SoftBouncesWithEngagement { get; set; } = 15;

    /// <summary>Whether an open or click ends the soft-bounce series. Mailchimp does not document it; default false.</summary>
    public bool ResetOnEngagement { get; set; }

    /// <summary>Whether block bounces (policy, reputation, content refusals) count as soft bounces. Mailchimp counts
    /// them: default true.</summary>
    public bool CountBlockBounces { get; set; } = true;

    /// <summary>What a hard bounce does to a contact without engagement history (default
    /// <see cref="BounceAction.Suppress"/>: cleaned at once).</summary>
    public BounceAction HardBounceAction { get; set; } = BounceAction.Suppress;

    /// <summary>What a hard bounce does to a contact with engagement history (default <see cref="BounceAction.Suppress"/>).
    /// Mailchimp says it may keep a recently engaged contact and only note the bounce (provider-facts 1.4);
    /// <see cref="BounceAction.Count"/> does that: the bounce is recorded and the contact stays subscribed.</summary>
    public BounceAction EngagedHardBounceAction { get; set; } = BounceAction.Suppress;

    /// <summary>Checks the settings.</summary>
    /// <returns>What is wrong, one message per problem; empty when valid.</returns>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (SoftBouncesWithoutEngagement < 1)
        {
            errors.Add($"SoftBouncesWithoutEngagement is {SoftBouncesWithoutEngagement}: it must be at least 1 (Mailchimp uses 7).");
        }

        if (SoftBouncesWithEngagement < SoftBouncesWithoutEngagement)
        {
            errors.Add($"SoftBouncesWithEngagement ({SoftBouncesWithEngagement}) is below SoftBouncesWithoutEngagement ({SoftBouncesWithoutEngagement}): engaged contacts get at least as many chances (Mailchimp: 15 and 7).");
        }

        if (!Enum.IsDefined(HardBounceAction))
        {
            errors.Add($"HardBounceAction is {(int)HardBounceAction}: use Suppress or Count.");
        }

        if (!Enum.IsDefined(EngagedHardBounceAction))
        {
            errors.Add($"EngagedHardBounceAction is {(int)EngagedHardBounceAction}: use Suppress or Count.");
        }

        return errors;
    }
}
