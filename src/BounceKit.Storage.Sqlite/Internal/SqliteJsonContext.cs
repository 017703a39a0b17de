using System.Text.Json.Serialization;

namespace BounceKit.Storage.Sqlite.Internal;

/// <summary>Source-generated JSON for the key lists passed to SQLite's <c>json_each</c> (trimming- and AOT-safe).</summary>
[JsonSerializable(typeof(IReadOnlyCollection<string>))]
internal sealed partial class SqliteJsonContext : JsonSerializerContext;
