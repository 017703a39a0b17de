namespace BounceKit.Dynamics;

/// <summary>The Dataverse table a subscriber key names a row of.</summary>
public enum DynamicsEntity
{
    /// <summary>The <c>contact</c> table (entity set <c>contacts</c>).</summary>
    Contact,

    /// <summary>The <c>lead</c> table (entity set <c>leads</c>).</summary>
    Lead,
}
