using BounceKit.MarketingCloud.Extracts;

namespace BounceKit.Cli.Commands;

/// <summary>Reports the unreadable rows of an SFMC extract on stderr, with their line, and passes the others on: one
/// bad row does not stop the rest (exit code 3 when <see cref="Any"/>).</summary>
internal sealed class RowErrors(CliIO io, string name)
{
    public bool Any { get; private set; }

    public IEnumerable<T> Records<T>(IEnumerable<ExtractRow<T>> rows)
        where T : class
    {
        foreach (ExtractRow<T> row in rows)
        {
            if (Pass(row))
            {
                yield return row.Record!;
            }
        }
    }

    public async IAsyncEnumerable<T> Records<T>(IAsyncEnumerable<ExtractRow<T>> rows)
        where T : class
    {
        await foreach (ExtractRow<T> row in rows.ConfigureAwait(false))
        {
            if (Pass(row))
            {
                yield return row.Record!;
            }
        }
    }

    private bool Pass<T>(ExtractRow<T> row)
        where T : class
    {
        if (row.IsSuccess)
        {
            return true;
        }

        io.Error.WriteLine($"{name}: {row.Error!.ToString().TrimEnd('.')}; skipped.");
        Any = true;
        return false;
    }
}
