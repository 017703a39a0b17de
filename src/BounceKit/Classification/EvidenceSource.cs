namespace BounceKit.Classification;

/// <summary>Which layer of the classifier a piece of evidence comes from.</summary>
public enum EvidenceSource
{
    /// <summary>A phrase rule specific to one receiving provider.</summary>
    Provider = 1,

    /// <summary>A phrase rule matched in the diagnostic text.</summary>
    Text,

    /// <summary>The RFC 3463 enhanced status code.</summary>
    Status,

    /// <summary>The SMTP reply code.</summary>
    ReplyCode,

    /// <summary>The SMTP command the failure answered.</summary>
    Command,
}
