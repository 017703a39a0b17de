using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace BounceKit.Classification.Internal;

/// <summary>Finds every occurrence of a few hundred phrases in a text, ignoring case, without allocating. A phrase
/// matches where a word starts (a letter after a non-word character; digits too when some phrase begins with one) or
/// at a punctuation character that begins some phrase (such as <c>[</c>), so <c>spam</c> does not match inside
/// <c>antispam</c> while <c>nosuchuser</c> still matches in <c>?p=NoSuchUser</c>.</summary>
/// <remarks>
/// <para>A vectorised pass finds the word starts. At each, the next four characters are read as one 64-bit value and
/// case-folded at once (<c>| 0x0020</c> per character), then looked up in a small open-addressing table of the phrases'
/// first four characters (and one of three-character phrases); the few phrases found are compared eight bytes at a
/// time. A bit filter on the first three characters rejects most word starts before any probe, and each table entry
/// carries the phrase's characters 5-8 so that most phrases sharing the first four are rejected with one comparison.</para>
/// <para>Measured alternatives (docs/performance.md): <c>SearchValues&lt;string&gt;</c> with 440 phrases (scalar
/// Aho-Corasick above ~80 values) about 2 µs per 150-character bounce; a trie walked character by character from each
/// word start 1.0 µs, at 3-8 ns a step.</para>
/// <para>Folding with <c>| 0x20</c> is exact for ASCII letters and leaves digits, space and most punctuation alone; it
/// would merge a few other characters (<c>@</c> with <c>`</c>, <c>[</c> with <c>{</c>), which the built-in phrases do
/// not rely on. Phrases with non-ASCII characters are compared with <see cref="StringComparison.OrdinalIgnoreCase"/>.</para>
/// </remarks>
internal sealed class PhraseIndex
{
    private const int CandidateBatch = 64;
    private const ulong FoldMask = 0x0020_0020_0020_0020UL;
    private const ulong ThreeChars = 0x0000_FFFF_FFFF_FFFFUL;
    private const ulong Golden = 0x9E3779B97F4A7C15UL;
    private const int FilterBits = 16;

    private readonly string[] _phrases;
    private readonly bool[] _ascii;

    // Open-addressing tables keyed by the folded first four (or, for three-character phrases, three) characters:
    // _keys[slot] is the key (0 = empty), _first/_count the slice of _byKey holding the phrases with that key.
    private readonly ulong[] _keys4, _keys3;
    private readonly int[] _first4, _count4, _first3, _count3;
    private readonly int[] _byKey;
    private readonly int _shift4, _shift3;

    // Per _byKey entry: the phrase's folded characters 5-8 and a mask of those it has (0 for non-ASCII phrases), so
    // that most phrases sharing the first four characters are rejected with one comparison, without a call.
    private readonly ulong[] _next, _nextMask;

    // A 65,536-bit filter on a hash of the folded first three characters of every phrase: most word starts ("the",
    // "for", "from", host names) fail it and skip both table lookups.
    private readonly ulong[] _startFilter = new ulong[1 << (FilterBits - 6)];

    // The same filter for the three-character phrases alone (there are few), so that their table is rarely probed.
    private readonly ulong[] _shortFilter = new ulong[1 << (FilterBits - 6)];

    // The punctuation characters that begin some phrase; other punctuation never starts a match.
    private readonly char[] _punctuationStarts;

    // Whether some phrase begins with a digit. When none does (the built-in rules), numbers (reply codes, status
    // codes, IP addresses, dates) are not looked up at all.
    private readonly bool _digitStarts;

    public PhraseIndex(IReadOnlyList<string> phrases)
    {
        _phrases = [.. phrases];
        _ascii = [.. _phrases.Select(p => p.All(char.IsAscii))];
        if (_phrases.FirstOrDefault(p => p.Length < 3) is { } tooShort)
        {
            throw new ArgumentException($"Phrase '{tooShort}' is shorter than three characters.", nameof(phrases));
        }

        _punctuationStarts = [.. _phrases.Select(p => p[0]).Where(c => !IsWord(c)).Distinct()];
        _digitStarts = _phrases.Any(p => char.IsAsciiDigit(p[0]));

        var groups4 = new Dictionary<ulong, List<int>>();
        var groups3 = new Dictionary<ulong, List<int>>();
        for (int i = 0; i < _phrases.Length; i++)
        {
            ulong key = FoldedKey(_phrases[i]);
            Dictionary<ulong, List<int>> groups = _phrases[i].Length >= 4 ? groups4 : groups3;
            if (!groups.TryGetValue(key, out List<int>? list))
            {
                groups[key] = list = [];
            }

            list.Add(i);
        }

        var byKey = new List<int>();
        (_keys4, _first4, _count4, _shift4) = BuildTable(groups4, byKey);
        (_keys3, _first3, _count3, _shift3) = BuildTable(groups3, byKey);
        _byKey = [.. byKey];

        _next = new ulong[_byKey.Length];
        _nextMask = new ulong[_byKey.Length];
        for (int k = 0; k < _byKey.Length; k++)
        {
            string phrase = _phrases[_byKey[k]];
            if (!_ascii[_byKey[k]])
            {
                continue;
            }

            for (int j = 4; j < 8 && j < phrase.Length; j++)
            {
                _next[k] |= (ulong)(ushort)(phrase[j] | 0x20) << (16 * (j - 4));
                _nextMask[k] |= 0xFFFFUL << (16 * (j - 4));
            }
        }

        foreach (string phrase in _phrases)
        {
            int bit = FilterIndex(FoldedKey(phrase) & ThreeChars);
            _startFilter[bit >> 6] |= 1UL << bit;
            if (phrase.Length == 3)
            {
                _shortFilter[bit >> 6] |= 1UL << bit;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int FilterIndex(ulong key3) => (int)((key3 * Golden) >> (64 - FilterBits));

    /// <summary>A phrase occurrence: which phrase, and where it starts.</summary>
    public readonly record struct Match(int Phrase, int Start);

    /// <summary>Writes the occurrences into <paramref name="matches"/> in text order (at most its length) and returns how many.</summary>
    public int FindAll(ReadOnlySpan<char> text, Span<Match> matches)
    {
        // Two loops rather than one: the vectorised scan only records candidate positions and the lookups run
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
                Vector256<ushort> starts = WordMask(current) & ~WordMask(previous) & (startable | ~DigitMask(current));
                foreach (char c in _punctuationStarts)
                {
                    starts |= Vector256.Equals(current, Vector256.Create((ushort)c));
                }

                uint mask = starts.ExtractMostSignificantBits();
                while (mask != 0)
                {
                    if (pending == candidates.Length)
                    {
                        LookUpAll(text, candidates, matches, ref count);
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
                    LookUpAll(text, candidates, matches, ref count);
                    pending = 0;
                }

                candidates[pending++] = i;
            }
        }

        LookUpAll(text, candidates[..pending], matches, ref count);
        return count;
    }

    private void LookUpAll(ReadOnlySpan<char> text, ReadOnlySpan<int> positions, Span<Match> matches, ref int count)
    {
        foreach (int at in positions)
        {
            int left = text.Length - at;
            if (left < 3)
            {
                continue;
            }

            ulong key = left >= 4
                ? Unsafe.ReadUnaligned<ulong>(ref Unsafe.As<char, byte>(ref Unsafe.Add(ref MemoryMarshal.GetReference(text), at))) | FoldMask
                : ((ulong)text[at] | ((ulong)text[at + 1] << 16) | ((ulong)text[at + 2] << 32)) | (FoldMask & ThreeChars);
            int bit = FilterIndex(key & ThreeChars);
            if ((_startFilter[bit >> 6] & (1UL << bit)) == 0)
            {
                continue;
            }

            ReadOnlySpan<char> rest = text[at..];
            ulong next;
            if (left >= 8)
            {
                next = Unsafe.ReadUnaligned<ulong>(ref Unsafe.As<char, byte>(ref Unsafe.Add(ref MemoryMarshal.GetReference(text), at + 4))) | FoldMask;
            }
            else
            {
                next = 0;
                for (int j = 4; j < left; j++)
                {
                    next |= (ulong)rest[j] << (16 * (j - 4));
                }

                next |= FoldMask;
            }

            if (left >= 4)
            {
                Emit(rest, at, next, Find(_keys4, _shift4, key), _first4, _count4, matches, ref count);
            }

            if ((_shortFilter[bit >> 6] & (1UL << bit)) != 0)
            {
                Emit(rest, at, next, Find(_keys3, _shift3, key & ThreeChars), _first3, _count3, matches, ref count);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Emit(ReadOnlySpan<char> rest, int at, ulong next, int slot, int[] first, int[] counts, Span<Match> matches, ref int count)
    {
        if (slot < 0)
        {
            return;
        }

        int end = first[slot] + counts[slot];
        for (int k = first[slot]; k < end && count < matches.Length; k++)
        {
            if ((next & _nextMask[k]) != _next[k])
            {
                continue;
            }

            int phrase = _byKey[k];
            if (_ascii[phrase] ? EqualsFolded(rest, _phrases[phrase]) : rest.StartsWith(_phrases[phrase], StringComparison.OrdinalIgnoreCase))
            {
                matches[count++] = new Match(phrase, at);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Find(ulong[] keys, int shift, ulong key)
    {
        if (keys.Length == 0)
        {
            return -1;
        }

        int mask = keys.Length - 1;
        for (int slot = (int)((key * Golden) >> shift); ; slot = (slot + 1) & mask)
        {
            ulong k = keys[slot];
            if (k == key)
            {
                return slot;
            }

            if (k == 0)
            {
                return -1;
            }
        }
    }

    /// <summary>Whether <paramref name="text"/> starts with <paramref name="phrase"/> under the <c>| 0x20</c> folding,
    /// comparing four characters at a time.</summary>
    private static bool EqualsFolded(ReadOnlySpan<char> text, string phrase)
    {
        if (text.Length < phrase.Length)
        {
            return false;
        }

        ref byte t = ref Unsafe.As<char, byte>(ref MemoryMarshal.GetReference(text));
        ref byte p = ref Unsafe.As<char, byte>(ref MemoryMarshal.GetReference(phrase.AsSpan()));
        int bytes = phrase.Length * sizeof(char);
        int k = 0;
        for (; k + sizeof(ulong) <= bytes; k += sizeof(ulong))
        {
            if ((Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref t, k)) | FoldMask) != (Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref p, k)) | FoldMask))
            {
                return false;
            }
        }

        for (; k < bytes; k += sizeof(char))
        {
            if ((Unsafe.ReadUnaligned<ushort>(ref Unsafe.Add(ref t, k)) | 0x20) != (Unsafe.ReadUnaligned<ushort>(ref Unsafe.Add(ref p, k)) | 0x20))
            {
                return false;
            }
        }

        return true;
    }

    private static ulong FoldedKey(string phrase)
    {
        ulong key = 0;
        for (int k = 0; k < 4 && k < phrase.Length; k++)
        {
            key |= (ulong)(ushort)(phrase[k] | 0x20) << (16 * k);
        }

        return key;
    }

    private static (ulong[] Keys, int[] First, int[] Count, int Shift) BuildTable(Dictionary<ulong, List<int>> groups, List<int> byKey)
    {
        if (groups.Count == 0)
        {
            return ([], [], [], 0);
        }

        int bits = BitOperations.Log2((uint)(groups.Count * 4)) + 1;
        var keys = new ulong[1 << bits];
        var first = new int[keys.Length];
        var counts = new int[keys.Length];
        int shift = 64 - bits;
        foreach ((ulong key, List<int> list) in groups)
        {
            int slot = (int)((key * 0x9E3779B97F4A7C15UL) >> shift);
            while (keys[slot] != 0)
            {
                slot = (slot + 1) & (keys.Length - 1);
            }

            keys[slot] = key;
            first[slot] = byKey.Count;
            counts[slot] = list.Count;
            byKey.AddRange(list);
        }

        return (keys, first, counts, shift);
    }

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
