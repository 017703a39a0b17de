namespace BounceKit.Policy;

/// <summary>Hears what a <see cref="LedgerPolicyRunner"/> does, for logging and auditing; every member does nothing by
/// default.</summary>
/// <remarks>The core package depends on nothing but the BCL, so it reports through this hook and
/// <c>BounceKit.Extensions.DependencyInjection</c> turns it into <c>ILogger</c> records, the way Polly.Core reports
/// through telemetry listeners that Polly.Extensions bridges to logging. Members are called on the runner's thread and
/// should return quickly.</remarks>
public abstract class PolicyRunObserver
{
    /// <summary>Events were offered to the ledger.</summary>
    /// <param name="result">How many were stored and how many were repeats.</param>
    public virtual void OnAppended(AppendResult result)
    {
    }

    /// <summary>Some state writes lost a compare-and-set to another writer and will be recomputed.</summary>
    /// <param name="attempt">The attempt that lost (1 for the first).</param>
    /// <param name="subscribers">How many subscribers will be recomputed.</param>
    public virtual void OnConflict(int attempt, int subscribers)
    {
    }

    /// <summary>A subscriber's status changed because of an event of this run, and the new state was stored.</summary>
    /// <param name="state">The stored state.</param>
    /// <param name="transition">The change: from, to, when, which event and why.</param>
    public virtual void OnTransition(SubscriberState state, StateTransition transition)
    {
    }
}
