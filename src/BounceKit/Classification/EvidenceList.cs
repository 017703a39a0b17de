using System.Collections;

namespace BounceKit.Classification;

/// <summary>The rules that decided a classification, strongest first; at most <see cref="MaxCount"/>, stored inline so
/// that a classification allocates nothing.</summary>
public readonly struct EvidenceList : IReadOnlyList<Evidence>
{
    /// <summary>The most evidence a classification keeps.</summary>
    public const int MaxCount = 4;

    // Compact entries, turned into Evidence values when read: the classification stays small (one reference, no
    // strings) and is built without materialising evidence nobody reads. Text and provider entries name their rule,
    // which gives the phrase, its length and the provider.
    private readonly PhraseRule[]? _rules;
    private readonly Entry _e0, _e1, _e2, _e3;

    internal EvidenceList(PhraseRule[] rules, Entry e0, Entry e1, Entry e2, Entry e3, int count)
    {
        _rules = rules;
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
        ? Materialise(index switch { 0 => _e0, 1 => _e1, 2 => _e2, _ => _e3 })
        : throw new ArgumentOutOfRangeException(nameof(index));

    private Evidence Materialise(Entry e)
    {
        if (e.Source is EvidenceSource.Text or EvidenceSource.Provider)
        {
            PhraseRule rule = _rules![e.Rule];
            return new Evidence(e.Source, e.Reason, rule.Phrase, e.Value, rule.Phrase.Length, 0, rule.Provider);
        }

        return new Evidence(e.Source, e.Reason, null, -1, 0, e.Value, ReceivingProvider.Unknown);
    }

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

    /// <summary>One piece of evidence, compactly: its layer, reason and, for a text or provider rule, the rule's index
    /// and where it matched; for a code, the packed code (see <see cref="Evidence.PackStatus"/>).</summary>
    internal readonly struct Entry
    {
        private readonly byte _source, _reason;

        internal Entry(EvidenceSource source, BounceReason reason, int rule, int value)
        {
            _source = (byte)source;
            _reason = (byte)reason;
            Rule = rule;
            Value = value;
        }

        public EvidenceSource Source => (EvidenceSource)_source;

        public BounceReason Reason => (BounceReason)_reason;

        /// <summary>The rule's index in the classifier's rules (text and provider evidence).</summary>
        public int Rule { get; }

        /// <summary>Where a text or provider rule matched; else the code.</summary>
        public int Value { get; }
    }
}
