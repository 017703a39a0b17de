using BounceKit.Events;

namespace BounceKit.Sync;

/// <summary>Where a sync reads deliverability events from: an email platform's API, an extract file, an event file.</summary>
/// <remarks>
/// <para>A source reads from its own checkpoint and writes the new position to the given
/// <see cref="ICheckpointStore"/> only after the caller took every event (the way
/// <c>MailchimpEventSource.ReadNewAsync</c> does). <see cref="SyncEngine"/> hands each source a store that holds those
/// writes back until every event read is stored in the ledger, so a crash re-reads rather than loses events. Events need
/// stable ids: the ledger ignores repeats.</para>
/// <para>Wrap an existing reader with <see cref="EventSource.Create"/>.</para>
/// </remarks>
public interface IEventSource
{
    /// <summary>A name unique within one sync, used in progress, summaries and errors.</summary>
    string Name { get; }

    /// <summary>Reads the events since the source's checkpoint.</summary>
    /// <param name="checkpoints">Where the source keeps its position.</param>
    /// <param name="cancellationToken">Cancels the reading; the checkpoint then stays where it was.</param>
    /// <returns>The events.</returns>
    IAsyncEnumerable<DeliverabilityEvent> ReadNewAsync(ICheckpointStore checkpoints, CancellationToken cancellationToken = default);
}

/// <summary>Creates <see cref="IEventSource"/>s from delegates.</summary>
public static class EventSource
{
    /// <summary>An event source that calls <paramref name="read"/>.</summary>
    /// <param name="name">The source's name.</param>
    /// <param name="read">Reads the new events, for example <c>(checkpoints, ct) =&gt; mailchimp.ReadNewAsync(checkpoints, listId, ct)</c>.</param>
    /// <returns>The source.</returns>
    public static IEventSource Create(string name, Func<ICheckpointStore, CancellationToken, IAsyncEnumerable<DeliverabilityEvent>> read)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(read);
        return new DelegateSource(name, read);
    }

    private sealed class DelegateSource(string name, Func<ICheckpointStore, CancellationToken, IAsyncEnumerable<DeliverabilityEvent>> read) : IEventSource
    {
        public string Name => name;

        public IAsyncEnumerable<DeliverabilityEvent> ReadNewAsync(ICheckpointStore checkpoints, CancellationToken cancellationToken = default) =>
            read(checkpoints, cancellationToken);
    }
}
