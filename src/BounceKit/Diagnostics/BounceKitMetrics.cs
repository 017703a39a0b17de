using System.Diagnostics.Metrics;

namespace BounceKit.Diagnostics;

/// <summary>The <c>BounceKit</c> meter and its instruments (System.Diagnostics.Metrics; collect them with
/// OpenTelemetry's <c>AddMeter("BounceKit")</c>, <c>dotnet-counters</c> or a <see cref="MeterListener"/>).</summary>
/// <remarks>
/// <list type="table">
/// <item><term><c>bouncekit.classifications</c></term><description>Counter: classifications, tagged <c>type</c> and <c>reason</c>.</description></item>
/// <item><term><c>bouncekit.policy.transitions</c></term><description>Counter: status changes, tagged <c>from</c> and <c>to</c>.</description></item>
/// <item><term><c>bouncekit.ledger.events</c></term><description>Counter: events offered to a ledger, tagged <c>outcome</c> (<c>stored</c> or <c>duplicate</c>).</description></item>
/// <item><term><c>bouncekit.adapter.requests</c></term><description>Counter: provider API calls, tagged <c>provider</c>, <c>operation</c> and <c>http.response.status_code</c> (0 when no response came).</description></item>
/// <item><term><c>bouncekit.adapter.failures</c></term><description>Counter: provider API calls that failed after all retries, tagged <c>provider</c>, <c>operation</c> and <c>error.type</c> (the status code or the exception type).</description></item>
/// <item><term><c>bouncekit.adapter.retries</c></term><description>Counter: retried attempts, tagged <c>provider</c> and <c>reason</c> (the status code or exception type of the attempt that failed).</description></item>
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

    private static readonly Counter<long> AdapterRequests = Meter.CreateCounter<long>("bouncekit.adapter.requests", "{request}", "Provider API calls, by provider, operation and status code.");

    private static readonly Counter<long> AdapterFailures = Meter.CreateCounter<long>("bouncekit.adapter.failures", "{request}", "Provider API calls that failed after all retries, by provider, operation and error type.");

    private static readonly Counter<long> AdapterRetries = Meter.CreateCounter<long>("bouncekit.adapter.retries", "{attempt}", "Retried provider API attempts, by provider and reason.");

    /// <summary>Records one provider API call (after its retries), for adapter packages.</summary>
    /// <param name="provider">The provider, for example <c>mailchimp</c>.</param>
    /// <param name="operation">A low-cardinality operation name, for example <c>members.get</c>; never an id or address.</param>
    /// <param name="statusCode">The final HTTP status code, or 0 when no response came.</param>
    /// <param name="errorType">Why the call failed (status code or exception type name), or <see langword="null"/> when it succeeded.</param>
    public static void RecordAdapterRequest(string provider, string operation, int statusCode, string? errorType)
    {
        var providerTag = new KeyValuePair<string, object?>("provider", provider);
        var operationTag = new KeyValuePair<string, object?>("operation", operation);
        if (AdapterRequests.Enabled)
        {
            AdapterRequests.Add(1, providerTag, operationTag, new KeyValuePair<string, object?>("http.response.status_code", statusCode));
        }

        if (errorType is not null && AdapterFailures.Enabled)
        {
            AdapterFailures.Add(1, providerTag, operationTag, new KeyValuePair<string, object?>("error.type", errorType));
        }
    }

    /// <summary>Records one retried attempt of a provider API call, for adapter packages' resilience callbacks.</summary>
    /// <param name="provider">The provider, for example <c>mailchimp</c>.</param>
    /// <param name="reason">The status code or exception type of the attempt that failed.</param>
    public static void RecordAdapterRetry(string provider, string reason)
    {
        if (AdapterRetries.Enabled)
        {
            AdapterRetries.Add(1, new KeyValuePair<string, object?>("provider", provider), new KeyValuePair<string, object?>("reason", reason));
        }
    }
}
