using System.Text.Json;
using BenchmarkDotNet.Attributes;
using BounceKit.Classification;
using BounceKit.Smtp;

namespace BounceKit.Benchmarks;

/// <summary>Classifying every diagnostic string of the corpus (824); results are per classification.</summary>
[MemoryDiagnoser]
public class ClassifyBenchmarks
{
    private const int CorpusSize = 824;
    private string[] _texts = [];
    private (string Text, EnhancedStatusCode? Status, SmtpReplyCode? Reply, SmtpCommand Command, string Domain, string Rhost)[] _records = [];
    private BounceClassifier _classifier = BounceClassifier.Default;

    [GlobalSetup]
    public void Setup()
    {
        _texts = Corpus.DiagnosticStrings();
        if (_texts.Length != CorpusSize)
        {
            throw new InvalidOperationException($"Expected {CorpusSize} corpus strings, found {_texts.Length}.");
        }

        _records = Corpus.Records().Select(e => (
            Text: Get(e, "diagnosticcode"),
            Status: EnhancedStatusCode.TryParse(Get(e, "deliverystatus"), out EnhancedStatusCode s) && !(s.Subject == 0 && s.Detail >= 900) ? s : (EnhancedStatusCode?)null,
            Reply: SmtpReplyCode.TryParse(Get(e, "replycode"), out SmtpReplyCode r) ? r : (SmtpReplyCode?)null,
            Command: SmtpCommands.Parse(Get(e, "smtpcommand")),
            Domain: Get(e, "destination"),
            Rhost: Get(e, "rhost"))).ToArray();
        _classifier = BounceClassifier.Default;
    }

    /// <summary>Text only: what an SFMC <c>SMTPBounceReason</c> column gives.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = CorpusSize)]
    public int TextOnly()
    {
        int hard = 0;
        foreach (string text in _texts)
        {
            hard += _classifier.Classify(text).IsHardBounce ? 1 : 0;
        }

        return hard;
    }

    /// <summary>Everything a DSN gives: text, status, reply code, command, recipient domain, remote MTA.</summary>
    [Benchmark(OperationsPerInvoke = CorpusSize)]
    public int FullInput()
    {
        int hard = 0;
        foreach (var r in _records)
        {
            BounceClassification c = _classifier.Classify(new BounceInput(r.Text)
            {
                EnhancedStatus = r.Status,
                ReplyCode = r.Reply,
                Command = r.Command,
                RecipientDomain = r.Domain,
                RemoteMta = r.Rhost,
            });
            hard += c.IsHardBounce ? 1 : 0;
        }

        return hard;
    }

    private static string Get(JsonElement e, string name) =>
        e.TryGetProperty(name, out JsonElement v) ? v.ValueKind == JsonValueKind.String ? v.GetString() ?? "" : v.ValueKind == JsonValueKind.Number ? v.GetRawText() : "" : "";
}
