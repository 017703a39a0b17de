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
/// case-folded at once (<c>| 0x0020</c> per character); a byte table indexed by a hash of them (and one of the first
/// three) rejects most word starts right in the scan, without a branch. The survivors are looked up in one
/// open-addressing table keyed by the folded first 12 characters of phrases of 12 or more characters, the first 8 of
/// phrases of 8 to 11, the first 4 of shorter ones and the first 3 of three-character ones, so that a key names one
/// phrase or a handful; each entry carries the phrase's next four characters (one 64-bit comparison) and only longer
/// phrases compare the rest.</para>
/// <para>Measured alternatives (docs/performance.md): <c>SearchValues&lt;string&gt;</c> with 440 phrases (scalar
/// Aho-Corasick above ~80 values) about 2 µs per 150-character bounce; a trie walked character by character from each
/// word start 1.0 µs, at 3-8 ns a step; one table keyed by the first four characters only 0.6 µs, because groups such
/// as <c>mail</c> held 33 phrases.</para>
/// <para>Folding with <c>| 0x20</c> is exact for ASCII letters and leaves digits, space and most punctuation alone; it
/// would merge a few other characters (<c>@</c> with <c>`</c>, <c>[</c> with <c>{</c>), which the built-in phrases do
/// not rely on. Phrases with non-ASCII characters are keyed by their first four characters under that folding and
/// compared whole with <see cref="StringComparison.OrdinalIgnoreCase"/>.</para>
/// </remarks>
internal sealed class PhraseIndex
{
    private const int ChunkBlocks = 16;
    private const ulong FoldMask = 0x0020_0020_0020_0020UL;
    private const ulong ThreeChars = 0x0000_FFFF_FFFF_FFFFUL;
    private const ulong Golden = 0x9E3779B97F4A7C15UL;
    private const ulong Mix1 = 0xC2B2AE3D27D4EB4FUL;
    private const ulong Mix2 = 0x165667B19E3779F9UL;
    private const int FlagBits = 14;

    // What the byte table says about a word start, at three places: at a hash of its first eight characters, whether
    // some phrase keyed by 12 (Long) or 8 (Middle) characters starts with them; at a hash of its first four, whether
    // some phrase keyed by 4 is them (Short); at a hash of its first three, whether some three-character phrase is.
    private const byte Long = 1, Middle = 2, Eight = Long | Middle, Short = 4, Three = 8;

    private readonly string[] _phrases;

    // The phrases by key (the folded first 12, 8, 4 or 3 characters; unused parts 0): an open-addressing table whose
    // slots point to a slice of _entries, the phrases with that key in phrase order.
    private readonly Slot[] _slots;
    private readonly int _shift;
    private readonly Entry[] _entries;

    // The byte table on hashes of the first eight (Long, Middle), four (Short) or three (Three) folded characters.
    private readonly byte[] _flags = new byte[1 << FlagBits];

    // Phrase indexes in the order matches at one position are reported: four or more characters first, by index,
    // then three-character ones. Used only when the output buffer runs out of room.
    private readonly int[] _order;

    // The punctuation characters that begin some phrase; other punctuation never starts a match.
    private readonly char[] _punctuationStarts;

    // Whether some phrase begins with a digit. When none does (the built-in rules), numbers (reply codes, status
    // codes, IP addresses, dates) are not looked up at all.
    private readonly bool _digitStarts;

    public PhraseIndex(IReadOnlyList<string> phrases)
    {
        _phrases = [.. phrases];
        if (_phrases.FirstOrDefault(p => p.Length < 3) is { } tooShort)
        {
            throw new ArgumentException($"Phrase '{tooShort}' is shorter than three characters.", nameof(phrases));
        }

        _punctuationStarts = [.. _phrases.Select(p => p[0]).Where(c => !IsWord(c)).Distinct()];
        _digitStarts = _phrases.Any(p => char.IsAsciiDigit(p[0]));
        _order = [.. Enumerable.Range(0, _phrases.Length).OrderBy(i => _phrases[i].Length == 3 ? 1 : 0).ThenBy(i => i)];

        var groups = new Dictionary<(ulong, ulong, ulong), List<int>>();
        for (int i = 0; i < _phrases.Length; i++)
        {
            string phrase = _phrases[i];
            int keyLength = KeyLength(phrase);
            var key = (Folded(phrase, 0, Math.Min(keyLength, 4)), Folded(phrase, 4, keyLength - 4), Folded(phrase, 8, keyLength - 8));
            if (!groups.TryGetValue(key, out List<int>? list))
            {
                groups[key] = list = [];
            }

            list.Add(i);
            if (keyLength == 3)
            {
                _flags[Hash3(key.Item1)] |= Three;
            }
            else if (keyLength == 4)
            {
                _flags[Hash4(key.Item1)] |= Short;
            }
            else
            {
                _flags[Hash8(key.Item1, key.Item2)] |= keyLength == 12 ? Long : Middle;
            }
        }

        int bits = BitOperations.Log2((uint)(groups.Count * 2)) + 1;
        _slots = new Slot[1 << bits];
        _shift = 64 - bits;
        var entries = new List<Entry>();
        foreach (((ulong k0, ulong k1, ulong k2), List<int> list) in groups)
        {
            int slot = SlotOf(k0, k1, k2);
            while (_slots[slot].K0 != 0)
            {
                slot = (slot + 1) & (_slots.Length - 1);
            }

            _slots[slot] = new Slot { K0 = k0, K1 = k1, K2 = k2, First = entries.Count, Count = list.Count };
            foreach (int i in list)
            {
                string phrase = _phrases[i];
                int keyLength = KeyLength(phrase);
                bool ascii = phrase.All(char.IsAscii);
                int next = ascii ? Math.Clamp(phrase.Length - keyLength, 0, 4) : 0;
                entries.Add(new Entry
                {
                    Next = Folded(phrase, keyLength, next),
                    NextMask = next == 0 ? 0 : ulong.MaxValue >> (16 * (4 - next)),
                    Phrase = i,
                    Length = phrase.Length,
                    Rest = ascii ? (phrase.Length > keyLength + 4 ? 1 : 0) : 2,
                });
            }
        }

        _entries = [.. entries];
    }

    /// <summary>A phrase occurrence: which phrase, and where it starts.</summary>
    public readonly record struct Match(int Phrase, int Start);

    /// <summary>Writes the occurrences into <paramref name="matches"/> in text order (at most its length) and returns how many.</summary>
    public int FindAll(ReadOnlySpan<char> text, Span<Match> matches) => FindAll(text, 0, matches);

    /// <summary>Writes the occurrences that start at <paramref name="from"/> or later into <paramref name="matches"/> in
    /// text order (at most its length) and returns how many. The character before <paramref name="from"/> still decides
    /// whether a word starts there, so a search resumed after a full buffer finds what one long search would have.</summary>
    [SkipLocalsInit]
    public int FindAll(ReadOnlySpan<char> text, int from, Span<Match> matches)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(from);

        // Two loops rather than one: the vectorised scan of a chunk of the text only records the word starts the byte
        // table lets through, and the lookups run afterwards, so the scan makes no calls and keeps its values in
        // registers.
        Span<int> candidates = stackalloc int[(ChunkBlocks * Vector256<ushort>.Count) + 1 + 4];
        int count = 0, length = text.Length;
        if (Vector256.IsHardwareAccelerated && length > Vector256<ushort>.Count)
        {
            // The scan reads the character before each block, so the text's first one is tried on its own.
            int pending = 0;
            if (from == 0)
            {
                candidates[0] = 0;
                pending = IsCandidate(text, 0) ? 1 : 0;
                from = 1;
            }

            for (int i = from; i < length && count < matches.Length; i += ChunkBlocks * Vector256<ushort>.Count)
            {
                pending = Scan(text, i, candidates, pending);
                LookUpAll(text, candidates[..pending], matches, ref count);
                pending = 0;
            }
        }
        else
        {
            // Without 256-bit vectors (or for texts of 16 characters or fewer): one character at a time, looking up a
            // full buffer of candidates whenever it fills.
            int pending = 0;
            for (int i = from; i < length && count < matches.Length; i++)
            {
                if (IsCandidate(text, i))
                {
                    candidates[pending++] = i;
                    if (pending == candidates.Length)
                    {
                        LookUpAll(text, candidates, matches, ref count);
                        pending = 0;
                    }
                }
            }

            LookUpAll(text, candidates[..pending], matches, ref count);
        }

        return count;
    }

    /// <summary>Appends to <paramref name="candidates"/> the promising word starts among the next
    /// <see cref="ChunkBlocks"/> blocks of 16 characters from <paramref name="from"/> (at least 1; the text is longer
    /// than 16 characters).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private int Scan(ReadOnlySpan<char> text, int from, Span<int> candidates, int pending)
    {
        int length = text.Length, last = length - Vector256<ushort>.Count;
        int end = Math.Min(length, from + (ChunkBlocks * Vector256<ushort>.Count));
        ref ushort chars = ref Unsafe.As<char, ushort>(ref MemoryMarshal.GetReference(text));
        ref byte flags = ref MemoryMarshal.GetArrayDataReference(_flags);
        ReadOnlySpan<char> punctuation = _punctuationStarts;
        Vector256<ushort> startable = _digitStarts ? Vector256<ushort>.AllBitsSet : Vector256<ushort>.Zero;
        int found = pending;
        for (int i = from; i < end; i += Vector256<ushort>.Count)
        {
            // The last block is read from the end of the text and its lanes already scanned are dropped.
            int block = Math.Min(i, last);
            uint mask = Starts(ref chars, block, startable, punctuation) & (uint.MaxValue << (i - block));

            // The first four starts are written whether there are that many or not, so that the usual block (two or
            // three word starts) costs no mispredicted branch; found then moves on by their number.
            int starts = BitOperations.PopCount(mask);
            Span<int> four = candidates.Slice(found, 4);
            four[0] = block + BitOperations.TrailingZeroCount(mask);
            mask &= mask - 1;
            four[1] = block + BitOperations.TrailingZeroCount(mask);
            mask &= mask - 1;
            four[2] = block + BitOperations.TrailingZeroCount(mask);
            mask &= mask - 1;
            four[3] = block + BitOperations.TrailingZeroCount(mask);
            mask &= mask - 1;
            for (int k = found + 4; mask != 0; k++)
            {
                candidates[k] = block + BitOperations.TrailingZeroCount(mask);
                mask &= mask - 1;
            }

            found += starts;
        }

        // Keep the word starts whose first characters begin some phrase, again without a branch per start. The starts
        // are in text order: those with eight characters left come first and read them without clamping (and without
        // bounds checks: candidates[..found] is in bounds). Near the end the characters past the text are not read:
        // the last four are read instead, which can only let a start through that the lookup then rejects (no phrase
        // keyed by eight characters fits there). Clamping every start cost two branches and ~10% of the scan.
        ref int starts0 = ref MemoryMarshal.GetReference(candidates);
        int j = pending, near = length - 4;
        for (; j < found; j++)
        {
            int at = Unsafe.Add(ref starts0, (uint)j);
            if (at > length - 8)
            {
                break;
            }

            Unsafe.Add(ref starts0, (uint)pending) = at;
            int promising = Promising(ref flags, ReadFolded(ref chars, at), ReadFolded(ref chars, at + 4));

            // Arithmetic rather than a conditional, which the JIT compiles to a (mispredicted) branch here.
            pending += -promising >>> 31;
        }

        for (; j < found; j++)
        {
            int at = Unsafe.Add(ref starts0, (uint)j);
            Unsafe.Add(ref starts0, (uint)pending) = at;
            int promising = Promising(ref flags, ReadFolded(ref chars, Math.Min(at, near)), ReadFolded(ref chars, near));

            // keep is positive when some phrase may start here or the start is too near the end to tell.
            int keep = promising | ((near - at) >>> 31);
            pending += -keep >>> 31;
        }

        return pending;
    }

    /// <summary>The word starts and phrase-starting punctuation among the 16 characters at <paramref name="at"/> (at least 1).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Starts(ref ushort chars, int at, Vector256<ushort> startable, ReadOnlySpan<char> punctuation)
    {
        // Lanes compare each character with the one before it, loaded one character earlier.
        Vector256<ushort> current = Vector256.LoadUnsafe(ref chars, (nuint)at);
        Vector256<ushort> previous = Vector256.LoadUnsafe(ref chars, (nuint)(at - 1));
        Vector256<ushort> starts = WordMask(current) & ~WordMask(previous) & (startable | ~DigitMask(current));
        foreach (char c in punctuation)
        {
            starts |= Vector256.Equals(current, Vector256.Create((ushort)c));
        }

        return starts.ExtractMostSignificantBits();
    }

    private void LookUpAll(ReadOnlySpan<char> text, ReadOnlySpan<int> positions, Span<Match> matches, ref int count)
    {
        ref ushort chars = ref Unsafe.As<char, ushort>(ref MemoryMarshal.GetReference(text));
        foreach (int at in positions)
        {
            int left = text.Length - at;
            if (left < 3 || count == matches.Length)
            {
                continue;
            }

            ulong k0, k1 = 0;
            int flags;
            if (left >= 8)
            {
                k0 = ReadFolded(ref chars, at);
                k1 = ReadFolded(ref chars, at + 4);
                flags = Promising(ref MemoryMarshal.GetArrayDataReference(_flags), k0, k1);
            }
            else if (left >= 4)
            {
                k0 = ReadFolded(ref chars, at);
                flags = (_flags[Hash4(k0)] & Short) | (_flags[Hash3(k0 & ThreeChars)] & Three);
            }
            else
            {
                k0 = ((ulong)text[at] | ((ulong)text[at + 1] << 16) | ((ulong)text[at + 2] << 32)) | (FoldMask & ThreeChars);
                flags = _flags[Hash3(k0)] & Three;
            }

            if (flags == 0)
            {
                continue;
            }

            int start = count;
            bool dropped = false;
            if ((flags & Long) != 0 && left >= 12)
            {
                dropped |= Emit(text, at, 12, Find(k0, k1, ReadFolded(ref chars, at + 8)), matches, ref count);
            }

            if ((flags & Middle) != 0)
            {
                dropped |= Emit(text, at, 8, Find(k0, k1, 0), matches, ref count);
            }

            if ((flags & Short) != 0)
            {
                dropped |= Emit(text, at, 4, Find(k0, 0, 0), matches, ref count);
            }

            // Phrases keyed by 12, 8 and 4 characters come out in phrase order, as if compared one by one.
            for (int i = start + 1; i < count; i++)
            {
                Match m = matches[i];
                int j = i - 1;
                for (; j >= start && matches[j].Phrase > m.Phrase; j--)
                {
                    matches[j + 1] = matches[j];
                }

                matches[j + 1] = m;
            }

            if ((flags & Three) != 0)
            {
                dropped |= Emit(text, at, 3, Find(k0 & ThreeChars, 0, 0), matches, ref count);
            }

            if (dropped)
            {
                // Out of room with more matches here: keep exactly the first ones in order (rare; a slow path).
                count = start;
                foreach (int phrase in _order)
                {
                    if (count < matches.Length && MatchesAt(text, at, phrase))
                    {
                        matches[count++] = new Match(phrase, at);
                    }
                }
            }
        }
    }

    /// <summary>Adds the phrases of <paramref name="slot"/> that match at <paramref name="at"/>; returns whether one did
    /// not fit.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool Emit(ReadOnlySpan<char> text, int at, int keyLength, int slot, Span<Match> matches, ref int count)
    {
        if (slot < 0)
        {
            return false;
        }

        // The four characters after the key, folded; those past the end of the text read as 0.
        int left = text.Length - at;
        ulong next;
        if (left >= keyLength + 4)
        {
            next = ReadFolded(ref Unsafe.As<char, ushort>(ref MemoryMarshal.GetReference(text)), at + keyLength);
        }
        else
        {
            next = 0;
            for (int j = keyLength; j < left; j++)
            {
                next |= (ulong)(ushort)(text[at + j] | 0x20) << (16 * (j - keyLength));
            }
        }

        Slot s = _slots[slot];
        foreach (ref readonly Entry e in _entries.AsSpan(s.First, s.Count))
        {
            if ((next & e.NextMask) != e.Next || e.Length > left)
            {
                continue;
            }

            if (e.Rest != 0 && !(e.Rest == 1
                ? EqualsFolded(text.Slice(at + keyLength + 4), _phrases[e.Phrase].AsSpan(keyLength + 4))
                : text[at..].StartsWith(_phrases[e.Phrase], StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }

            if (count == matches.Length)
            {
                return true;
            }

            matches[count++] = new Match(e.Phrase, at);
        }

        return false;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Find(ulong k0, ulong k1, ulong k2)
    {
        Slot[] slots = _slots;
        for (int slot = SlotOf(k0, k1, k2); ; slot = (slot + 1) & (slots.Length - 1))
        {
            ref Slot s = ref slots[slot];
            if (s.K0 == k0 && s.K1 == k1 && s.K2 == k2)
            {
                return slot;
            }

            if (s.K0 == 0)
            {
                return -1;
            }
        }
    }

    /// <summary>Whether <paramref name="phrase"/> matches at <paramref name="at"/>: the same test as the lookups, one phrase at a time.</summary>
    private bool MatchesAt(ReadOnlySpan<char> text, int at, int phrase)
    {
        string p = _phrases[phrase];
        int left = text.Length - at;
        if (p.All(char.IsAscii))
        {
            return left >= p.Length && EqualsFolded(text[at..], p);
        }

        int head = Math.Min(4, p.Length);
        return left >= head && EqualsFolded(text.Slice(at, head), p.AsSpan(0, head)) && text[at..].StartsWith(p, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>What the byte table says about a word start whose folded first eight characters are <paramref name="k0"/>
    /// and <paramref name="k1"/>: Long, Middle, Short and Three for the keys it may begin with.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Promising(ref byte flags, ulong k0, ulong k1) =>
        (Unsafe.Add(ref flags, Hash8(k0, k1)) & Eight) | (Unsafe.Add(ref flags, Hash4(k0)) & Short) | (Unsafe.Add(ref flags, Hash3(k0 & ThreeChars)) & Three);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int SlotOf(ulong k0, ulong k1, ulong k2) => (int)(((k0 * Golden) ^ (k1 * Mix1) ^ (k2 * Mix2)) >> _shift);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static nuint Hash4(ulong key4) => (nuint)((key4 * Golden) >> (64 - FlagBits));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static nuint Hash8(ulong k0, ulong k1) => (nuint)(((k0 * Golden) ^ (k1 * Mix2)) >> (64 - FlagBits));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static nuint Hash3(ulong key3) => (nuint)((key3 * Mix1) >> (64 - FlagBits));

    /// <summary>The four characters at <paramref name="at"/> (the caller checks they exist) as one folded 64-bit value.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong ReadFolded(ref ushort chars, int at) =>
        Unsafe.ReadUnaligned<ulong>(ref Unsafe.As<ushort, byte>(ref Unsafe.Add(ref chars, (uint)at))) | FoldMask;

    /// <summary>How many leading characters key a phrase: 12, 8, 4 or 3 (non-ASCII phrases: 4 or 3).</summary>
    private static int KeyLength(string phrase) => phrase.Length switch
    {
        3 => 3,
        < 8 => 4,
        _ when !phrase.All(char.IsAscii) => 4,
        < 12 => 8,
        _ => 12,
    };

    /// <summary>Up to four characters of <paramref name="phrase"/> from <paramref name="from"/>, folded, as one value (0 for none).</summary>
    private static ulong Folded(string phrase, int from, int count)
    {
        ulong key = 0;
        for (int k = 0; k < Math.Min(count, 4); k++)
        {
            key |= (ulong)(ushort)(phrase[from + k] | 0x20) << (16 * k);
        }

        return key;
    }

    /// <summary>Whether <paramref name="text"/> starts with <paramref name="phrase"/> under the <c>| 0x20</c> folding,
    /// comparing four characters at a time.</summary>
    private static bool EqualsFolded(ReadOnlySpan<char> text, ReadOnlySpan<char> phrase)
    {
        if (text.Length < phrase.Length)
        {
            return false;
        }

        ref byte t = ref Unsafe.As<char, byte>(ref MemoryMarshal.GetReference(text));
        ref byte p = ref Unsafe.As<char, byte>(ref MemoryMarshal.GetReference(phrase));
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

    private struct Slot
    {
        public ulong K0, K1, K2;
        public int First, Count;
    }

    private struct Entry
    {
        // The folded characters after the key (up to four) and a mask of those the phrase has.
        public ulong Next, NextMask;
        public int Phrase, Length;

        // 0: the key and Next cover the phrase; 1: compare the rest under the folding; 2: non-ASCII, compare it whole.
        public int Rest;
    }
}
