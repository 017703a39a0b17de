using BounceKit.Events;

namespace BounceKit.Sync.Internal;

/// <summary>Holds a source's checkpoint writes back until the engine stored every event read before them.</summary>
internal sealed class DeferredCheckpointStore(ICheckpointStore inner) : ICheckpointStore
{
    private readonly Dictionary<string, string> _held = new(StringComparer.Ordinal);

    public Task<string?> GetCheckpointAsync(string key, CancellationToken cancellationToken = default)
    {
        lock (_held)
        {
            if (_held.TryGetValue(key, out string? value))
            {
                return Task.FromResult<string?>(value);
            }
        }

        return inner.GetCheckpointAsync(key, cancellationToken);
    }

    public Task SetCheckpointAsync(string key, string value, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        ArgumentNullException.ThrowIfNull(value);
        lock (_held)
        {
            _held[key] = value;
        }

        return Task.CompletedTask;
    }

    /// <summary>Writes the held checkpoints through.</summary>
    public async Task CommitAsync(CancellationToken cancellationToken)
    {
        KeyValuePair<string, string>[] held;
        lock (_held)
        {
            held = [.. _held];
            _held.Clear();
        }

        foreach ((string key, string value) in held)
        {
            await inner.SetCheckpointAsync(key, value, cancellationToken).ConfigureAwait(false);
        }
    }
}
