using System.Runtime.CompilerServices;
using BounceKit.Events;

namespace BounceKit.Policy;

/// <summary>An <see cref="IBounceLedger"/> in memory: for tests and single-process use. Thread-safe.</summary>
public sealed class InMemoryBounceLedger : IBounceLedger
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, DeliverabilityEvent> _events = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<DeliverabilityEvent>> _bySubscriber = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, (SubscriberState State, long Version)> _states = new(StringComparer.Ordinal);

    /// <inheritdoc/>
    public Task<AppendResult> AppendAsync(IReadOnlyCollection<DeliverabilityEvent> events, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(events);
        cancellationToken.ThrowIfCancellationRequested();
        var touched = new HashSet<string>(StringComparer.Ordinal);
        var storedIds = new HashSet<string>(StringComparer.Ordinal);
        int stored = 0;
        lock (_lock)
        {
            foreach (DeliverabilityEvent e in events)
            {
                if (_events.TryAdd(e.Id, e))
                {
                    stored++;
                    if (!_bySubscriber.TryGetValue(e.SubscriberKey, out List<DeliverabilityEvent>? list))
                    {
                        _bySubscriber[e.SubscriberKey] = list = [];
                    }

                    list.Add(e);
                    touched.Add(e.SubscriberKey);
                    storedIds.Add(e.Id);
                }
            }
        }

        return Task.FromResult(new AppendResult(touched, stored, events.Count - stored) { StoredIds = storedIds });
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<DeliverabilityEvent>> ReadEventsAsync(string subscriberKey, CancellationToken cancellationToken = default) =>
        [.. (await ReadEventsAsync([subscriberKey], cancellationToken).ConfigureAwait(false))[subscriberKey]];

    /// <inheritdoc/>
    public Task<(SubscriberState? State, long Version)> ReadStateAsync(string subscriberKey, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult<(SubscriberState?, long)>(_states.TryGetValue(subscriberKey, out (SubscriberState State, long Version) s) ? (s.State, s.Version) : (null, 0));
        }
    }

    /// <inheritdoc/>
    public async Task<bool> TryWriteStateAsync(SubscriberState state, long expectedVersion, CancellationToken cancellationToken = default) =>
        (await TryWriteStatesAsync([(state, expectedVersion)], cancellationToken).ConfigureAwait(false)).Count == 0;

    /// <inheritdoc/>
    public Task<ILookup<string, DeliverabilityEvent>> ReadEventsAsync(IReadOnlyCollection<string> subscriberKeys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(subscriberKeys);
        lock (_lock)
        {
            return Task.FromResult(subscriberKeys
                .Where(_bySubscriber.ContainsKey)
                .SelectMany(k => _bySubscriber[k])
                .ToList()
                .ToLookup(e => e.SubscriberKey, StringComparer.Ordinal));
        }
    }

    /// <inheritdoc/>
    public Task<IReadOnlyDictionary<string, long>> ReadVersionsAsync(IReadOnlyCollection<string> subscriberKeys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(subscriberKeys);
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyDictionary<string, long>>(subscriberKeys.Distinct(StringComparer.Ordinal)
                .ToDictionary(k => k, k => _states.TryGetValue(k, out (SubscriberState State, long Version) s) ? s.Version : 0, StringComparer.Ordinal));
        }
    }

    /// <inheritdoc/>
    public Task<IReadOnlyCollection<string>> TryWriteStatesAsync(IReadOnlyCollection<(SubscriberState State, long ExpectedVersion)> writes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(writes);
        var conflicts = new List<string>();
        lock (_lock)
        {
            foreach ((SubscriberState state, long expected) in writes)
            {
                long current = _states.TryGetValue(state.SubscriberKey, out (SubscriberState State, long Version) s) ? s.Version : 0;
                if (current == expected)
                {
                    _states[state.SubscriberKey] = (state, current + 1);
                }
                else
                {
                    conflicts.Add(state.SubscriberKey);
                }
            }
        }

        return Task.FromResult<IReadOnlyCollection<string>>(conflicts);
    }

    /// <inheritdoc/>
    public async IAsyncEnumerable<SubscriberState> ReadStatesAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        SubscriberState[] snapshot;
        lock (_lock)
        {
            snapshot = [.. _states.Values.Select(s => s.State)];
        }

        foreach (SubscriberState state in snapshot)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return state;
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }
}
