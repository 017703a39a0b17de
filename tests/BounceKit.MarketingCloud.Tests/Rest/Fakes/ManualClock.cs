namespace BounceKit.MarketingCloud.Tests.Rest.Fakes;

/// <summary>A clock that moves only when told; timers and timestamps stay real.</summary>
internal sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
