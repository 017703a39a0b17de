using BounceKit.Events;

namespace BounceKit.Policy.Internal;

/// <summary>The buffers of one fold (the ordered events, the bounce series, the transitions), kept per thread and
/// reused: a fold of a 10-event history otherwise allocates more for its buffers than for its result.</summary>
/// <remarks>Rented and returned around each fold, so a nested fold on the same thread (a custom policy that evaluates
/// another subscriber from a callback) gets buffers of its own.</remarks>
internal sealed class FoldScratch
{
    // A history longer than this is rare; its buffer is dropped after the fold rather than kept for the thread's life.
    private const int MaxKeptEvents = 4096;

    [ThreadStatic]
    private static FoldScratch? t_cached;

    public DeliverabilityEvent[] Events { get; private set; } = new DeliverabilityEvent[16];

    public BounceSeries Series { get; } = new();

    public List<StateTransition> Transitions { get; } = [];

    private HashSet<string>? _seenIds;

    public HashSet<string> SeenIds => _seenIds ??= new HashSet<string>(StringComparer.Ordinal);

    public static FoldScratch Rent()
    {
        FoldScratch? scratch = t_cached;
        if (scratch is null)
        {
            return new FoldScratch();
        }

        t_cached = null;
        return scratch;
    }

    /// <summary>Makes room for <paramref name="count"/> events, keeping the first <paramref name="used"/>.</summary>
    public DeliverabilityEvent[] Grow(int count, int used)
    {
        DeliverabilityEvent[] bigger = new DeliverabilityEvent[Math.Max(count, Events.Length * 2)];
        Array.Copy(Events, bigger, used);
        Events = bigger;
        return bigger;
    }

    /// <summary>Clears what the fold left (so no event outlives it) and keeps the buffers for the thread's next fold.</summary>
    public void Return(int used)
    {
        if (Events.Length > MaxKeptEvents)
        {
            Events = new DeliverabilityEvent[16];
        }
        else
        {
            Array.Clear(Events, 0, Math.Min(used, Events.Length));
        }

        Series.Clear();
        Transitions.Clear();
        if (Transitions.Capacity > 256)
        {
            Transitions.Capacity = 16;
        }

        if (_seenIds is { Count: > MaxKeptEvents })
        {
            _seenIds = null;
        }
        else
        {
            _seenIds?.Clear();
        }

        t_cached = this;
    }
}
