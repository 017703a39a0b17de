namespace BounceKit.MarketingCloud.Planning;

/// <summary>Which Salesforce CRM object a subscriber key names, read from its id prefix.</summary>
/// <remarks>Salesforce record ids start with a three-character key prefix: <c>003</c> is a Contact, <c>00Q</c> a Lead
/// (product rule 5). Anything else (an address used as key, another object) is <see cref="Unknown"/> and is reported,
/// never guessed.</remarks>
public enum SalesforceObject
{
    /// <summary>Not a Contact or Lead id.</summary>
    Unknown,

    /// <summary>A Contact (<c>003…</c>).</summary>
    Contact,

    /// <summary>A Lead (<c>00Q…</c>).</summary>
    Lead,
}
