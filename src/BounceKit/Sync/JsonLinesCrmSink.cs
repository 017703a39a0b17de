using System.Text.Json;
using BounceKit.Policy;

namespace BounceKit.Sync;

/// <summary>An <see cref="ICrmSink"/> that appends each projection to a JSON Lines file: for dry integrations, audits,
/// or a downstream job that loads the file into a CRM. The last line of a subscriber is what its record should show.</summary>
/// <remarks>Each batch is appended and flushed to disk before <see cref="WriteAsync"/> returns, so a confirmed write is
/// on disk. Lines hold <c>subscriber</c>, <c>hardBounce</c>, <c>hardBounceDate</c>, <c>softBounceCount</c>,
/// <c>lastBounceDate</c>, <c>lastBounceReason</c>, <c>consent</c> and <c>unsubscribed</c>; times are UTC ISO 8601.</remarks>
/// <param name="path">The file; created when missing, appended to otherwise.</param>
public sealed class JsonLinesCrmSink(string path) : ICrmSink
{
    private readonly Lock _gate = new();

    /// <summary>The file.</summary>
    public string Path { get; } = !string.IsNullOrWhiteSpace(path) ? path : throw new ArgumentException("A file path is required.", nameof(path));

    /// <inheritdoc/>
    public Task<IReadOnlyList<CrmWriteResult>> WriteAsync(IReadOnlyList<CrmProjection> projections, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(projections);
        var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            foreach (CrmProjection p in projections)
            {
                json.Reset(buffer);
                json.WriteStartObject();
                json.WriteString("subscriber", p.SubscriberKey);
                json.WriteBoolean("hardBounce", p.HardBounce);
                WriteTime(json, "hardBounceDate", p.HardBounceDate);
                json.WriteNumber("softBounceCount", p.SoftBounceCount);
                WriteTime(json, "lastBounceDate", p.LastBounceDate);
                json.WriteString("lastBounceReason", p.LastBounceReason);
                json.WriteString("consent", p.Consent.ToName());
                json.WriteBoolean("unsubscribed", p.Unsubscribed);
                json.WriteEndObject();
                json.Flush();
                buffer.WriteByte((byte)'\n');
            }
        }

        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            string? directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path));
            if (directory is not null)
            {
                Directory.CreateDirectory(directory);
            }

            using var file = new FileStream(Path, FileMode.Append, FileAccess.Write, FileShare.Read);
            file.Write(buffer.GetBuffer(), 0, (int)buffer.Length);
            file.Flush(flushToDisk: true);
        }

        return Task.FromResult<IReadOnlyList<CrmWriteResult>>([.. projections.Select(p => new CrmWriteResult(p.SubscriberKey, CrmWriteOutcome.Written))]);
    }

    private static void WriteTime(Utf8JsonWriter json, string name, DateTimeOffset? value)
    {
        if (value is { } v)
        {
            json.WriteString(name, v.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture));
        }
        else
        {
            json.WriteNull(name);
        }
    }
}
