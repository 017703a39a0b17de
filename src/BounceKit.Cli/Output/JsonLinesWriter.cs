using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace BounceKit.Cli.Output;

/// <summary>Writes one compact camelCase JSON object per line, reusing one buffer so memory stays constant.</summary>
internal sealed class JsonLinesWriter : IDisposable
{
    private static readonly JsonWriterOptions Options = new()
    {
        // Output is data for scripts, not HTML: keep '<', '>' and non-ASCII text readable.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
    };

    private readonly TextWriter _output;
    private readonly ArrayBufferWriter<byte> _buffer = new(1024);
    private readonly Utf8JsonWriter _json;

    public JsonLinesWriter(TextWriter output)
    {
        _output = output;
        _json = new Utf8JsonWriter(_buffer, Options);
    }

    /// <summary>Writes one object; <paramref name="write"/> writes its properties.</summary>
    public void WriteObject<TState>(TState state, Action<Utf8JsonWriter, TState> write)
    {
        _buffer.ResetWrittenCount();
        _json.Reset(_buffer);
        _json.WriteStartObject();
        write(_json, state);
        _json.WriteEndObject();
        _json.Flush();
        _output.Write(Encoding.UTF8.GetString(_buffer.WrittenSpan));
        _output.Write('\n');
    }

    public void Dispose() => _json.Dispose();
}
