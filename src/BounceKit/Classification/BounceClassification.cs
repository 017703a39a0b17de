using BounceKit.Smtp;

namespace BounceKit.Classification;

/// <summary>The classifier's verdict on one failed delivery: type, reason, whether the address is a hard bounce, the
/// codes it used and the evidence that decided.</summary>
public readonly struct BounceClassification
{
    // The codes in one field, written from a register: the reply code's value in the low 16 bits, the status's packed
    // value in the high 32, and whether each is there. (Four fields had the JIT assemble them on the stack and copy
    // them as one 8-byte value, a store-forwarding stall on every classification.)
    private const ulong HasReply = 1UL << 16, HasStatus = 1UL << 17;
    private readonly ulong _codes;

    internal BounceClassification(
        BounceType type, BounceReason reason, bool isHardBounce, SmtpReplyCode? replyCode, EnhancedStatusCode? status,
        ReceivingProvider provider, EvidenceList evidence)
    {
        Type = type;
        Reason = reason;
        IsHardBounce = isHardBounce;
        _codes = (replyCode is { } r ? (uint)r.Value | HasReply : 0) | (status is { } s ? ((ulong)(uint)s.Packed << 32) | HasStatus : 0);
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
    public SmtpReplyCode? ReplyCode => (_codes & HasReply) != 0 ? new SmtpReplyCode((ushort)_codes) : null;

    /// <summary>The enhanced status used (given or found in the text).</summary>
    public EnhancedStatusCode? EnhancedStatus => (_codes & HasStatus) != 0 ? EnhancedStatusCode.FromPacked((int)(_codes >> 32)) : null;

    /// <summary>The receiving provider recognised from the remote MTA, the recipient domain or the text.</summary>
    public ReceivingProvider Provider { get; }

    /// <summary>The rules that decided, strongest first.</summary>
    public EvidenceList Evidence { get; }

    /// <summary>The taxonomy entry of <see cref="Reason"/>, with every vendor mapping.</summary>
    public BounceReasonInfo Info => Reason.Describe();

    /// <inheritdoc/>
    public override string ToString() => $"{Type.ToName()} {Reason.ToName()}";
}
