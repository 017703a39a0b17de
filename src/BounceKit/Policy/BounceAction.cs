namespace BounceKit.Policy;

/// <summary>What a policy does with a hard bounce: suppress the address at once, or count the bounce like any other.</summary>
public enum BounceAction
{
    /// <summary>Suppress at once: SFMC Held, Mailchimp Cleaned.</summary>
    Suppress,

    /// <summary>Count it: SFMC adds it to the Held threshold's series; Mailchimp notes it on the contact without cleaning.</summary>
    Count,
}
