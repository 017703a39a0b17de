namespace BounceKit.MarketingCloud.Planning;

/// <summary>What the CRM write-back does for one subscriber.</summary>
public enum SfmcPlanAction
{
    /// <summary>Set the hard-bounce flag and date: SFMC holds the subscriber and it bounced in the window.</summary>
    Flag,

    /// <summary>Clear the flag: the CRM has it flagged, and SFMC has the subscriber active again.</summary>
    Clear,
}
