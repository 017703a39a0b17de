using System.Collections.Frozen;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using BounceKit.Classification.Internal;
using BounceKit.Diagnostics;
using BounceKit.Smtp;
using Hit = BounceKit.Classification.Internal.PhraseIndex.Match;

namespace BounceKit.Classification;

/// <summary>Classifies failed deliveries: hard, soft or block, why, and on which evidence. Thread-safe, immutable and
/// allocation-free per call; build one and reuse it.</summary>
/// <remarks>
/// <para>Rules come in layers, each rule with a priority; the highest priority wins, and on a tie the earlier layer
/// wins: receiving-provider phrases, then general phrases, then the enhanced status, the reply code and the SMTP
/// command. So specific text beats a generic code (<c>550 5.7.1 No such user!</c> is an unknown user), while a
/// specific code beats vague text.</para>
/// <para>The verdict then follows the reason's default type, except that a transient failure (a 4xx reply, or a 4.x.x
/// status without a reply) is never hard. Sender-side failures (<c>Sender verify failed</c>) are blocks, and a full
/// mailbox stays soft even with a 5xx code.</para>
/// <para>Phrases are found ignoring case by an index built once per classifier: a vectorised scan for word starts,
/// then a hash lookup of the first 12, 8, 4 or 3 characters at each (see docs/classifier.md for why not <c>SearchValues&lt;string&gt;</c>).</para>
/// </remarks>
public sealed class BounceClassifier
{
    private const int MaxHits = 32;

    private readonly PhraseRule[] _rules;
    private readonly RuleFacts[] _facts;
    private readonly ReceivingProvider[] _markers;
    private readonly SmtpCommand[] _commandMarkers;
    private readonly int[] _neutralLengths;
    private readonly PhraseIndex _index;

    /// <summary>Builds a classifier from the built-in rules and <paramref name="options"/>.</summary>
    /// <param name="options">Rules to add, override or remove.</param>
    public BounceClassifier(BounceClassifierOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var removed = new HashSet<string>(options.RemovedPhrases, StringComparer.OrdinalIgnoreCase);
        var rules = new List<PhraseRule>();
        foreach (PhraseRule rule in BuiltInRules.Phrases)
        {
            if (!removed.Contains(rule.Phrase) && !options.PhraseRules.Any(r => Same(r, rule)))
            {
                rules.Add(rule);
            }
        }

        rules.AddRange(options.PhraseRules);
        Rules = rules.AsReadOnly();

        // Provider markers, command markers and neutral phrases share the automaton: entries past the rules mark a
        // provider, then a command, then a neutral span, instead of pointing to a reason.
        _rules = [.. rules];
        _facts = [.. rules.Select(r => new RuleFacts(r))];
        _markers = [.. BuiltInRules.ProviderMarkers.Select(m => m.Provider)];
        _commandMarkers = [.. BuiltInRules.CommandMarkers.Select(m => m.Command)];
        _neutralLengths = [.. BuiltInRules.NeutralPhrases.Select(p => p.Length)];
        _index = new PhraseIndex([
            .. _rules.Select(r => r.Phrase),
            .. BuiltInRules.ProviderMarkers.Select(m => m.Marker),
            .. BuiltInRules.CommandMarkers.Select(m => m.Marker),
            .. BuiltInRules.NeutralPhrases]);
    }

    /// <summary>A classifier with the built-in rules only.</summary>
    public static BounceClassifier Default { get; } = new(new BounceClassifierOptions());

    /// <summary>The phrase rules in force (built-in and added).</summary>
    public IReadOnlyList<PhraseRule> Rules { get; }

    /// <summary>Classifies a diagnostic string alone.</summary>
    /// <param name="text">The diagnostic text.</param>
    /// <returns>The classification.</returns>
    public BounceClassification Classify(ReadOnlySpan<char> text) => Classify(new BounceInput(text));

    /// <summary>Classifies one failed delivery.</summary>
    /// <param name="input">What is known about it.</param>
    /// <returns>The classification.</returns>
    [SkipLocalsInit]
    public BounceClassification Classify(in BounceInput input)
    {
        ReadOnlySpan<char> text = input.Text;
        SmtpReplyCode? reply = input.ReplyCode;
        EnhancedStatusCode? status = input.EnhancedStatus;

        // The text's codes count only where none is given, or where the given status is generic: a DSN that gives both
        // a reply code and a specific status (most do) needs no parsing.
        if (reply is null || status is not { } given || IsGeneric(given))
        {
            SmtpDiagnosticParser.ParseCodes(text, out SmtpReplyCode? textReply, out EnhancedStatusCode? textStatus);
            reply ??= textReply;
            if (textStatus is { } found && (status is null || (IsGeneric(status.Value) && !IsGeneric(found))))
            {
                status = found;
            }
        }

        // The provider reported is the remote MTA's, else the recipient domain's, else the first marker in the text. A
        // provider's rules apply when either host names it: a relay (or a sender-side host recorded as the remote MTA)
        // still delivers to the recipient domain's provider, whose wording is what the text carries.
        ReceivingProvider provider = FromHost(input.RemoteMta), domainProvider = FromHost(input.RecipientDomain);
        if (provider == ReceivingProvider.Unknown)
        {
            provider = domainProvider;
        }

        Unsafe.SkipInit(out HitBuffer hitBuffer);
        Span<Hit> hits = hitBuffer;
        SmtpCommand textCommand = SmtpCommand.Unknown;
        int hitCount = FindPhrases(text, hits, ref provider, ref textCommand);

        // The command given wins; otherwise the MTA's own words say it ("in reply to RCPT TO command", "after end of data").
        SmtpCommand command = input.Command != SmtpCommand.Unknown ? input.Command : textCommand;
        uint providers = Bit(provider) | Bit(domainProvider);

        // Pick the strongest candidate across the layers.
        Candidate best = default;
        for (int i = 0; i < hitCount; i++)
        {
            ref readonly RuleFacts rule = ref _facts[hits[i].Phrase];
            if (!rule.Applies(providers))
            {
                continue;
            }

            var c = new Candidate(rule.Reason, rule.Priority, rule.Source, i, hits[i].Start);
            if (c.Beats(best))
            {
                best = c;
            }
        }

        Candidate statusVote = default, replyVote = default, commandVote = default;
        if (status is { } s)
        {
            (BounceReason r, int p) = s.Class == SmtpStatusClass.Success ? (BounceReason.Delivered, 20) : BuiltInRules.ForStatus(s);
            statusVote = new Candidate(r, p, EvidenceSource.Status, -1, Value: s.Packed);
        }

        if (reply is { } rc)
        {
            (BounceReason r, int p) = BuiltInRules.ForReply(rc);
            replyVote = new Candidate(r, p, EvidenceSource.ReplyCode, -1, Value: rc.Value);
        }

        if (command != SmtpCommand.Unknown)
        {
            (BounceReason r, int p) = BuiltInRules.ForCommand(command);
            commandVote = new Candidate(r, p, EvidenceSource.Command, -1, Value: (int)command);
        }

        if (statusVote.Beats(best))
        {
            best = statusVote;
        }

        if (replyVote.Beats(best))
        {
            best = replyVote;
        }

        if (commandVote.Beats(best))
        {
            best = commandVote;
        }

        BounceReason reason = best.Priority > 0 ? best.Reason : BounceReason.Undefined;
        bool decidedByCommand = false;

        // "User unknown" in the text (or a bare 550) after the recipient was accepted (at DATA), or with a status that says
        // the mailbox exists (X.2.x), is a filter speaking, not a missing mailbox: never a hard bounce on that alone. At
        // RCPT the recipient itself was refused, so the text stands, and the command is part of the evidence.
        if (reason == BounceReason.UserUnknown && best.Source is EvidenceSource.Text or EvidenceSource.ReplyCode && statusVote.Reason != BounceReason.UserUnknown)
        {
            if (command == SmtpCommand.Data || (status is { Subject: 2 } && command != SmtpCommand.RcptTo))
            {
                reason = BounceReason.Filtered;
                best = best with { Reason = reason };
                decidedByCommand = command == SmtpCommand.Data;
            }
            else
            {
                decidedByCommand = status is { Subject: 2 } && command == SmtpCommand.RcptTo;
            }
        }

        // At MAIL FROM no recipient has been named yet: an address or domain that "does not exist" there is the sender's.
        if (command == SmtpCommand.MailFrom && best.Source is EvidenceSource.Text or EvidenceSource.Status &&
            reason is BounceReason.UserUnknown or BounceReason.HostUnknown or BounceReason.ClosedAccount)
        {
            reason = BounceReason.Rejected;
            best = best with { Reason = reason };
            decidedByCommand = true;
        }

        bool transient = reply is { } rr ? rr.Class == SmtpStatusClass.TransientFailure : status?.Class == SmtpStatusClass.TransientFailure;

        // The status says whose limit a size refusal hit: X.2.3 is the recipient's (RFC 3463: "per-mailbox"), where the
        // wording ("message size exceeds ...") fits either.
        if (reason == BounceReason.MessageTooBig && statusVote.Reason == BounceReason.ExceedsLimit)
        {
            reason = BounceReason.ExceedsLimit;
            best = statusVote;
        }

        // A host that is "not found" in a transient reply is a DNS lookup that failed for now (the sender retries), not
        // yet a domain known not to exist.
        if (reason == BounceReason.HostUnknown && transient)
        {
            reason = BounceReason.NetworkError;
            best = best with { Reason = reason };
        }

        // Evidence: the winner, then every other rule that pointed to the same reason, picked as compact entries (rule
        // index and position, or the code); EvidenceList builds the Evidence values when they are read.
        Unsafe.SkipInit(out EntryBuffer entryBuffer);
        Span<EvidenceList.Entry> picked = entryBuffer;
        int pickedCount = 0;
        if (reason != BounceReason.Undefined)
        {
            Debug.Assert(best.Reason == reason, "EvidenceList stores one reason for all its entries.");
            picked[pickedCount++] = best.Hit >= 0 ? EvidenceList.Entry.ForRule(hits[best.Hit].Phrase, best.Start) : EvidenceList.Entry.ForCode(best.Source, best.Value);
            if (decidedByCommand)
            {
                // The command turned the text's verdict around, or kept it against the status: say so.
                picked[pickedCount++] = EvidenceList.Entry.ForCode(EvidenceSource.Command, (int)command);
            }

            for (int i = 0; i < hitCount && pickedCount < EvidenceList.MaxCount; i++)
            {
                ref readonly RuleFacts rule = ref _facts[hits[i].Phrase];
                if (rule.Reason == reason && i != best.Hit && rule.Applies(providers) && !Overlaps(hits, i, best.Hit))
                {
                    picked[pickedCount++] = EvidenceList.Entry.ForRule(hits[i].Phrase, hits[i].Start);
                }
            }

            // (Three calls rather than a loop over a collection of the votes: copying them into one cost ~5 ns.)
            pickedCount = AddVote(picked, pickedCount, statusVote, reason, best.Source, decidedByCommand);
            pickedCount = AddVote(picked, pickedCount, replyVote, reason, best.Source, decidedByCommand);
            pickedCount = AddVote(picked, pickedCount, commandVote, reason, best.Source, decidedByCommand);
        }

        BounceReasonInfo info = reason.Describe();
        BounceType type = info.DefaultType;
        if (type == BounceType.Hard && transient)
        {
            type = BounceType.Soft;
        }

        if (BounceKitMetrics.Classifications.Enabled)
        {
            BounceKitMetrics.Classifications.Add(1, new KeyValuePair<string, object?>("type", type.ToName()), new KeyValuePair<string, object?>("reason", info.Name));
        }

        return new BounceClassification(
            type, reason, type == BounceType.Hard && info.IsHardBounce, reply, status, provider,
            new EvidenceList(
                _rules,
                reason,
                pickedCount > 0 ? picked[0] : default,
                pickedCount > 1 ? picked[1] : default,
                pickedCount > 2 ? picked[2] : default,
                pickedCount > 3 ? picked[3] : default,
                pickedCount));
    }

    // Markers set the provider and the command; rule matches are compacted in place (never ahead of the reading), except
    // those inside a neutral phrase (a quoted header name such as "DKIM-Signature:"). Matches come in text order, and at
    // one position in index order, so a neutral phrase arrives after the rule matches at its own start. When the buffer
    // fills (a long quoted header block repeats its markers), the search resumes after the rule matches kept so far:
    // only rule matches take lasting room, and when they fill it the repeats of a phrase give theirs up. So up to
    // MaxHits different phrases are weighed, however long the text.
    private int FindPhrases(ReadOnlySpan<char> text, Span<Hit> hits, ref ReceivingProvider provider, ref SmtpCommand command)
    {
        int count = 0, neutralUntil = 0, from = 0;
        int markersEnd = _facts.Length + _markers.Length, commandsEnd = markersEnd + _commandMarkers.Length;
        while (count < hits.Length || (count = DropRepeats(hits, count)) < hits.Length)
        {
            Span<Hit> room = hits[count..];
            int found = _index.FindAll(text, from, room);
            for (int i = 0; i < found; i++)
            {
                Hit hit = room[i];
                if (hit.Phrase < _facts.Length)
                {
                    if (hit.Start >= neutralUntil)
                    {
                        hits[count++] = hit;
                    }
                }
                else if (hit.Phrase < markersEnd)
                {
                    if (provider == ReceivingProvider.Unknown)
                    {
                        provider = _markers[hit.Phrase - _facts.Length];
                    }
                }
                else if (hit.Phrase < commandsEnd)
                {
                    if (command == SmtpCommand.Unknown)
                    {
                        command = _commandMarkers[hit.Phrase - markersEnd];
                    }
                }
                else
                {
                    count = DropFrom(hits, count, hit.Start);
                    neutralUntil = Math.Max(neutralUntil, hit.Start + _neutralLengths[hit.Phrase - commandsEnd]);
                }
            }

            if (found < room.Length)
            {
                break;
            }

            // Full: the matches at the last position may have been cut short. Drop them and look again from there,
            // unless that position alone filled the room (then go on after it).
            int last = room[found - 1].Start;
            if (room[0].Start == last)
            {
                from = last + 1;
                continue;
            }

            count = DropFrom(hits, count, last);
            from = last;
        }

        return count;
    }

    // Drops the kept matches that start at or after start (they are the last ones: matches come in text order).
    private static int DropFrom(ReadOnlySpan<Hit> hits, int count, int start)
    {
        while (count > 0 && hits[count - 1].Start >= start)
        {
            count--;
        }

        return count;
    }

    // Keeps the first match of each phrase: a repeat changes neither the verdict (on a tie the earlier match wins) nor
    // what the evidence names. Only reached when more than MaxHits rule matches are found.
    private static int DropRepeats(Span<Hit> hits, int count)
    {
        int kept = 0;
        for (int i = 0; i < count; i++)
        {
            int j = 0;
            while (j < kept && hits[j].Phrase != hits[i].Phrase)
            {
                j++;
            }

            if (j == kept)
            {
                hits[kept++] = hits[i];
            }
        }

        return kept;
    }

    // A code vote that agrees with the verdict is evidence too, unless it is the winner's own layer or the command
    // already stands as the reason the verdict turned.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int AddVote(Span<EvidenceList.Entry> picked, int count, in Candidate vote, BounceReason reason, EvidenceSource bestSource, bool decidedByCommand)
    {
        if (count < EvidenceList.MaxCount && vote.Priority > 0 && vote.Reason == reason && vote.Source != bestSource && !(decidedByCommand && vote.Source == EvidenceSource.Command))
        {
            picked[count++] = EvidenceList.Entry.ForCode(vote.Source, vote.Value);
        }

        return count;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool Overlaps(ReadOnlySpan<Hit> hits, int a, int b)
    {
        if (b < 0)
        {
            return false;
        }

        int aStart = hits[a].Start, aEnd = aStart + _facts[hits[a].Phrase].Length;
        int bStart = hits[b].Start, bEnd = bStart + _facts[hits[b].Phrase].Length;
        return aStart < bEnd && bStart < aEnd;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Bit(ReceivingProvider provider) => provider == ReceivingProvider.Unknown ? 0 : 1u << (int)provider;

    // X.y.0 says only the class and subject; X.0.9NN are Sisimai's pseudo codes, not real ones.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsGeneric(EnhancedStatusCode status) => status.Detail == 0 || (status.Subject == 0 && status.Detail >= 900);

    // Host suffixes by provider, looked up by span without allocating: one lookup per label of the host name.
    private static readonly FrozenDictionary<string, ReceivingProvider>.AlternateLookup<ReadOnlySpan<char>> HostSuffixes =
        BuiltInRules.Hosts.ToFrozenDictionary(h => h.Suffix, h => h.Provider, StringComparer.OrdinalIgnoreCase).GetAlternateLookup<ReadOnlySpan<char>>();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ReceivingProvider FromHost(ReadOnlySpan<char> host) => host.IsEmpty ? ReceivingProvider.Unknown : FromNonEmptyHost(host);

    private static ReceivingProvider FromNonEmptyHost(ReadOnlySpan<char> host)
    {
        host = host.Trim().TrimEnd('.');

        // "gmail-smtp-in.l.google.com": try "com", "google.com", "l.google.com", ... (shortest registered suffix wins).
        for (int dot = host.LastIndexOf('.'); dot > 0; dot = host[..dot].LastIndexOf('.'))
        {
            if (HostSuffixes.TryGetValue(host[(dot + 1)..], out ReceivingProvider provider))
            {
                return provider;
            }
        }

        return !host.IsEmpty && HostSuffixes.TryGetValue(host, out ReceivingProvider whole) ? whole : ReceivingProvider.Unknown;
    }

    private static bool Same(PhraseRule a, PhraseRule b) =>
        a.Provider == b.Provider && string.Equals(a.Phrase, b.Phrase, StringComparison.OrdinalIgnoreCase);

    // What the search reads about a rule, side by side in one array: a hit costs one load from it instead of loads
    // through the rule's reference (and, for the length, through its phrase).
    private readonly struct RuleFacts(PhraseRule rule)
    {
        public readonly BounceReason Reason = rule.Reason;
        public readonly uint ProviderBit = Bit(rule.Provider);
        public readonly int Length = rule.Phrase.Length;
        public readonly short Priority = (short)rule.Priority;
        private readonly byte _source = (byte)rule.Source;

        public EvidenceSource Source => (EvidenceSource)_source;

        // A provider's rule applies when a host (or a marker in the text) names that provider.
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public bool Applies(uint providers) => ProviderBit == 0 || (providers & ProviderBit) != 0;
    }

    // Hit: the index of a text or provider match in the hits, else -1; Value: the code a code vote stands for.
    private readonly record struct Candidate(BounceReason Reason, int Priority, EvidenceSource Source, int Hit, int Start = 0, int Value = 0)
    {
        // Higher priority wins; on a tie the earlier layer (lower source) wins; then the earlier text match.
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public bool Beats(Candidate other) =>
            Priority > other.Priority || (Priority == other.Priority && Priority > 0 && (Source < other.Source || (Source == other.Source && Start < other.Start)));
    }

    // Fixed buffers as locals rather than stackalloc: a method with loops that stack-allocates is compiled once, fully
    // optimised at its first call, and never recompiled. With locals, Classify goes through tiered compilation: at tier
    // 1, with the profile of its calls, the JIT inlines the phrase search and the result's constructors and moves the
    // rare paths out of the way (docs/performance.md, eighth pass).
    [InlineArray(MaxHits)]
    private struct HitBuffer
    {
        private Hit _first;
    }

    [InlineArray(EvidenceList.MaxCount)]
    private struct EntryBuffer
    {
        private EvidenceList.Entry _first;
    }
}
