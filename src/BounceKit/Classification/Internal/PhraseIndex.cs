using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace BounceKit.Classification.Internal;

/// <summary>Finds every occurrence of a few hundred phrases in a text, ignoring case, without allocating. A phrase
/// matches where a word starts (a letter after a non-word character; digits too when some phrase begins with one) or
/// at a punctuation character that begins some phrase (such as <c>[</c>), so <c>spam</c> does not match inside
/// <c>antispam</c> while <c>nosuchuser</c> still matches in <c>?p=NoSuchUser</c>.</summary>
/// <remarks>
/// <para>A vectorised pass finds the word starts, 32 characters at a time narrowed to bytes (characters above 0xFF
/// capped at 0xFF, then folded with <c>| 0x20</c>). At each, the next eight bytes are read as one 64-bit value; a byte
/// table indexed by hashes of them (of the first eight and of the first four) rejects most word starts right in the scan,
/// without a branch. The survivors are looked up in one open-addressing table keyed by the bytes of the first 12
/// characters of phrases of 12 or more characters, the first 8 of phrases of 8 to 11, the first 4 of shorter ones and
/// the first 3 of three-character ones, so that a key names one phrase or a handful; each entry carries the bytes of the
/// phrase's next four characters (one 32-bit comparison) and only longer phrases compare the rest. Where two
/// characters are equal under the folding their bytes are equal too, and for an ASCII phrase the converse holds, so
/// the bytes decide exactly; a non-ASCII phrase also compares its key's characters.</para>
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
    // The scan reads blocks of 32 characters, in chunks of 256 characters (a scan and a lookup pass per chunk), and
    // writes a chunk's folded bytes from Margin in a buffer (the text's last block may start up to 31 characters before
    // the chunk), then the offsets of its word starts, one byte each (offsets in a chunk are below 256), eight at a time.
    private const int Block = 32, ChunkSize = 256, Margin = Block;
    private const int FoldedSize = Margin + ChunkSize + (2 * Block), StartsSize = ChunkSize + 8;
    private const ulong FoldMask = 0x0020_0020_0020_0020UL;
    private const ulong Golden = 0x9E3779B97F4A7C15UL;
    private const ulong Mix1 = 0xC2B2AE3D27D4EB4FUL;
    private const int FlagBits = 14;

    // What the byte table says about a word start, at two places: at a hash of its first eight characters, whether
    // some phrase keyed by 12 (Long) or 8 (Middle) characters starts with them; at a hash of its first four, whether
    // some phrase keyed by 4 is them (Short) or some three-character phrase is the first three (Three).
    private const byte Long = 1, Middle = 2, Eight = Long | Middle, Short = 4, Three = 8;

    // For each byte value, the indexes of its set bits (0-7), lowest first, one per byte: the offsets of the word
    // starts among eight characters whose start bits are that byte.
    private static readonly ulong[] StartOffsets = CreateStartOffsets();

    private readonly string[] _phrases;

    // The phrases by key (the folded bytes of the first 12, 8, 4 or 3 characters; unused ones 0): an open-addressing
    // table of 16-byte slots, each pointing to the first of the phrases with that key in _entries, in phrase order.
    private readonly Slot[] _slots;
    private readonly int _shift;
    private readonly Entry[] _entries;

    // The byte table on hashes of the folded bytes of the first eight (Long, Middle) or four (Short, Three) characters.
    private readonly byte[] _flags = new byte[1 << FlagBits];

    // Phrase indexes in the order matches at one position are reported: four or more characters first, by index,
    // then three-character ones. Used only when the output buffer runs out of room.
    private readonly int[] _order;

    // The punctuation characters that begin some phrase; other punctuation never starts a match.
    private readonly char[] _punctuationStarts;

    // The same set as two 16-entry tables for a vectorised test of every byte at once: by its low nibble, the high
    // nibbles (0-7, one bit each) of the punctuation starts with that low nibble; by its high nibble, that nibble's bit.
    // A byte is a punctuation start when the two share a bit (exact: every punctuation start is ASCII).
    private readonly Vector128<byte> _punctuationLow, _punctuationHigh;

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
        Span<byte> low = stackalloc byte[16], high = stackalloc byte[16];
        low.Clear();
        high.Clear();
        foreach (char c in _punctuationStarts)
        {
            low[c & 0xF] |= (byte)(1 << (c >> 4));
        }

        for (int h = 0; h < 8; h++)
        {
            high[h] = (byte)(1 << h);
        }

        _punctuationLow = Vector128.Create((ReadOnlySpan<byte>)low);
        _punctuationHigh = Vector128.Create((ReadOnlySpan<byte>)high);
        _order = [.. Enumerable.Range(0, _phrases.Length).OrderBy(i => _phrases[i].Length == 3 ? 1 : 0).ThenBy(i => i)];

        var groups = new Dictionary<(ulong, uint), List<int>>();
        for (int i = 0; i < _phrases.Length; i++)
        {
            string phrase = _phrases[i];
            int keyLength = KeyLength(phrase);
            var key = (ByteKey(phrase.AsSpan(0, Math.Min(keyLength, 8))), keyLength == 12 ? (uint)ByteKey(phrase.AsSpan(8, 4)) : 0);
            if (!groups.TryGetValue(key, out List<int>? list))
            {
                groups[key] = list = [];
            }

            list.Add(i);
            ulong bytes = ByteKey(phrase);
            if (keyLength == 3)
            {
                // Under the four-character hash, once with every fourth byte a key can have (the 128 folded ones, and 0
                // past the text's end): one hash and load fewer per word start, for ~130 more bytes set per phrase.
                for (int b = 0; b < 256; b++)
                {
                    _flags[Hash4(((bytes & 0xFF_FFFF) | ((ulong)(b == 0 ? 0 : b | 0x20) << 24)) * Golden)] |= Three;
                }
            }
            else if (keyLength == 4)
            {
                _flags[Hash4(bytes * Golden)] |= Short;
            }
            else
            {
                _flags[Hash8(bytes * Golden)] |= keyLength == 12 ? Long : Middle;
            }
        }

        // Four to eight slots per key: on the corpus a probe that finds nothing (45% of those of keys of 12) reads ~1.4
        // slots, where at two to four slots per key it read ~2.2.
        int bits = BitOperations.Log2((uint)groups.Count) + 3;
        _slots = new Slot[1 << bits];
        _shift = 64 - bits;
        var entries = new List<Entry>();
        foreach (((ulong k8, uint k12), List<int> list) in groups)
        {
            int slot = SlotOf(k8, k12);
            while (_slots[slot].Key != 0)
            {
                slot = (slot + 1) & (_slots.Length - 1);
            }

            _slots[slot] = new Slot { Key = k8, Key12 = k12, First = entries.Count };
            foreach (int i in list)
            {
                string phrase = _phrases[i];
                int keyLength = KeyLength(phrase);
                bool ascii = phrase.All(char.IsAscii);
                int next = ascii ? Math.Clamp(phrase.Length - keyLength, 0, 4) : 0;
                entries.Add(new Entry
                {
                    Next = (uint)ByteKey(phrase.AsSpan(keyLength, next)),
                    NextMask = next == 0 ? 0 : uint.MaxValue >> (8 * (4 - next)),
                    Phrase = i,
                    Length = phrase.Length,
                    Rest = (byte)(ascii ? (phrase.Length > keyLength + 4 ? 1 : 0) : 2),
                    Last = i == list[^1],
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
        Span<int> candidates = stackalloc int[ChunkSize + 8];
        int count = 0, length = text.Length;
        if (Vector128.IsHardwareAccelerated)
        {
            // The scan reads 32 characters at a time: a shorter text is copied into 32 characters padded with zeros.
            Span<byte> scratch = stackalloc byte[FoldedSize + StartsSize];
            Span<char> padded = stackalloc char[Block];
            scoped ReadOnlySpan<char> readable = text;
            if (length < Block)
            {
                padded.Clear();
                text.CopyTo(padded);
                readable = padded;
            }

            for (int chunk = from; chunk < length && count < matches.Length; chunk += ChunkSize)
            {
                // AVX2 reads a block in one 256-bit vector; elsewhere (Arm64's AdvSimd, x64 without AVX2) in two 128-bit halves.
                int pending = Avx2.IsSupported
                    ? Scan<Avx2Blocks>(readable, length, chunk, candidates, scratch)
                    : Scan<Vector128Blocks>(readable, length, chunk, candidates, scratch);
                LookUpAll(text, chunk, candidates[..pending], matches, ref count);
            }
        }
        else
        {
            // Without hardware vectors: one character at a time, in the same chunks, with the same filter.
            ref byte table = ref MemoryMarshal.GetArrayDataReference(_flags);
            for (int chunk = from; chunk < length && count < matches.Length; chunk += ChunkSize)
            {
                int pending = 0;
                for (int i = chunk; i < Math.Min(chunk + ChunkSize, length); i++)
                {
                    int promising = IsCandidate(text, i) ? Promising(ref table, ByteKey(text.Slice(i, Math.Min(length - i, 8)))) : 0;
                    if (promising != 0)
                    {
                        candidates[pending++] = Pack(i - chunk, promising);
                    }
                }

                LookUpAll(text, chunk, candidates[..pending], matches, ref count);
            }
        }

        return count;
    }

    /// <summary>Writes to <paramref name="candidates"/> the promising word starts among the (up to)
    /// <see cref="ChunkSize"/> characters from <paramref name="from"/>, as offsets from it with what the byte table said
    /// (<see cref="Pack"/>), and returns how many.
    /// <paramref name="chars"/> is the text, or for a text shorter than 32 characters (<paramref name="length"/>) the
    /// text padded to 32; <paramref name="scratch"/> receives the chunk's characters as folded bytes, then the offsets of
    /// its word starts.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private int Scan<TBlocks>(ReadOnlySpan<char> chars, int length, int from, Span<int> candidates, Span<byte> scratch)
        where TBlocks : struct, IBlocks
    {
        // Offsets from the chunk's start: the text's last block (read from its end) may begin before the chunk.
        ref ushort text = ref Unsafe.As<char, ushort>(ref MemoryMarshal.GetReference(chars));
        ref ushort chunk = ref Unsafe.Add(ref text, from);
        ref byte bytes = ref Unsafe.Add(ref MemoryMarshal.GetReference(scratch), Margin);
        ref byte starts = ref Unsafe.Add(ref MemoryMarshal.GetReference(scratch), FoldedSize);
        ref byte flags = ref MemoryMarshal.GetArrayDataReference(_flags);
        int last = chars.Length - Block - from, end = Math.Min(length - from, ChunkSize);
        // The tables and the digit mask as 256-bit values (on Arm64 a pair of 128-bit ones), made once.
        Vector256<byte> punctuationLow = Vector256.Create(_punctuationLow, _punctuationLow);
        Vector256<byte> punctuationHigh = Vector256.Create(_punctuationHigh, _punctuationHigh);
        ref ulong offsets = ref MemoryMarshal.GetArrayDataReference(StartOffsets);
        Vector256<byte> digitStarts = _digitStarts ? Vector256<byte>.AllBitsSet : Vector256<byte>.Zero;

        // carry: whether the character before the block is a word character. (The padding after a short text is not
        // masked off: its zeros start nothing unless some phrase begins with one, and a start past the text's end is
        // dropped by the lookups.)
        uint carry = from > 0 && IsWord((char)Unsafe.Add(ref text, from - 1)) ? 1u : 0u;
        int found = 0;
        for (int i = 0; i < end; i += Block)
        {
            // The last block is read from the end of the text and its lanes already scanned are dropped (the character
            // before its first new lane is then in the block itself, so carry is not used).
            int block = Math.Min(i, last);
            uint startable = TBlocks.Read(
                ref Unsafe.Add(ref chunk, block), ref Unsafe.Add(ref bytes, block), punctuationLow, punctuationHigh, digitStarts, out uint word, out uint punctuation);

            // A word start is a startable character after a non-word one: the word mask shifted by one character,
            // with the last bit of the previous block, instead of a second load one character earlier and its tests.
            uint mask = (startable & ~((word << 1) | carry)) | punctuation;
            carry = word >> 31;

            // The starts' offsets, eight characters (a byte of the mask) at a time from a table, whether there are
            // starts there or not, and found moves on by their number: no branch on how many there are, and no chain
            // from one start to the next. The offsets are taken from i, the lanes already scanned shifted out, so that
            // no byte of the sum carries into the next.
            mask >>= i - block;
            ulong at = 0x0101_0101_0101_0101UL * (uint)i;
            Unsafe.WriteUnaligned(ref Unsafe.Add(ref starts, found), Unsafe.Add(ref offsets, mask & 0xFF) + at);
            found += BitOperations.PopCount(mask & 0xFF);
            Unsafe.WriteUnaligned(ref Unsafe.Add(ref starts, found), Unsafe.Add(ref offsets, (mask >> 8) & 0xFF) + at + 0x0808_0808_0808_0808UL);
            found += BitOperations.PopCount((mask >> 8) & 0xFF);
            Unsafe.WriteUnaligned(ref Unsafe.Add(ref starts, found), Unsafe.Add(ref offsets, (mask >> 16) & 0xFF) + at + 0x1010_1010_1010_1010UL);
            found += BitOperations.PopCount((mask >> 16) & 0xFF);
            Unsafe.WriteUnaligned(ref Unsafe.Add(ref starts, found), Unsafe.Add(ref offsets, mask >> 24) + at + 0x1818_1818_1818_1818UL);
            found += BitOperations.PopCount(mask >> 24);
        }

        // The filter reads eight bytes from each start: the characters after the chunk, and zeros after the text.
        if (end < length - from)
        {
            int next = Math.Min(end, last);
            TBlocks.Fold(ref Unsafe.Add(ref chunk, next), ref Unsafe.Add(ref bytes, next));
        }

        Unsafe.InitBlockUnaligned(ref Unsafe.Add(ref bytes, Math.Min(length - from, end + Block)), 0, Block);

        // Keep the word starts whose first characters begin some phrase, without a branch per start (and without
        // bounds checks: there are at most 256 starts, one per character, and fewer kept). The key is the eight folded
        // bytes from the start; those past the text's end are zeros (the first of them is, which the table knows as a
        // three-character phrase's fourth byte) or folded padding, which can only let a start through that the lookup
        // then rejects: a phrase of four or eight characters cannot start there.
        ref int kept = ref MemoryMarshal.GetReference(candidates);
        int pending = 0;
        for (int j = 0; j < found; j++)
        {
            int at = Unsafe.Add(ref starts, (uint)j);
            int promising = Promising(ref flags, Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref bytes, (uint)at)));
            Unsafe.Add(ref kept, (uint)pending) = Pack(at, promising);

            // Arithmetic rather than a conditional, which the JIT compiles to a (mispredicted) branch here.
            pending += -promising >>> 31;
        }

        return pending;
    }

    /// <summary>How the scan reads a block of 32 characters: compiled once per implementation (a struct type argument),
    /// so each copy of <see cref="Scan{TBlocks}"/> holds only its own instructions.</summary>
    private interface IBlocks
    {
        /// <summary>Writes the 32 characters at <paramref name="chars"/> to <paramref name="folded"/> as the scan's folded
        /// bytes (each character capped at 0xFF, then <c>| 0x20</c>) and returns one bit per character, lowest first: set
        /// for those that may start a word (letters, non-ASCII characters, and digits where <paramref name="digitStarts"/>
        /// is set); <paramref name="word"/> marks the word characters (those, and every digit), <paramref name="punctuation"/>
        /// the punctuation starts (their low and high nibbles share a bit in <paramref name="low"/> and
        /// <paramref name="high"/>, the same 16-byte table in both halves).</summary>
        static abstract uint Read(
            ref ushort chars, ref byte folded, Vector256<byte> low, Vector256<byte> high, Vector256<byte> digitStarts, out uint word, out uint punctuation);

        /// <summary>Only the folded bytes of <see cref="Read"/>.</summary>
        static abstract void Fold(ref ushort chars, ref byte folded);
    }

    /// <summary>A block in one 256-bit vector (x64 with AVX2).</summary>
    private readonly struct Avx2Blocks : IBlocks
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static uint Read(
            ref ushort chars, ref byte folded, Vector256<byte> low, Vector256<byte> high, Vector256<byte> digitStarts, out uint word, out uint punctuation)
        {
            Vector256<byte> raw = Narrow(ref chars);
            Vector256<byte> lower = raw | Vector256.Create((byte)0x20);
            lower.StoreUnsafe(ref folded);

            // The most significant bit of a lane is set for letters (tested folded), for non-ASCII characters (bytes of
            // 0x80 and up), and for digits when some phrase begins with one (tested unfolded: control characters would
            // fold onto digits).
            Vector256<byte> digit = Vector256.LessThanOrEqual(raw - Vector256.Create((byte)'0'), Vector256.Create((byte)9));
            Vector256<byte> letter = Vector256.LessThanOrEqual(lower - Vector256.Create((byte)'a'), Vector256.Create((byte)25));
            Vector256<byte> startable = letter | raw | (digit & digitStarts);
            word = (startable | digit).ExtractMostSignificantBits();

            // The punctuation starts, from the two nibble tables (bytes of 0x80 and up find no bit in the high one).
            Vector256<byte> nibbles = Avx2.Shuffle(low, raw & Vector256.Create((byte)0xF)) &
                Avx2.Shuffle(high, Vector256.ShiftRightLogical(raw.AsUInt16(), 4).AsByte() & Vector256.Create((byte)0xF));
            punctuation = ~Vector256.Equals(nibbles, Vector256<byte>.Zero).ExtractMostSignificantBits();
            return startable.ExtractMostSignificantBits();
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Fold(ref ushort chars, ref byte folded) => (Narrow(ref chars) | Vector256.Create((byte)0x20)).StoreUnsafe(ref folded);

        /// <summary>The 32 characters at <paramref name="chars"/> as bytes: characters above 0xFF become 0xFF, so that
        /// every non-ASCII character keeps its most significant bit set and no other character changes.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector256<byte> Narrow(ref ushort chars)
        {
            // vpackuswb saturates signed 16-bit values (0x8000 and up would become 0), hence the unsigned minimum first;
            // it packs within 128-bit lanes, hence the permutation that puts the four 8-byte quarters back in order.
            Vector256<short> low = Vector256.Min(Vector256.LoadUnsafe(ref chars), Vector256.Create((ushort)0xFF)).AsInt16();
            Vector256<short> high = Vector256.Min(Vector256.LoadUnsafe(ref chars, (nuint)Vector256<ushort>.Count), Vector256.Create((ushort)0xFF)).AsInt16();
            return Avx2.Permute4x64(Avx2.PackUnsignedSaturate(low, high).AsUInt64(), 0b11_01_10_00).AsByte();
        }
    }

    /// <summary>A block in two 128-bit halves, with the platform-neutral vector API: Arm64 (AdvSimd) and x64 without
    /// AVX2. The same bits as <see cref="Avx2Blocks"/>.</summary>
    private readonly struct Vector128Blocks : IBlocks
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static uint Read(
            ref ushort chars, ref byte folded, Vector256<byte> low, Vector256<byte> high, Vector256<byte> digitStarts, out uint word, out uint punctuation)
        {
            Vector128<byte> lowTable = low.GetLower(), highTable = high.GetLower(), digits = digitStarts.GetLower();
            uint first = Half(ref chars, ref folded, lowTable, highTable, digits, out uint firstWord, out uint firstPunctuation);
            uint second = Half(ref Unsafe.Add(ref chars, 16), ref Unsafe.Add(ref folded, 16), lowTable, highTable, digits, out uint secondWord, out uint secondPunctuation);
            word = firstWord | (secondWord << 16);
            punctuation = firstPunctuation | (secondPunctuation << 16);
            return first | (second << 16);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Fold(ref ushort chars, ref byte folded)
        {
            (Narrow(ref chars) | Vector128.Create((byte)0x20)).StoreUnsafe(ref folded);
            (Narrow(ref Unsafe.Add(ref chars, 16)) | Vector128.Create((byte)0x20)).StoreUnsafe(ref Unsafe.Add(ref folded, 16));
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static uint Half(
            ref ushort chars, ref byte folded, Vector128<byte> low, Vector128<byte> high, Vector128<byte> digitStarts, out uint word, out uint punctuation)
        {
            Vector128<byte> raw = Narrow(ref chars);
            Vector128<byte> lower = raw | Vector128.Create((byte)0x20);
            lower.StoreUnsafe(ref folded);
            Vector128<byte> digit = Vector128.LessThanOrEqual(raw - Vector128.Create((byte)'0'), Vector128.Create((byte)9));
            Vector128<byte> letter = Vector128.LessThanOrEqual(lower - Vector128.Create((byte)'a'), Vector128.Create((byte)25));
            Vector128<byte> startable = letter | raw | (digit & digitStarts);
            word = (startable | digit).ExtractMostSignificantBits();

            // Every index is a nibble (0-15), so the platform's own table lookup (pshufb, tbl) needs no range handling.
            Vector128<byte> nibbles = Vector128.ShuffleNative(low, raw & Vector128.Create((byte)0xF)) &
                Vector128.ShuffleNative(high, Vector128.ShiftRightLogical(raw.AsUInt16(), 4).AsByte() & Vector128.Create((byte)0xF));
            punctuation = ~Vector128.Equals(nibbles, Vector128<byte>.Zero).ExtractMostSignificantBits() & 0xFFFF;
            return startable.ExtractMostSignificantBits();
        }

        /// <summary>The 16 characters at <paramref name="chars"/> as bytes, characters above 0xFF capped at 0xFF.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector128<byte> Narrow(ref ushort chars) =>
            Vector128.Narrow(
                Vector128.Min(Vector128.LoadUnsafe(ref chars), Vector128.Create((ushort)0xFF)),
                Vector128.Min(Vector128.LoadUnsafe(ref chars, (nuint)Vector128<ushort>.Count), Vector128.Create((ushort)0xFF)));
    }

    /// <summary>A candidate word start: its offset from the chunk's start and what the byte table said about it
    /// (<see cref="Promising"/>), so that the lookups need not ask again.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Pack(int offset, int promising) => offset | (promising << 16);

    /// <summary>Looks up the phrases at <paramref name="from"/> plus the offset of each of <paramref name="candidates"/>
    /// (see <see cref="Pack"/>).</summary>
    private void LookUpAll(ReadOnlySpan<char> text, int from, ReadOnlySpan<int> candidates, Span<Match> matches, ref int count)
    {
        ref ushort chars = ref Unsafe.As<char, ushort>(ref MemoryMarshal.GetReference(text));
        foreach (int candidate in candidates)
        {
            int at = from + (candidate & 0xFFFF);
            int left = text.Length - at;
            if (left < 3 || count == matches.Length)
            {
                continue;
            }

            // The first 16 characters as folded bytes (b0: 0-7, b1: 8-15), zeros past the text's end: the keys and
            // the four characters after each key are parts of them, with no further loads.
            ulong b0, b1;
            if (left >= 16)
            {
                Vector128<ulong> bytes = Bytes16(ref chars, at).AsUInt64();
                b0 = bytes.ToScalar();
                b1 = bytes.GetElement(1);
            }
            else if (text.Length >= 16)
            {
                // The text's last 16 characters, moved down to the start (indices of 16 and up give zeros).
                Vector128<byte> indices = Vector128.Create((byte)0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15) + Vector128.Create((byte)(16 - left));
                Vector128<ulong> bytes = Vector128.Shuffle(Bytes16(ref chars, text.Length - 16), indices).AsUInt64();
                b0 = bytes.ToScalar();
                b1 = bytes.GetElement(1);
            }
            else
            {
                b0 = ByteKey(text.Slice(at, Math.Min(left, 8)));
                b1 = left > 8 ? ByteKey(text.Slice(at + 8)) : 0;
            }

            // A key longer than what is left of the text cannot match (the table saw zeros past the text's end).
            int flags = (candidate >> 16) & (left >= 8 ? Long | Middle | Short | Three : left >= 4 ? Short | Three : Three);

            if (flags == 0)
            {
                continue;
            }

            int start = count;
            if (flags == Long)
            {
                // The usual case (~58% of the lookups on the corpus): only phrases keyed by 12 characters can start
                // here, one group, already in phrase order, so there is nothing to sort and no other key to try.
                if (left >= 12 && Emit(text, at, 12, Find(b0, (uint)b1), (uint)(b1 >> 32), matches, ref count))
                {
                    KeepFirst(text, at, start, matches, ref count);
                }

                continue;
            }

            bool dropped = false;
            if ((flags & Long) != 0 && left >= 12)
            {
                dropped |= Emit(text, at, 12, Find(b0, (uint)b1), (uint)(b1 >> 32), matches, ref count);
            }

            if ((flags & Middle) != 0)
            {
                dropped |= Emit(text, at, 8, Find(b0, 0), (uint)b1, matches, ref count);
            }

            if ((flags & Short) != 0)
            {
                dropped |= Emit(text, at, 4, Find(b0 & 0xFFFF_FFFF, 0), (uint)(b0 >> 32), matches, ref count);
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
                dropped |= Emit(text, at, 3, Find(b0 & 0xFF_FFFF, 0), (uint)(b0 >> 24), matches, ref count);
            }

            if (dropped)
            {
                KeepFirst(text, at, start, matches, ref count);
            }
        }
    }

    // Out of room with more matches at one position: keep exactly the first ones in order (rare; a slow path).
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void KeepFirst(ReadOnlySpan<char> text, int at, int start, Span<Match> matches, ref int count)
    {
        count = start;
        foreach (int phrase in _order)
        {
            if (count < matches.Length && MatchesAt(text, at, phrase))
            {
                matches[count++] = new Match(phrase, at);
            }
        }
    }

    /// <summary>Adds the phrases of <paramref name="slot"/> that match at <paramref name="at"/>, where the four
    /// characters after the key are <paramref name="next"/> (folded bytes); returns whether one did not fit.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool Emit(ReadOnlySpan<char> text, int at, int keyLength, int slot, uint next, Span<Match> matches, ref int count)
    {
        if (slot < 0)
        {
            return false;
        }

        // Bytes past the text's end (zeros) never equal a phrase's, and a phrase longer than what is left is dropped.
        int left = text.Length - at;
        for (int k = _slots[slot].First; ; k++)
        {
            ref readonly Entry e = ref _entries[k];
            if ((next & e.NextMask) == e.Next && e.Length <= left && (e.Rest == 0 || RestMatches(text, at, keyLength, e)))
            {
                if (count == matches.Length)
                {
                    return true;
                }

                matches[count++] = new Match(e.Phrase, at);
            }

            if (e.Last)
            {
                return false;
            }
        }
    }

    /// <summary>Whether the rest of <paramref name="e"/>'s phrase matches: the characters after the key and the next
    /// four under the folding, or a non-ASCII phrase's first characters under the folding (the bytes of the key merge
    /// characters above 0xFF) and the whole phrase ignoring case.</summary>
    private bool RestMatches(ReadOnlySpan<char> text, int at, int keyLength, in Entry e)
    {
        string phrase = _phrases[e.Phrase];
        return e.Rest == 1
            ? EqualsFolded(text.Slice(at + keyLength + 4), phrase.AsSpan(keyLength + 4))
            : EqualsFolded(text.Slice(at, keyLength), phrase.AsSpan(0, keyLength)) && text[at..].StartsWith(phrase, StringComparison.OrdinalIgnoreCase);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Find(ulong key, uint key12)
    {
        Slot[] slots = _slots;
        for (int slot = SlotOf(key, key12); ; slot = (slot + 1) & (slots.Length - 1))
        {
            ref Slot s = ref slots[slot];
            if (s.Key == key && s.Key12 == key12)
            {
                return slot;
            }

            if (s.Key == 0)
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

    /// <summary>What the byte table says about a word start whose first eight characters, as folded bytes (see
    /// <see cref="Bytes16"/>), are <paramref name="key"/>: Long, Middle, Short and Three for the keys it
    /// may begin with.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Promising(ref byte flags, ulong key)
    {
        ulong product = key * Golden;
        return (Unsafe.Add(ref flags, Hash8(product)) & Eight) | (Unsafe.Add(ref flags, Hash4(product)) & (Short | Three));
    }

    /// <summary>The 16 characters at <paramref name="at"/> (the caller checks they exist) as the scan's folded bytes:
    /// each character capped at 0xFF, then <c>| 0x20</c>.</summary>
    /// <remarks>Where the lookups compare two characters equal (<c>| 0x20</c> on 16 bits), their bytes are equal too, so
    /// the byte table, built from the phrases' bytes, lets every start through that some phrase may begin at; the bytes
    /// merge only characters above 0xFF, which the lookups then tell apart.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<byte> Bytes16(ref ushort chars, int at)
    {
        Vector128<ushort> low = Vector128.Min(Vector128.LoadUnsafe(ref chars, (nuint)(uint)at), Vector128.Create((ushort)0xFF));
        Vector128<ushort> high = Vector128.Min(Vector128.LoadUnsafe(ref chars, (nuint)(uint)at + 8), Vector128.Create((ushort)0xFF));
        return Vector128.Narrow(low, high) | Vector128.Create((byte)0x20);
    }

    private static ulong[] CreateStartOffsets()
    {
        var table = new ulong[256];
        for (int value = 0; value < 256; value++)
        {
            int count = 0;
            for (int bit = 0; bit < 8; bit++)
            {
                if ((value & (1 << bit)) != 0)
                {
                    table[value] |= (ulong)bit << (8 * count++);
                }
            }
        }

        return table;
    }

    /// <summary>Up to eight characters as folded bytes, as <see cref="Bytes16"/>; zeros after them.</summary>
    private static ulong ByteKey(ReadOnlySpan<char> chars)
    {
        ulong key = 0;
        for (int k = 0; k < Math.Min(chars.Length, 8); k++)
        {
            key |= (ulong)(Math.Min(chars[k], (char)0xFF) | 0x20) << (8 * k);
        }

        return key;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int SlotOf(ulong key, uint key12) => (int)(((key * Golden) ^ (key12 * Mix1)) >> _shift);

    // The byte table's hashes of the first eight and the first four bytes of a key, both from one product, key * Golden:
    // its top bits for the eight, the top bits of its low half for the four (the low 32 bits of a product depend only on
    // the low 32 bits of its factors, here the key's first four bytes).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static nuint Hash8(ulong product) => (nuint)(product >> (64 - FlagBits));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static nuint Hash4(ulong product) => (uint)product >> (32 - FlagBits);

    /// <summary>How many leading characters key a phrase: 12, 8, 4 or 3 (non-ASCII phrases: 4 or 3).</summary>
    private static int KeyLength(string phrase) => phrase.Length switch
    {
        3 => 3,
        < 8 => 4,
        _ when !phrase.All(char.IsAscii) => 4,
        < 12 => 8,
        _ => 12,
    };

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
        // The key's first eight characters as folded bytes (0: an empty slot) and characters 8-11 (keys of 12); the
        // group's first entry.
        public ulong Key;
        public uint Key12;
        public int First;
    }

    private struct Entry
    {
        // The folded bytes of the characters after the key (up to four) and a mask of those the phrase has.
        public uint Next, NextMask;
        public int Phrase, Length;

        // 0: the key and Next cover the phrase; 1: compare the rest under the folding; 2: non-ASCII, compare it whole.
        public byte Rest;

        // The group's last entry.
        public bool Last;
    }
}
