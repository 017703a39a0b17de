namespace BounceKit.Policy;

/// <summary>What the CRM should show for a subscriber: bounce fields and consent flags, kept apart. This is what
/// adapters write.</summary>
/// <param name="SubscriberKey">The subscriber.</param>
/// <param name="HardBounce">True exactly while the subscriber is held (SFMC) or cleaned (Mailchimp).</param>
/// <param name="HardBounceDate">The most recent qualifying bounce while <paramref name="HardBounce"/>; null otherwise.</param>
/// <param name="SoftBounceCount">Soft bounces in the current series.</param>
/// <param name="LastBounceDate">The most recent bounce.</param>
/// <param name="LastBounceReason">The most recent bounce's reason text, truncated to the target field's length.</param>
/// <param name="Unsubscribed">True when consent was withdrawn; never set by a bounce.</param>
public sealed record CrmProjection(
    string SubscriberKey,
    bool HardBounce,
    DateTimeOffset? HardBounceDate,
    int SoftBounceCount,
    DateTimeOffset? LastBounceDate,
    string? LastBounceReason,
    bool Unsubscribed)
{
    /// <summary>The consent the subscriber's own events established: <see cref="ConsentStatus.Unknown"/> when there was
    /// no subscribe or unsubscribe event, and then a CRM sink leaves its opt-out fields alone.</summary>
    public ConsentStatus Consent { get; init; }

    /// <summary>Projects a state.</summary>
    /// <param name="state">The subscriber's state.</param>
    /// <param name="reasonLength">The target field's length for the reason text (500 in an SFMC data extension, 255 in
    /// Salesforce <c>EmailBouncedReason</c>).</param>
    /// <returns>The projection.</returns>
    public static CrmProjection From(SubscriberState state, int reasonLength = 500)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(reasonLength);
        string? reason = state.LastBounceText ?? (state.LastBounceReason is { } r ? Classification.BounceTaxonomy.ToName(r) : null);
        if (reason is { } text && text.Length > reasonLength)
        {
            // Never cut a surrogate pair in half: the target would get half a character.
            int cut = char.IsHighSurrogate(text[reasonLength - 1]) ? reasonLength - 1 : reasonLength;
            reason = text[..cut];
        }

        return new CrmProjection(
            state.SubscriberKey,
            state.IsSuppressed,
            state.IsSuppressed ? state.HardBounceDate : null,
            state.SoftBounceCount,
            state.LastBounce,
            reason,
            state.Consent == ConsentStatus.Unsubscribed)
        {
            Consent = state.Consent,
        };
    }
}
