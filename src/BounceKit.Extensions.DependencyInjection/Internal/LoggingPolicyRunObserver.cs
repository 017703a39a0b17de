using BounceKit.Diagnostics;
using BounceKit.Policy;
using Microsoft.Extensions.Logging;

namespace BounceKit.Extensions.DependencyInjection.Internal;

/// <summary>Turns the policy runner's reports into log records. Event ids 1000-1099 belong to this package.
/// Subscriber keys that are addresses (SFMC keys often are) are masked.</summary>
internal sealed partial class LoggingPolicyRunObserver(ILogger<LedgerPolicyRunner> logger) : PolicyRunObserver
{
    public override void OnAppended(AppendResult result) => Appended(result.Stored, result.Duplicates, result.Subscribers.Count);

    public override void OnConflict(int attempt, int subscribers) => Conflict(attempt, subscribers);

    public override void OnTransition(SubscriberState state, StateTransition transition)
    {
        if (logger.IsEnabled(LogLevel.Information))
        {
            Transition(PersonalData.MaskKey(state.SubscriberKey), transition.From, transition.To, transition.At, PersonalData.MaskEmailsIn(transition.Decision));
        }
    }

    [LoggerMessage(1001, LogLevel.Debug, "Ledger stored {Stored} new events and ignored {Duplicates} repeats, for {Subscribers} subscribers")]
    private partial void Appended(int stored, int duplicates, int subscribers);

    [LoggerMessage(1002, LogLevel.Debug, "Attempt {Attempt}: {Subscribers} state writes lost to another writer; recomputing them")]
    private partial void Conflict(int attempt, int subscribers);

    [LoggerMessage(1003, LogLevel.Information, "Subscriber {SubscriberKey} went from {From} to {To} at {At:o}: {Decision}")]
    private partial void Transition(string subscriberKey, SubscriberStatus from, SubscriberStatus to, DateTimeOffset at, string decision);
}
