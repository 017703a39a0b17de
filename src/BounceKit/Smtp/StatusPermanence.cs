namespace BounceKit.Smtp;

/// <summary>What the defining RFC says about whether a registered enhanced status is permanent.</summary>
public enum StatusPermanence
{
    /// <summary>The RFC makes no statement.</summary>
    Unspecified = 0,

    /// <summary>Meaningful only as a permanent failure (5.x.x).</summary>
    Permanent,

    /// <summary>Meaningful only as a persistent transient failure (4.x.x).</summary>
    Transient,

    /// <summary>May be either permanent or transient.</summary>
    Either,
}
