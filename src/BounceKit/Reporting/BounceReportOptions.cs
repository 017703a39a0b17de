namespace BounceKit.Reporting;

/// <summary>How <see cref="BounceReportBuilder"/> finds spikes.</summary>
public sealed class BounceReportOptions
{
    /// <summary>Days before a day that make its baseline (default 7).</summary>
    public int TrailingDays { get; set; } = 7;

    /// <summary>A day is a spike when its bounces exceed this many times the trailing average (default 3).</summary>
    public double SpikeFactor { get; set; } = 3.0;

    /// <summary>Fewest bounces a spike day must have, so a quiet list does not alarm on 3 bounces (default 10).</summary>
    public long SpikeMinimum { get; set; } = 10;
}
