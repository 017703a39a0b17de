using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace BounceKit.Classification.Internal;

/// <summary>Finds every occurrence of a few hundred phrases in a text, ignoring case, without allocating. A phrase
/// matches where a word starts (a letter or digit after a non-word character) or at a punctuation character that
/// begins some phrase (such as <c>[</c>), so <c>spam</c> does not match inside <c>antispam</c> while
/// <c>nosuchuser</c> still matches in <c>?p=NoSuchUser</c>.</summary>
/// <remarks>
/// <para>Why not <c>SearchValues&lt;string&gt;</c>: on the corpus it took about 2 µs per 150-character bounce with
/// 440 phrases (above ~80 values it walks a scalar Aho-Corasick automaton, and its vectorised Teddy search with 64
/// values was no faster because of false candidates). Comparing candidates with every phrase sharing the first
/// characters was no better: many phrases share "user ", "not ", "mailbox ".</para>
/// <para>Instead: a vectorised pass finds the word starts, and from each one a walk down a trie of the case-folded
/// phrases (a transition table over a small alphabet) reports every phrase that begins there. Most walks stop after
/// one or two characters.</para>
/// </remarks>
internal sealed class PhraseIndex
{
    private const int CandidateBatch = 64;

    private readonly int _classes;
    private readonly byte[] _asciiClass = new byte[128];
    private readonly Dictionary<char, byte> _otherClass = [];

    // The trie, kept small enough for the L1/L2 caches (a dense table of every node was 600 KB and walks stalled on
    // cache misses): the root's children in a dense table, every other node's children as a short slice of
    // (class, child) pairs. Node 0 is the root and never a child, so 0 means "no transition".
    private readonly ushort[] _rootNext;
    private readonly int[] _childStart;
    private readonly byte[] _childCount;
    private readonly byte[] _childClass;
    private readonly ushort[] _childNode;

    // Phrases ending at a node: _firstAt[node] is the first phrase index or -1; _nextSame links phrases with equal text.
    private readonly int[] _firstAt;
    private readonly int[] _nextSame;

    // The punctuation characters that begin some phrase (such as '[' in "[tss04]"); other punctuation never starts a match.
    private readonly char[] _punctuationStarts;

    // Whether some phrase begins with a digit. When none does (the built-in rules), numbers (reply codes, status
    // codes, IP addresses, dates), which make up a third of the word starts in a bounce, are not walked at all.
    private readonly bool _digitStarts;

    public PhraseIndex(IReadOnlyList<string> phrases)
    {
        string[] folded = [.. phrases.Select(p => p.ToLowerInvariant())];
        _punctuationStarts = [.. folded.Where(p => p.Length > 0).Select(p => p[0]).Where(c => !IsWord(c)).Distinct()];
        _digitStarts = folded.Any(p => p.Length > 0 && char.IsAsciiDigit(p[0]));

        // The alphabet: every character used by a phrase gets a class; everything else is class 0 and ends a walk.
        byte classes = 1;
        foreach (char c in folded.SelectMany(p => p).Distinct().Order())
        {
            if (c < 128)
            {
                _asciiClass[c] = classes;
                if (char.IsAsciiLetterLower(c))
                {
                    _asciiClass[char.ToUpperInvariant(c)] = classes;
                }
            }
            else
            {
                _otherClass[c] = classes;
            }

            classes = checked((byte)(classes + 1));
        }

        _classes = classes;

        // The trie.
        var next = new List<ushort[]> { new ushort[_classes] };
        var firstAt = new List<int> { -1 };
        _nextSame = new int[folded.Length];
        for (int p = 0; p < folded.Length; p++)
        {
            if (folded[p].Length == 0)
            {
                throw new ArgumentException("Phrases cannot be empty.", nameof(phrases));
            }

            int node = 0;
            foreach (char c in folded[p])
            {
                int cls = ClassOf(c);
                if (next[node][cls] == 0)
                {
                    next.Add(new ushort[_classes]);
                    firstAt.Add(-1);
                    next[node][cls] = checked((ushort)(next.Count - 1));
                }

                node = next[node][cls];
            }

            _nextSame[p] = firstAt[node];
            firstAt[node] = p;
        }

        _rootNext = next[0];
        _childStart = new int[next.Count];
        _childCount = new byte[next.Count];
        var childClass = new List<byte>();
        var childNode = new List<ushort>();
        for (int node = 1; node < next.Count; node++)
        {
            _childStart[node] = childClass.Count;
            for (int cls = 1; cls < _classes; cls++)
            {
                if (next[node][cls] != 0)
                {
                    childClass.Add((byte)cls);
                    childNode.Add(next[node][cls]);
                    _childCount[node]++;
                }
            }
        }

        _childClass = [.. childClass];
        _childNode = [.. childNode];
        _firstAt = [.. firstAt];
    }

    /// <summary>A phrase occurrence: which phrase, and where it starts.</summary>
    public readonly record struct Match(int Phrase, int Start);

    /// <summary>Writes the occurrences into <paramref name="matches"/> in text order (at most its length) and returns how many.</summary>
    public int FindAll(ReadOnlySpan<char> text, Span<Match> matches)
    {
        // Two loops rather than one: the vectorised scan only records candidate positions and the trie walks run
        // afterwards, so the scan keeps its vectors in registers.
        Span<int> candidates = stackalloc int[CandidateBatch];
        int count = 0, pending = 0, i = 0;
        if (Vector256.IsHardwareAccelerated && text.Length > Vector256<ushort>.Count)
        {
            if (IsCandidate(text, 0))
            {
                candidates[pending++] = 0;
            }

            ref ushort start = ref Unsafe.As<char, ushort>(ref MemoryMarshal.GetReference(text));
            Vector256<ushort> startable = _digitStarts ? Vector256<ushort>.AllBitsSet : Vector256<ushort>.Zero;
            for (i = 1; i + Vector256<ushort>.Count <= text.Length; i += Vector256<ushort>.Count)
            {
                // Lanes compare each character with the one before it, loaded one character earlier.
                Vector256<ushort> current = Vector256.LoadUnsafe(ref start, (nuint)i);
                Vector256<ushort> previous = Vector256.LoadUnsafe(ref start, (nuint)(i - 1));
                Vector256<ushort> startsWord = WordMask(current) & ~WordMask(previous) & (startable | ~DigitMask(current));
                foreach (char c in _punctuationStarts)
                {
                    startsWord |= Vector256.Equals(current, Vector256.Create((ushort)c));
                }

                uint mask = startsWord.ExtractMostSignificantBits();
                while (mask != 0)
                {
                    if (pending == candidates.Length)
                    {
                        WalkAll(text, candidates, matches, ref count);
                        pending = 0;
                    }

                    candidates[pending++] = i + BitOperations.TrailingZeroCount(mask);
                    mask &= mask - 1;
                }
            }
        }

        for (; i < text.Length; i++)
        {
            if (IsCandidate(text, i))
            {
                if (pending == candidates.Length)
                {
                    WalkAll(text, candidates, matches, ref count);
                    pending = 0;
                }

                candidates[pending++] = i;
            }
        }

        WalkAll(text, candidates[..pending], matches, ref count);
        return count;
    }

    private void WalkAll(ReadOnlySpan<char> text, ReadOnlySpan<int> positions, Span<Match> matches, ref int count)
    {
        foreach (int at in positions)
        {
            int node = 0;
            for (int k = at; k < text.Length; k++)
            {
                int cls = ClassOf(text[k]);
                if (cls == 0 || (node = node == 0 ? _rootNext[cls] : Child(node, cls)) == 0)
                {
                    break;
                }

                for (int p = _firstAt[node]; p >= 0 && count < matches.Length; p = _nextSame[p])
                {
                    matches[count++] = new Match(p, at);
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Child(int node, int cls)
    {
        int start = _childStart[node];
        int end = start + _childCount[node];
        ref byte classes = ref MemoryMarshal.GetArrayDataReference(_childClass);
        for (int i = start; i < end; i++)
        {
            if (Unsafe.Add(ref classes, i) == cls)
            {
                return _childNode[i];
            }
        }

        return 0;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int ClassOf(char c) =>
        c < 128 ? _asciiClass[c] : _otherClass.Count != 0 && _otherClass.TryGetValue(char.ToLowerInvariant(c), out byte cls) ? cls : 0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<ushort> WordMask(Vector256<ushort> v)
    {
        Vector256<ushort> letter = Vector256.LessThanOrEqual((v | Vector256.Create((ushort)0x20)) - Vector256.Create((ushort)'a'), Vector256.Create((ushort)25));
        Vector256<ushort> nonAscii = Vector256.GreaterThan(v, Vector256.Create((ushort)127));
        return letter | DigitMask(v) | nonAscii;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<ushort> DigitMask(Vector256<ushort> v) =>
        Vector256.LessThanOrEqual(v - Vector256.Create((ushort)'0'), Vector256.Create((ushort)9));

    private static bool IsWord(char c) => char.IsAsciiLetterOrDigit(c) || c > 127;

    private bool IsCandidate(ReadOnlySpan<char> text, int i)
    {
        char c = text[i];
        return IsWord(c)
            ? (i == 0 || !IsWord(text[i - 1])) && (_digitStarts || !char.IsAsciiDigit(c))
            : _punctuationStarts.AsSpan().Contains(c);
    }
}
