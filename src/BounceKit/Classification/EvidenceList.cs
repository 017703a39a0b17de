using System.Collections;

namespace BounceKit.Classification;

/// <summary>The rules that decided a classification, strongest first; at most <see cref="MaxCount"/>, stored inline so
/// that a classification allocates nothing.</summary>
public readonly struct EvidenceList : IReadOnlyList<Evidence>
{
    /// <summary>The most evidence a classification keeps.</summary>
    public const int MaxCount = 4;

    // Compact entries, turned into Evidence values when read: the classification stays small (one reference, no
    // strings, 8 bytes an entry) and is built without materialising evidence nobody reads. A text or provider entry
    // names its rule, which gives the phrase, its length, the provider and the layer. Every piece of evidence points to
    // the classification's reason (the classifier keeps only evidence that agrees with its verdict), so it is stored once.
    private readonly PhraseRule[]? _rules;
    private readonly Entry _e0, _e1, _e2, _e3;
    private readonly BounceReason _reason;

    internal EvidenceList(PhraseRule[] rules, BounceReason reason, Entry e0, Entry e1, Entry e2, Entry e3, int count)
    {
        _rules = rules;
        _reason = reason;
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
        if (e.Rule >= 0)
        {
            PhraseRule rule = _rules![e.Rule];
            return new Evidence(rule.Source, _reason, rule.Phrase, e.Value, rule.Phrase.Length, 0, rule.Provider);
        }

        return new Evidence(e.CodeSource, _reason, null, -1, 0, e.Value, ReceivingProvider.Unknown);
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

    /// <summary>One piece of evidence in 64 bits: a phrase rule's index and where it matched, or a code's layer and the
    /// code (a status as <see cref="BounceKit.Smtp.EnhancedStatusCode.Packed"/>).</summary>
    internal readonly struct Entry
    {
        // Low 32 bits: the start of the match or the code; high 32: the rule's index, or the complement of the layer.
        private readonly ulong _bits;

        private Entry(int rule, int value) => _bits = (uint)value | ((ulong)(uint)rule << 32);

        /// <summary>The rule's index in the classifier's rules, or a negative value for a code.</summary>
        public int Rule => (int)(_bits >> 32);

        /// <summary>Where a phrase rule matched; else the code.</summary>
        public int Value => (int)(uint)_bits;

        /// <summary>The layer of a code entry.</summary>
        public EvidenceSource CodeSource => (EvidenceSource)~Rule;

        public static Entry ForRule(int rule, int start) => new(rule, start);

        public static Entry ForCode(EvidenceSource source, int code) => new(~(int)source, code);
    }
}
