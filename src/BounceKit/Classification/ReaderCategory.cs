namespace BounceKit.Classification;

/// <summary>The four bounce categories people read in newsletter reports (product rule 6).</summary>
public enum ReaderCategory
{
    /// <summary>No information.</summary>
    Other = 0,

    /// <summary>General hard bounce, invalid recipient, bad domain, address error, closed account.</summary>
    Hard,

    /// <summary>Mailbox is full, account is inactive.</summary>
    Soft,

    /// <summary>Server is currently too busy, network error, data format error, general error, other receiver error.</summary>
    Technical,
}
