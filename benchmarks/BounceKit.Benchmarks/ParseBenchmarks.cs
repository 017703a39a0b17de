using BenchmarkDotNet.Attributes;
using BounceKit.Smtp;

namespace BounceKit.Benchmarks;

/// <summary>Parsing every diagnostic string of the corpus (824 strings); results are per string.</summary>
[MemoryDiagnoser]
public class ParseBenchmarks
{
    private const int CorpusSize = 824;
    private string[] _texts = [];

    [GlobalSetup]
    public void Setup()
    {
        _texts = Corpus.DiagnosticStrings();
        if (_texts.Length != CorpusSize)
        {
            throw new InvalidOperationException($"Expected {CorpusSize} corpus strings, found {_texts.Length}.");
        }
    }

    /// <summary>The zero-allocation span parser: codes, positions and text range.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = CorpusSize)]
    public int DiagnosticParser()
    {
        int found = 0;
        foreach (string text in _texts)
        {
            SmtpDiagnosticParts parts = SmtpDiagnosticParser.Parse(text);
            found += parts.HasCode ? 1 : 0;
        }

        return found;
    }

    /// <summary>The allocating convenience type with cleaned human text, for comparison.</summary>
    [Benchmark(OperationsPerInvoke = CorpusSize)]
    public int SmtpDiagnosticClass()
    {
        int found = 0;
        foreach (string text in _texts)
        {
            if (SmtpDiagnostic.TryParse(text, out SmtpDiagnostic? d) && d.EnhancedStatus is not null)
            {
                found++;
            }
        }

        return found;
    }

    /// <summary>Parsing a bare enhanced status code.</summary>
    [Benchmark]
    public EnhancedStatusCode EnhancedStatus() => EnhancedStatusCode.Parse("5.7.26");
}
