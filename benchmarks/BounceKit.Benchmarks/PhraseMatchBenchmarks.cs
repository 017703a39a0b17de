using BenchmarkDotNet.Attributes;
using BounceKit.Classification;
using BounceKit.Classification.Internal;

namespace BounceKit.Benchmarks;

/// <summary>The classifier's phrase matcher alone, over the corpus strings; results are per string.</summary>
[MemoryDiagnoser]
public class PhraseMatchBenchmarks
{
    private const int CorpusSize = 824;
    private string[] _texts = [];
    private PhraseIndex _index = null!;
    private PhraseIndex _never = null!;

    [GlobalSetup]
    public void Setup()
    {
        _texts = Corpus.DiagnosticStrings();
        _index = new PhraseIndex([.. BounceClassifier.Default.Rules.Select(r => r.Phrase)]);
        _never = new PhraseIndex(["qqqzx"]);
    }

    [Benchmark(OperationsPerInvoke = CorpusSize)]
    public int FindAll()
    {
        Span<PhraseIndex.Match> matches = stackalloc PhraseIndex.Match[32];
        int found = 0;
        foreach (string text in _texts)
        {
            found += _index.FindAll(text, matches);
        }

        return found;
    }

    /// <summary>The word-start scan alone: a phrase set whose prefix filter rejects every word start.</summary>
    [Benchmark(OperationsPerInvoke = CorpusSize)]
    public int ScanOnly()
    {
        Span<PhraseIndex.Match> matches = stackalloc PhraseIndex.Match[32];
        int found = 0;
        foreach (string text in _texts)
        {
            found += _never.FindAll(text, matches);
        }

        return found;
    }
}
