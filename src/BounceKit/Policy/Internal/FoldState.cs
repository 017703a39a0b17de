using BounceKit.Classification;

namespace BounceKit.Policy.Internal;

/// <summary>The mutable twin of <see cref="SubscriberState"/> that the built-in policies fold into: one public state is
/// built per subscriber at the end instead of one immutable copy per event.</summary>
/// <remarks>Every field of <see cref="SubscriberState"/>, so converting either way loses nothing (custom policies go
/// through that conversion).</remarks>
internal struct FoldState
{
    public string SubscriberKey;
    public SubscriberStatus Status;
    public DateTimeOffset? StatusSince;
    public ConsentStatus Consent;
    public int BounceCount;
    public int SoftBounceCount;
    public DateTimeOffset? FirstBounce;
    public DateTimeOffset? LastBounce;
    public DateTimeOffset? HardBounceDate;
    public BounceReason? LastBounceReason;
    public string? LastBounceText;
    public bool HasEngagement;
    public PolicyDecision Why;

    public FoldState(string subscriberKey, SubscriberStatus status, PolicyDecision why)
    {
        this = default;
        SubscriberKey = subscriberKey;
        Status = status;
        Why = why;
    }

    public static FoldState From(SubscriberState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return new FoldState(state.SubscriberKey, state.Status, state.Why)
        {
            StatusSince = state.StatusSince,
            Consent = state.Consent,
            BounceCount = state.BounceCount,
            SoftBounceCount = state.SoftBounceCount,
            FirstBounce = state.FirstBounce,
            LastBounce = state.LastBounce,
            HardBounceDate = state.HardBounceDate,
            LastBounceReason = state.LastBounceReason,
            LastBounceText = state.LastBounceText,
            HasEngagement = state.HasEngagement,
        };
    }

    public readonly SubscriberState ToState() => new()
    {
        SubscriberKey = SubscriberKey,
        Status = Status,
        StatusSince = StatusSince,
        Consent = Consent,
        BounceCount = BounceCount,
        SoftBounceCount = SoftBounceCount,
        FirstBounce = FirstBounce,
        LastBounce = LastBounce,
        HardBounceDate = HardBounceDate,
        LastBounceReason = LastBounceReason,
        LastBounceText = LastBounceText,
        HasEngagement = HasEngagement,
        Why = Why,
    };
}
