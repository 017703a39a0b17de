using System.Diagnostics.Metrics;

namespace BounceKit.Diagnostics;

/// <summary>The <c>BounceKit</c> meter and its instruments (System.Diagnostics.Metrics; collect them with
/// OpenTelemetry's <c>AddMeter("BounceKit")</c>, <c>dotnet-counters</c> or a <see cref="MeterListener"/>).</summary>
/// <remarks>
/// <list type="table">
/// <item><term><c>bouncekit.classifications</c></term><description>Counter: classifications, tagged <c>type</c> and <c>reason</c>.</description></item>
/// <item><term><c>bouncekit.policy.transitions</c></term><description>Counter: status changes, tagged <c>from</c> and <c>to</c>.</description></item>
/// <item><term><c>bouncekit.ledger.events</c></term><description>Counter: events offered to a ledger, tagged <c>outcome</c> (<c>stored</c> or <c>duplicate</c>).</description></item>
/// </list>
/// Recording costs one check of whether anything listens; with no listener nothing is allocated.
/// </remarks>
public static class BounceKitMetrics
{
    /// <summary>The meter name.</summary>
    public const string MeterName = "BounceKit";

    private static readonly Meter Meter = new(MeterName, typeof(BounceKitMetrics).Assembly.GetName().Version?.ToString());

    internal static readonly Counter<long> Classifications = Meter.CreateCounter<long>("bouncekit.classifications", "{classification}", "Bounces classified, by type and reason.");

    internal static readonly Counter<long> PolicyTransitions = Meter.CreateCounter<long>("bouncekit.policy.transitions", "{transition}", "Subscriber status changes, by from and to status.");

    internal static readonly Counter<long> LedgerEvents = Meter.CreateCounter<long>("bouncekit.ledger.events", "{event}", "Events offered to a ledger, by outcome (stored or duplicate).");
}
