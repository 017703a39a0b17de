using System.Globalization;
using System.Runtime.CompilerServices;
using BounceKit.Events;
using BounceKit.MarketingCloud;
using BounceKit.MarketingCloud.Extracts;
using BounceKit.MarketingCloud.Planning;
using BounceKit.Sync;

namespace BounceKit.Cli.Commands.Sync;

/// <summary>An SFMC <c>_Bounce</c> extract file. Extracts are usually replaced by a new file each day, so the
/// checkpoint is the file's size and modification time: an unchanged file is skipped, a changed one is read in full
/// (bounces stored before are ignored by their ids).</summary>
internal sealed class SfmcBounceFileSource(string name, string path, Action<string> reportBadRow) : IEventSource
{
    public string Name => name;

    public string CheckpointKey => "sfmc-bounces-file:" + Path.GetFullPath(path);

    public async IAsyncEnumerable<DeliverabilityEvent> ReadNewAsync(ICheckpointStore checkpoints, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var file = new FileInfo(path);
        if (!file.Exists)
        {
            throw new FileNotFoundException($"'{path}' does not exist.", path);
        }

        string fingerprint = string.Create(CultureInfo.InvariantCulture, $"{file.Length}:{file.LastWriteTimeUtc.Ticks}");
        if (await checkpoints.GetCheckpointAsync(CheckpointKey, cancellationToken).ConfigureAwait(false) == fingerprint)
        {
            yield break;
        }

        await foreach (DeliverabilityEvent e in ToEvents(SfmcExtractReader.ReadBouncesAsync(path, cancellationToken: cancellationToken), reportBadRow).ConfigureAwait(false))
        {
            yield return e;
        }

        await checkpoints.SetCheckpointAsync(CheckpointKey, fingerprint, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Bounce rows as events; unreadable rows go to <paramref name="reportBadRow"/> (with their line).</summary>
    public static async IAsyncEnumerable<DeliverabilityEvent> ToEvents(IAsyncEnumerable<ExtractRow<SfmcBounceRecord>> rows, Action<string> reportBadRow)
    {
        await foreach (ExtractRow<SfmcBounceRecord> row in rows.ConfigureAwait(false))
        {
            if (row.IsSuccess)
            {
                yield return SfmcBounceEvents.ToEvent(row.Record!);
            }
            else
            {
                reportBadRow(row.Error!.ToString().TrimEnd('.'));
            }
        }
    }
}
