using System.Collections;

namespace BounceKit.Classification;

/// <summary>The rules that decided a classification, strongest first; at most <see cref="MaxCount"/>, stored inline so
/// that a classification allocates nothing.</summary>
public readonly struct EvidenceList : IReadOnlyList<Evidence>
{
    /// <summary>The most evidence a classification keeps.</summary>
    public const int MaxCount = 4;

    private readonly Evidence _e0, _e1, _e2, _e3;

    internal EvidenceList(Evidence e0, Evidence e1, Evidence e2, Evidence e3, int count)
    {
        _e0 = e0;
        _e1 = e1;
        _e2 = e2;
        _e3 = e3;
        Count = count;
    }

    /// <summary>How many pieces of evidence there are.</summary>
    public int Count { get; }

    /// <summary>The evidence at <paramref name="index"/>.</summary>
    /// <param name="index">0 to <see cref="Count"/> - 1.</param>
    /// <returns>The evidence.</returns>
    public Evidence this[int index] => (uint)index < (uint)Count
        ? index switch { 0 => _e0, 1 => _e1, 2 => _e2, _ => _e3 }
        : throw new ArgumentOutOfRangeException(nameof(index));

    internal EvidenceList Add(Evidence e) => Count switch
    {
        0 => new(e, default, default, default, 1),
        1 => new(_e0, e, default, default, 2),
        2 => new(_e0, _e1, e, default, 3),
        3 => new(_e0, _e1, _e2, e, 4),
        _ => this,
    };

    /// <summary>Returns an enumerator that does not allocate.</summary>
    /// <returns>The enumerator.</returns>
    public Enumerator GetEnumerator() => new(this);

    IEnumerator<Evidence> IEnumerable<Evidence>.GetEnumerator() => GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Enumerates an <see cref="EvidenceList"/>.</summary>
    public struct Enumerator : IEnumerator<Evidence>
    {
        private readonly EvidenceList _list;
        private int _index;

        internal Enumerator(EvidenceList list)
        {
            _list = list;
            _index = -1;
        }

        /// <inheritdoc/>
        public readonly Evidence Current => _list[_index];

        readonly object IEnumerator.Current => Current;

        /// <inheritdoc/>
        public bool MoveNext() => ++_index < _list.Count;

        /// <inheritdoc/>
        public void Reset() => _index = -1;

        /// <inheritdoc/>
        public readonly void Dispose()
        {
        }
    }
}
