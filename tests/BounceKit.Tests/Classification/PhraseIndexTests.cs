using System.Text;
using BounceKit.Classification;
using BounceKit.Classification.Internal;

namespace BounceKit.Tests.Classification;

/// <summary><see cref="PhraseIndex"/> against a plain reference implementation of its contract: every phrase tried at
/// every candidate position, in phrase order (phrases of four or more characters before three-character ones).</summary>
public class PhraseIndexTests
{
    private static readonly string[] BuiltIn =
        [.. BounceClassifier.Default.Rules.Select(r => r.Phrase), "gsmtp", "support.google.com", "outlook.com", "ofr_", "t-online", "mail.ru"];

    // Prefix chains across the key lengths (3, 4, 8 and 12 characters) and their boundaries, repeated phrases, phrases
    // with punctuation and digits at the start, and non-ASCII phrases.
    private static readonly string[] Edgy =
    [
        "abc", "abcd", "abcde", "abcdefg", "abcdefgh", "abcdefghi", "abcdefghijk", "abcdefghijkl", "abcdefghijklm",
        "abcdefghijklmnop", "abcdefghijklmnopq", "abcdefghijklmnopqrstuvwxyz", "ABCDEFGHIJKL", "abcdefgh", "abcX",
        "abcdXfgh", "abcdefghXjkl", "mailbox unavailable", "mailbox unavailable or access denied", "mailbox", "mail",
        "[tsm]", "[ts01]", ">: user", "550 user", "5.1.1", "0day", "ディレクトリには見つかりません", "ディレ", "éxito total", "ÉXITO",
        "straße", "user ", "spam", "x-y", "q@b", "q`bcd",
    ];

    [Fact]
    public void BuiltInPhrasesMatchLikeTheReferenceOnTheCorpus()
    {
        var index = new PhraseIndex(BuiltIn);
        foreach (string text in TestData.Corpus.Select(r => r.Text).Distinct())
        {
            Find(index, text).Should().Equal(Reference(BuiltIn, text), text);
        }
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("abcd")]
    [InlineData("xx abcdefgh")]
    [InlineData("xx abcdefghijk")]
    [InlineData("xx abcdefghijkl")]
    [InlineData("xx ABCDEFGHIJKLMNOPQRSTUVWXYZ")]
    [InlineData("abcdefghijklmnop abcdefghijklmnopq, abcdefghijklmno! abcdefghijklmnopqrstuvwxy")]
    [InlineData("lots of padding before the phrase at the very end: abcdefghijkl")]
    [InlineData("lots of padding before the phrase at the very end: abcdefghijklm")]
    [InlineData("lots of padding before the phrase at the very end: abc")]
    [InlineData("lots of padding before the phrase at the very end:abcdefgh")]
    [InlineData("lots of padding before the phrase near the end: abcdefghijk.")]
    [InlineData("0123456789abcdefghijk: mailbox unavailable or access denied; Mailbox Unavailable.")]
    [InlineData("reply [TSM] [ts01]>: user 550 user 5.1.1 0day xabcd abcXdefgh abcdXfgh abcdefghXjkl abcdefghXjklm")]
    [InlineData("Der Empfänger ist ディレクトリには見つかりません und ディレクトリのリスト; ÉXITO TOTAL, éxito total")]
    [InlineData("STRASSE straße STRAẞE user user spam x-y q@b q`b q@bcd Q`BCD")]
    [InlineData("ab")]
    [InlineData("")]
    public void EdgeCasesMatchLikeTheReference(string text)
    {
        var index = new PhraseIndex(Edgy);
        Find(index, text).Should().Equal(Reference(Edgy, text));
        Find(new PhraseIndex(BuiltIn), text).Should().Equal(Reference(BuiltIn, text));
    }

    [Fact]
    public void PhrasesAtEveryOffsetAndLengthMatchLikeTheReference()
    {
        var index = new PhraseIndex(Edgy);
        var random = new Random(20261124);
        const string Alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKL .,;:[]>-@`0123459éÉßディレ";
        for (int run = 0; run < 4000; run++)
        {
            var chars = new char[random.Next(0, 90)];
            for (int k = 0; k < chars.Length; k++)
            {
                chars[k] = Alphabet[random.Next(Alphabet.Length)];
            }

            // Paste phrases (or their prefixes) at random places, often at the very end.
            string text = new(chars);
            for (int paste = random.Next(0, 4); paste > 0; paste--)
            {
                string phrase = Edgy[random.Next(Edgy.Length)];
                phrase = phrase[..random.Next(Math.Max(1, phrase.Length - 2), phrase.Length + 1)];
                int at = random.Next(2) == 0 ? text.Length : random.Next(text.Length + 1);
                text = text[..at] + (random.Next(3) == 0 ? phrase.ToUpperInvariant() : phrase) + text[at..];
            }

            Find(index, text).Should().Equal(Reference(Edgy, text), text);
        }
    }

    [Fact]
    public void LongTextsMatchLikeTheReferenceAcrossScanChunks()
    {
        // The scan works through chunks of 256 characters: phrases straddling a chunk edge, and the text's last,
        // partly overlapping 32-character block, at every offset.
        var index = new PhraseIndex(Edgy);
        for (int pad = 230; pad < 300; pad++)
        {
            string text = new string('.', pad) + " abcdefghijklmnopq [ts01] mailbox unavailable " + new string('x', pad % 17) + " abc abcdefghijkl";
            if (pad % 2 == 1)
            {
                // The filter reads the characters after a chunk folded too (a start in the chunk's last eight).
                text = text.ToUpperInvariant();
            }

            Find(index, text).Should().Equal(Reference(Edgy, text), $"pad {pad}");
            text = string.Concat(Enumerable.Repeat("mailbox abcdefgh ", (pad / 17) + 20)) + text[..(pad % 40)];
            Find(index, text, 200).Should().Equal(Reference(Edgy, text, 200), $"repeated, pad {pad}");
        }
    }

    [Fact]
    public void StartsAtTheScanBlockEdgesMatchLikeTheReference()
    {
        // The scan reads 32 characters at a time (a shorter text padded with zeros), narrows them to bytes with every
        // character above 0xFF capped at 0xFF, and carries "the previous character is a word character" from one block
        // to the next: phrases in both cases right after each kind of character, at the edges of the blocks, of the
        // 256-character chunks and of the text, in texts of 1 to 70 and 250 to 300 characters. Among the characters
        // before them: non-ASCII ones whose low byte is a space, a letter or '[' (a truncating narrowing would get them
        // wrong), ones of 0x8000 and up (signed saturation would make them zeros), and control characters that fold
        // onto digits.
        string[] noDigits = ["abc", "abcd", "abcdefgh", "abcdefghijkl", "mailbox unavailable", "[ts01]", ">: user", "ディレ", "\0ab", "spam"];
        const string Before = " .aZ0é\u0120\u015B\u9EBB\uFF21\u0010\u0019[>\0";
        foreach (string[] phrases in new[] { Edgy, noDigits })
        {
            var index = new PhraseIndex(phrases);
            int variant = 0;
            foreach (int length in Enumerable.Range(1, 70).Concat(Enumerable.Range(250, 51)))
            {
                for (int at = 0; at < length; at++)
                {
                    if (at % 32 is > 2 and < 29 && at < length - 12)
                    {
                        continue;
                    }

                    foreach (char before in Before)
                    {
                        string phrase = phrases[variant++ % phrases.Length];
                        phrase = variant % 3 == 0 ? phrase.ToUpperInvariant() : phrase;
                        var text = new StringBuilder(new string('.', length));
                        if (at > 0)
                        {
                            text[at - 1] = before;
                        }

                        for (int k = 0; k < phrase.Length && at + k < length; k++)
                        {
                            text[at + k] = phrase[k];
                        }

                        string s = text.ToString();
                        Find(index, s).Should().Equal(Reference(phrases, s), $"{length} characters, '{phrase}' at {at} after U+{(int)before:X4}");
                    }
                }
            }
        }
    }

    [Fact]
    public void CharactersAboveTheByteRangeAreToldApart()
    {
        // The filter and the lookups key on bytes, with every character above 0xFF capped at 0xFF: such a character
        // must neither stand for the ASCII character of its low byte (U+0169 for 'i', U+0161 for 'a') nor for another
        // one above 0xFF (U+0100 and U+0101 are equal ignoring case but not under the | 0x20 folding), at the start of
        // a key, in it, in the four characters after it and in the rest; far from the text's end and in its last 16
        // characters (which the lookups read from the end).
        string[] phrases = ["abcdefghijkl", "abcdefghijklmnop", "abcdefgh", "abcdefghij", "abcd", "abcdef", "\u0100bcd", "\u0100bc", "abcd\u0100", "\u0169xyz"];
        string[] words =
        [
            "abcdefgh\u0169jkl", "abcdefghijkl", "abcdefghijklmno\u0170", "abcdefghijklmnop", "abcdefg\u0168", "abcdefgh", "abcdefgh\u0169j",
            "abc\u0164", "abcd", "abcde\u0166", "abcdef", "\u0101bcd", "\u0100BCD", "\u0101bc", "\u0100bc", "ABCD\u0101", "abcd\u0100",
            "\u0161bcd", "\u0169XYZ", "iXYZ",
        ];
        var index = new PhraseIndex(phrases);
        foreach (string word in words)
        {
            for (int tail = 0; tail <= 18; tail++)
            {
                foreach (string text in new[] { "x " + word + new string('.', tail), new string('.', 40) + " " + word + new string('.', tail) })
                {
                    Find(index, text).Should().Equal(Reference(phrases, text), text);
                }
            }
        }
    }

    [Fact]
    public void PhrasesEndingNearTheTextEndMatchLikeTheReference()
    {
        // The scan's filter reads eight characters from each word start, clamped only for starts with fewer than eight
        // left: phrases of each key length starting 3 to 19 characters from the end, in texts of 17 to 60 characters,
        // with prefix chains (Edgy) and with phrases that share no first characters, so that each start is kept by
        // its own key length only.
        string[] distinct = ["abc", "defg", "hijklmn", "opqrstuv", "wxyzabcdefg", "mailbox unav", "spam blocked", "spamxyz"];
        foreach (string[] phrases in new[] { Edgy, distinct })
        {
            var index = new PhraseIndex(phrases);
            for (int pad = 10; pad <= 40; pad++)
            {
                foreach (string phrase in phrases.Where(p => p.All(char.IsAscii)))
                {
                    for (int tail = 0; tail <= 6; tail++)
                    {
                        string text = new string('.', pad) + " " + phrase + new string('.', tail);
                        Find(index, text).Should().Equal(Reference(phrases, text), text);
                    }
                }
            }
        }
    }

    [Fact]
    public void RunsOfPunctuationStartsMatchLikeTheReference()
    {
        // Every '[' and '>' that begins some phrase is a word start of its own, so a run of them gives up to 32 starts
        // in one 32-character block, each of the eight in a byte of the block's mask: phrases at the end of runs of
        // every length, at every offset, and after the partly overlapping last block of the text.
        var index = new PhraseIndex(Edgy);
        foreach (char mark in "[>")
        {
            for (int run = 0; run <= 70; run++)
            {
                for (int pad = 0; pad < 8; pad++)
                {
                    string text = new string('.', pad) + new string(mark, run) + (mark == '[' ? "[tsm] [ts01]" : ">: user") + new string(mark, run % 9);
                    Find(index, text).Should().Equal(Reference(Edgy, text), text);
                }
            }
        }
    }

    [Fact]
    public void AFullBufferKeepsTheSameMatchesAsTheReference()
    {
        // More matches than room, several at one position, across the key lengths: the first ones in order are kept.
        FullBuffersMatchTheReference(Edgy, "abcdefghijklmnopqrstuvwxyz abcdefghijklmnopq abcdefghijklm", maxRoom: 20);
    }

    [Fact]
    public void AFullBufferKeepsTheSameMatchesAsTheReference_WhenOnlyKeysOfTwelveStartThere()
    {
        // One group keyed by twelve characters and nothing shorter with the same start: the lookups' usual case, which
        // takes its own path, must keep the first matches in order when they do not all fit.
        FullBuffersMatchTheReference(
            ["recipient address rejected: user unknown", "recipient address", "recipient address rejected"],
            "Recipient address rejected: User unknown; recipient address rejected",
            maxRoom: 6);
    }

    [Fact]
    public void ManyWordStartsBeforeTheFirstMatchAreAllLookedAt()
    {
        // More word starts than one scan chunk holds, none of them a match (a quoted message, a long list of hosts):
        // on each of the scan's paths (256-bit vectors; 128-bit with DOTNET_EnableAVX2=0; one character at a time with
        // DOTNET_EnableHWIntrinsic=0, as CI runs the tests).
        var index = new PhraseIndex(Edgy);
        foreach (int words in new[] { 200, 300, 1000 })
        {
            string text = string.Concat(Enumerable.Repeat("x ", words)) + "abcdefgh mailbox unavailable";
            Find(index, text).Should().Equal(Reference(Edgy, text), $"{words} words");
        }
    }

    [Fact]
    public void ASearchResumedFromAnyPositionMatchesLikeTheReference()
    {
        // Resuming is how the classifier gets past a full buffer: the character before the resume position still
        // decides whether a word starts there, so resuming inside a word finds nothing there.
        var index = new PhraseIndex(BuiltIn);
        foreach (string text in TestData.Corpus.Select(r => r.Text).Distinct().Where(t => t.Length > 0).Take(200))
        {
            foreach (int from in new[] { 1, text.Length / 3, text.Length / 2, text.Length - 1, text.Length })
            {
                Find(index, text, from: from).Should().Equal(Reference(BuiltIn, text, from: from), $"from {from}: {text}");
            }
        }

        var edgy = new PhraseIndex(Edgy);
        const string Text = "abcdefghijklmnopqrstuvwxyz xabcdefgh [ts01] abcdefghijklm abc";
        for (int from = 0; from <= Text.Length; from++)
        {
            Find(edgy, Text, from: from).Should().Equal(Reference(Edgy, Text, from: from), $"from {from}");
        }

        // Across the scan's 32-character blocks and 256-character chunks of a long text.
        string longText = string.Concat(Enumerable.Repeat("Mailbox abcdefgh, [TS01] ÉXITO x-y abcdefghijklm; ", 14));
        for (int from = 200; from <= 330; from++)
        {
            Find(edgy, longText, room: 100, from: from).Should().Equal(Reference(Edgy, longText, room: 100, from: from), $"long, from {from}");
        }
    }

    [Fact]
    public void DigitsStartMatchesOnlyWhenSomePhraseStartsWithADigit()
    {
        Find(new PhraseIndex(["user unknown"]), "550 user unknown 550user").Should().Equal(new PhraseIndex.Match(0, 4));
        Find(new PhraseIndex(["550 user", "user"]), "550 user unknown x550 user").Should().Equal(
            new PhraseIndex.Match(0, 0), new PhraseIndex.Match(1, 4), new PhraseIndex.Match(1, 22));
    }

    [Fact]
    public void AddedPhraseRulesAreFoundByTheClassifier()
    {
        var classifier = new BounceClassifier(new BounceClassifierOptions
        {
            PhraseRules =
            {
                new PhraseRule("quota exceeded for this recipient today", BounceReason.MailboxFull, 90),
                new PhraseRule("zzq", BounceReason.Blocked, 90),
            },
        });

        classifier.Classify("452 4.2.2 Quota exceeded for this recipient today").Reason.Should().Be(BounceReason.MailboxFull);
        classifier.Classify("550 zzq").Reason.Should().Be(BounceReason.Blocked);
        classifier.Classify("550 zzqx").Reason.Should().Be(BounceReason.Blocked);
        classifier.Classify("550 xzzq").Reason.Should().NotBe(BounceReason.Blocked);
    }

    // Every output buffer from empty to maxRoom keeps what the reference keeps.
    private static void FullBuffersMatchTheReference(string[] phrases, string text, int maxRoom)
    {
        var index = new PhraseIndex(phrases);
        for (int room = 0; room <= maxRoom; room++)
        {
            Find(index, text, room).Should().Equal(Reference(phrases, text, room), $"room {room}");
        }
    }

    private static PhraseIndex.Match[] Find(PhraseIndex index, string text, int room = 32, int from = 0)
    {
        var matches = new PhraseIndex.Match[room];
        int count = from == 0 ? index.FindAll(text, matches) : index.FindAll(text, from, matches);
        return matches[..count];
    }

    /// <summary>The contract, spelled out: candidate positions are word starts (a letter or non-ASCII character after a
    /// non-word character; a digit too when some phrase starts with one) and punctuation that starts some phrase; at each,
    /// the phrases of four or more characters in order, then the three-character ones. An ASCII phrase matches where the
    /// text has it under <c>| 0x20</c> folding; a non-ASCII one where the first (up to) four characters agree under that
    /// folding and the whole phrase under <see cref="StringComparison.OrdinalIgnoreCase"/>.</summary>
    private static PhraseIndex.Match[] Reference(string[] phrases, string text, int room = 32, int from = 0)
    {
        static bool IsWord(char c) => char.IsAsciiLetterOrDigit(c) || c > 127;
        bool digitStarts = phrases.Any(p => char.IsAsciiDigit(p[0]));
        var punctuation = phrases.Select(p => p[0]).Where(c => !IsWord(c)).ToHashSet();
        var order = Enumerable.Range(0, phrases.Length).Where(i => phrases[i].Length >= 4)
            .Concat(Enumerable.Range(0, phrases.Length).Where(i => phrases[i].Length == 3)).ToArray();
        var found = new List<PhraseIndex.Match>();
        for (int at = from; at < text.Length; at++)
        {
            char c = text[at];
            bool candidate = IsWord(c) ? (at == 0 || !IsWord(text[at - 1])) && (digitStarts || !char.IsAsciiDigit(c)) : punctuation.Contains(c);
            if (!candidate)
            {
                continue;
            }

            foreach (int i in order)
            {
                string p = phrases[i];
                int left = text.Length - at;
                bool match = p.All(char.IsAscii)
                    ? left >= p.Length && Enumerable.Range(0, p.Length).All(k => (text[at + k] | 0x20) == (p[k] | 0x20))
                    : left >= Math.Min(4, p.Length) && Enumerable.Range(0, Math.Min(4, p.Length)).All(k => (text[at + k] | 0x20) == (p[k] | 0x20))
                        && text.AsSpan(at).StartsWith(p, StringComparison.OrdinalIgnoreCase);
                if (match && found.Count < room)
                {
                    found.Add(new PhraseIndex.Match(i, at));
                }
            }
        }

        return [.. found];
    }
}
