namespace BounceKit.MarketingCloud.Tests.Extracts;

/// <summary>A <c>_Bounce</c> export of any length, generated as it is read, so a test can stream a million rows without
/// the test itself holding them; it counts the characters handed out.</summary>
internal sealed class GeneratedBounceExtract : TextReader
{
    private const string Header = "SubscriberKey,EventDate,JobID,BounceCategory,BounceSubcategory,BounceType,SMTPCode,SMTPBounceReason,Domain,IsUnique\r\n";

    private readonly long _rows;
    private long _row = -1;
    private string _current = Header;
    private int _position;

    public GeneratedBounceExtract(long rows) => _rows = rows;

    public long CharactersRead { get; private set; }

    public override int Peek() => Fill() ? _current[_position] : -1;

    public override int Read()
    {
        if (!Fill())
        {
            return -1;
        }

        CharactersRead++;
        return _current[_position++];
    }

    public override int Read(char[] buffer, int index, int count) => Read(buffer.AsSpan(index, count));

    public override int Read(Span<char> buffer)
    {
        int written = 0;
        while (written < buffer.Length && Fill())
        {
            int n = Math.Min(buffer.Length - written, _current.Length - _position);
            _current.AsSpan(_position, n).CopyTo(buffer[written..]);
            _position += n;
            written += n;
        }

        CharactersRead += written;
        return written;
    }

    public override ValueTask<int> ReadAsync(Memory<char> buffer, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Read(buffer.Span));

    private bool Fill()
    {
        while (_position == _current.Length)
        {
            if (_row + 1 >= _rows)
            {
                return false;
            }

            _row++;
            _current = Row(_row);
            _position = 0;
        }

        return true;
    }

    private static string Row(long i) =>
        $"0035g{i:D10},11/{i % 28 + 1}/2026 {i % 12 + 1}:{i % 60:D2}:00 {(i % 2 == 0 ? "AM" : "PM")},{1000 + i % 50}," +
        $"Soft bounce,Mailbox Full,delayed,452,\"452 4.2.2 mailbox full, try again later\",example{i % 100}.com,{i % 2}\r\n";
}
