namespace BounceKit.Reporting;

/// <summary>Bounce counts of one group (a domain, a reason, a day or a campaign).</summary>
/// <param name="Key">The group: a domain, a reason name, a day (<c>yyyy-MM-dd</c>, UTC) or a campaign/job id.</param>
/// <param name="Sent">Sends seen in the group (<c>Sent</c> events).</param>
/// <param name="Bounces">Bounces in the group.</param>
/// <param name="Hard">Bounces that make the address a hard bounce.</param>
/// <param name="Soft">Temporary, recipient-side bounces.</param>
/// <param name="Block">Bounces where the sender or message was refused (policy, reputation, content).</param>
public sealed record BounceGroup(string Key, long Sent, long Bounces, long Hard, long Soft, long Block)
{
    /// <summary>Bounces per send, when sends were seen; <see langword="null"/> otherwise.</summary>
    public double? Rate => Sent > 0 ? (double)Bounces / Sent : null;
}
