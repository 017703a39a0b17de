using BounceKit.Smtp;

namespace BounceKit.Classification;

/// <summary>The classifier's verdict on one failed delivery: type, reason, whether the address is a hard bounce, the
/// codes it used and the evidence that decided.</summary>
public readonly struct BounceClassification
{
    private readonly SmtpReplyCode _replyCode;
    private readonly EnhancedStatusCode _status;
    private readonly bool _hasReply, _hasStatus;

    internal BounceClassification(
        BounceType type, BounceReason reason, bool isHardBounce, SmtpReplyCode? replyCode, EnhancedStatusCode? status,
        ReceivingProvider provider, EvidenceList evidence)
    {
        Type = type;
        Reason = reason;
        IsHardBounce = isHardBounce;
        _hasReply = replyCode.HasValue;
        _replyCode = replyCode.GetValueOrDefault();
        _hasStatus = status.HasValue;
        _status = status.GetValueOrDefault();
        Provider = provider;
        Evidence = evidence;
    }

    /// <summary>Hard, soft, block, undetermined or not a bounce.</summary>
    public BounceType Type { get; }

    /// <summary>Why the delivery failed.</summary>
    public BounceReason Reason { get; }

    /// <summary>True only when the address itself is permanently undeliverable; what a CRM's hard-bounce flag may show.</summary>
    public bool IsHardBounce { get; }

    /// <summary>The SMTP reply code used (given or found in the text).</summary>
    public SmtpReplyCode? ReplyCode => _hasReply ? _replyCode : null;

    /// <summary>The enhanced status used (given or found in the text).</summary>
    public EnhancedStatusCode? EnhancedStatus => _hasStatus ? _status : null;

    /// <summary>The receiving provider recognised from the remote MTA, the recipient domain or the text.</summary>
    public ReceivingProvider Provider { get; }

    /// <summary>The rules that decided, strongest first.</summary>
    public EvidenceList Evidence { get; }

    /// <summary>The taxonomy entry of <see cref="Reason"/>, with every vendor mapping.</summary>
    public BounceReasonInfo Info => Reason.Describe();

    /// <inheritdoc/>
    public override string ToString() => $"{Type.ToName()} {Reason.ToName()}";
}
