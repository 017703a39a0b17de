namespace BounceKit.Cli.Output;

/// <summary>Writes aligned columns row by row (streaming: widths are fixed up front, long cells are cut with '…').</summary>
internal sealed class TableWriter(TextWriter output, params (string Header, int Width)[] columns)
{
    private bool _headerWritten;

    public void WriteRow(params string?[] cells)
    {
        if (!_headerWritten)
        {
            _headerWritten = true;
            WriteCells(columns.Select(c => c.Header).ToArray());
            WriteCells(columns.Select(c => new string('-', c.Width)).ToArray());
        }

        WriteCells(cells);
    }

    private void WriteCells(string?[] cells)
    {
        for (int i = 0; i < columns.Length; i++)
        {
            string cell = (cells.Length > i ? cells[i] : null) ?? "";
            cell = cell.ReplaceLineEndings(" ");
            bool last = i == columns.Length - 1;
            int width = columns[i].Width;
            if (cell.Length > width)
            {
                cell = string.Concat(cell.AsSpan(0, width - 1), "…");
            }

            output.Write(last ? cell : cell.PadRight(width));
            if (!last)
            {
                output.Write("  ");
            }
        }

        output.Write('\n');
    }
}
