using System.Collections.Concurrent;

namespace BounceKit.Events;

/// <summary>An <see cref="ICheckpointStore"/> in memory: for tests and for hosts that re-read from a fixed start.</summary>
public sealed class InMemoryCheckpointStore : ICheckpointStore
{
    private readonly ConcurrentDictionary<string, string> _values = new(StringComparer.Ordinal);

    /// <inheritdoc/>
    public Task<string?> GetCheckpointAsync(string key, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        return Task.FromResult(_values.TryGetValue(key, out string? value) ? value : null);
    }

    /// <inheritdoc/>
    public Task SetCheckpointAsync(string key, string value, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        ArgumentNullException.ThrowIfNull(value);
        _values[key] = value;
        return Task.CompletedTask;
    }
}
