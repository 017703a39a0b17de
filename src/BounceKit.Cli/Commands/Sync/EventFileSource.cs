using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using BounceKit.Events;
using BounceKit.Sync;

namespace BounceKit.Cli.Commands.Sync;

/// <summary>A JSON Lines event file (the <c>policy simulate</c> format) read incrementally: the checkpoint is the byte
/// offset and line number after the last line read, so a file that grows is read from where the last run stopped, and a
/// file that shrank (replaced) is read from the start.</summary>
internal sealed class EventFileSource(string name, string path, Action<string> reportBadLine) : IEventSource
{
    public string Name => name;

    public string CheckpointKey => "events-file:" + Path.GetFullPath(path);

    public async IAsyncEnumerable<DeliverabilityEvent> ReadNewAsync(ICheckpointStore checkpoints, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        (long offset, long lineNumber) = Parse(await checkpoints.GetCheckpointAsync(CheckpointKey, cancellationToken).ConfigureAwait(false));
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1 << 16, useAsync: true);
        await using (stream.ConfigureAwait(false))
        {
            if (stream.Length < offset)
            {
                offset = 0; // the file was replaced by a shorter one: read it all; stored events are ignored as repeats
                lineNumber = 0;
            }

            stream.Seek(offset, SeekOrigin.Begin);
            byte[] buffer = new byte[1 << 16];
            var carry = new MemoryStream();
            int read;
            while ((read = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                int start = 0;
                for (int newline; (newline = Array.IndexOf(buffer, (byte)'\n', start, read - start)) >= 0; start = newline + 1)
                {
                    ReadOnlySpan<byte> bytes = buffer.AsSpan(start, newline - start);
                    if (carry.Length > 0)
                    {
                        carry.Write(bytes);
                        bytes = carry.GetBuffer().AsSpan(0, (int)carry.Length);
                    }

                    lineNumber++;
                    DeliverabilityEvent? e = ReadLine(bytes, lineNumber);
                    carry.SetLength(0);
                    if (e is not null)
                    {
                        yield return e;
                    }
                }

                carry.Write(buffer, start, read - start);
            }

            if (carry.Length > 0)
            {
                // A last line without a newline.
                lineNumber++;
                if (ReadLine(carry.GetBuffer().AsSpan(0, (int)carry.Length), lineNumber) is { } last)
                {
                    yield return last;
                }
            }

            offset = stream.Position;
        }

        await checkpoints.SetCheckpointAsync(CheckpointKey, string.Create(CultureInfo.InvariantCulture, $"{offset}:{lineNumber}"), cancellationToken).ConfigureAwait(false);
    }

    private DeliverabilityEvent? ReadLine(ReadOnlySpan<byte> bytes, long lineNumber)
    {
        string line = Encoding.UTF8.GetString(bytes).TrimEnd('\r');
        if (string.IsNullOrWhiteSpace(line))
        {
            return null;
        }

        if (EventLine.TryRead(line, out DeliverabilityEvent? e) is { } error)
        {
            reportBadLine($"line {lineNumber}: {error}");
            return null;
        }

        return e;
    }

    private static (long Offset, long Line) Parse(string? checkpoint)
    {
        if (checkpoint?.Split(':') is [string o, string l]
            && long.TryParse(o, NumberStyles.None, CultureInfo.InvariantCulture, out long offset)
            && long.TryParse(l, NumberStyles.None, CultureInfo.InvariantCulture, out long line))
        {
            return (offset, line);
        }

        return (0, 0);
    }
}
