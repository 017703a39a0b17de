namespace BounceKit.Reporting;

/// <summary>A day with far more bounces than the days before it.</summary>
/// <param name="Day">The day (UTC).</param>
/// <param name="Bounces">Its bounces.</param>
/// <param name="TrailingAverage">The average of the preceding days in the trailing window.</param>
public sealed record BounceSpike(DateOnly Day, long Bounces, double TrailingAverage);
