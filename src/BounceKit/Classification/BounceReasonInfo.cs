namespace BounceKit.Classification;

/// <summary>Everything BounceKit knows about one <see cref="BounceReason"/>: its names, default verdict and its
/// counterpart in every vendor vocabulary.</summary>
public sealed class BounceReasonInfo
{
    internal BounceReasonInfo(
        BounceReason reason, string name, string description, BounceType defaultType, bool isHardBounce, string sisimaiReason,
        SfmcBounceCategory sfmcCategory, MailchimpBounceType? mailchimpType, ReaderCategory readerCategory, string readerLabel,
        string? sesBounceType, string? sesBounceSubType, string? sendGridClassification, string? postmarkType)
    {
        Reason = reason;
        Name = name;
        Description = description;
        DefaultType = defaultType;
        IsHardBounce = isHardBounce;
        SisimaiReason = sisimaiReason;
        SfmcCategory = sfmcCategory;
        MailchimpType = mailchimpType;
        ReaderCategory = readerCategory;
        ReaderLabel = readerLabel;
        SesBounceType = sesBounceType;
        SesBounceSubType = sesBounceSubType;
        SendGridClassification = sendGridClassification;
        PostmarkType = postmarkType;
    }

    /// <summary>The reason.</summary>
    public BounceReason Reason { get; }

    /// <summary>The kebab-case name used in output, for example <c>user-unknown</c>.</summary>
    public string Name { get; }

    /// <summary>One line saying what happened.</summary>
    public string Description { get; }

    /// <summary>The verdict this reason gives when nothing else (such as a transient class) says otherwise.</summary>
    public BounceType DefaultType { get; }

    /// <summary>Whether this reason, as a permanent failure, makes the address itself a hard bounce.</summary>
    public bool IsHardBounce { get; }

    /// <summary>The closest Sisimai reason name, for interoperability with that de-facto vocabulary.</summary>
    public string SisimaiReason { get; }

    /// <summary>The Salesforce Marketing Cloud <c>BounceCategory</c>.</summary>
    public SfmcBounceCategory SfmcCategory { get; }

    /// <summary>Mailchimp's bounce type, or <see langword="null"/> for reasons that are not bounces.</summary>
    public MailchimpBounceType? MailchimpType { get; }

    /// <summary>The reader-facing category of product rule 6.</summary>
    public ReaderCategory ReaderCategory { get; }

    /// <summary>The reader-facing label, for example "Invalid recipient" or "Mailbox is full".</summary>
    public string ReaderLabel { get; }

    /// <summary>Amazon SES <c>bounceType</c> (<c>Permanent</c>, <c>Transient</c>, <c>Undetermined</c>), or null when not a bounce.</summary>
    public string? SesBounceType { get; }

    /// <summary>Amazon SES <c>bounceSubType</c>, or null when not a bounce.</summary>
    public string? SesBounceSubType { get; }

    /// <summary>Twilio SendGrid's bounce classification, or null when not a bounce.</summary>
    public string? SendGridClassification { get; }

    /// <summary>Postmark's bounce <c>Type</c>, or null when Postmark has no counterpart.</summary>
    public string? PostmarkType { get; }

    /// <inheritdoc/>
    public override string ToString() => Name;
}
