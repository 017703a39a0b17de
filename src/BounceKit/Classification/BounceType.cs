namespace BounceKit.Classification;

/// <summary>What a failed delivery says about the recipient address.</summary>
public enum BounceType
{
    /// <summary>Not enough information to tell.</summary>
    Undetermined = 0,

    /// <summary>The address is permanently undeliverable: it does not exist, its domain takes no mail, or it moved.</summary>
    Hard,

    /// <summary>A temporary, recipient-side problem (mailbox full, inactive account, server trouble): retry.</summary>
    Soft,

    /// <summary>The sender or the message was refused (policy, reputation, content, authentication): not the
    /// address's fault, so never a reason to suppress it.</summary>
    Block,

    /// <summary>Not a failure at all: an auto-reply, a delivery notice or a complaint report.</summary>
    NotABounce,
}
