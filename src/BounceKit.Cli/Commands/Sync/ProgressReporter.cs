using System.Diagnostics;
using System.Globalization;
using BounceKit.Sync;

namespace BounceKit.Cli.Commands.Sync;

/// <summary>Shows a sync's progress on stderr: a bar redrawn in place when stderr is a terminal, plain lines otherwise
/// (one when a step starts, then at most one every few seconds), so logs of scheduled runs stay readable.</summary>
internal sealed class ProgressReporter(TextWriter error, bool terminal) : IProgress<SyncProgress>
{
    private static readonly TimeSpan TerminalInterval = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan LineInterval = TimeSpan.FromSeconds(5);
    private readonly Lock _lock = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private TimeSpan _last = TimeSpan.MinValue;
    private (SyncPhase, string?)? _step;
    private bool _drawn;

    public void Report(SyncProgress value)
    {
        lock (_lock)
        {
            bool newStep = _step != (value.Phase, value.Name);
            bool done = value.Total is { } total && value.Done >= total;
            TimeSpan now = _clock.Elapsed;
            if (!newStep && !done && now - _last < (terminal ? TerminalInterval : LineInterval))
            {
                return;
            }

            if (newStep && _drawn && terminal)
            {
                error.WriteLine();
            }

            _step = (value.Phase, value.Name);
            _last = now;
            string text = Describe(value);
            if (terminal)
            {
                error.Write('\r' + text.PadRight(79));
                _drawn = true;
            }
            else
            {
                error.WriteLine(text);
            }

            error.Flush();
        }
    }

    /// <summary>Ends the bar's line, if one is drawn.</summary>
    public void Finish()
    {
        lock (_lock)
        {
            if (_drawn && terminal)
            {
                error.WriteLine();
                _drawn = false;
            }
        }
    }

    private string Describe(SyncProgress value)
    {
        string step = value.Phase switch
        {
            SyncPhase.Reading => $"reading {value.Name}",
            SyncPhase.Planning => "planning",
            _ => $"writing {value.Name}",
        };
        string count = value.Total is { } total
            ? string.Create(CultureInfo.InvariantCulture, $"{value.Done:N0}/{total:N0}")
            : string.Create(CultureInfo.InvariantCulture, $"{value.Done:N0}");
        if (!terminal || value.Total is not { } all)
        {
            return $"bouncekit sync: {step}: {count}";
        }

        const int width = 24;
        int filled = all == 0 ? width : (int)Math.Min(width, value.Done * width / all);
        return $"{step,-24} [{new string('#', filled)}{new string('.', width - filled)}] {count}";
    }
}
