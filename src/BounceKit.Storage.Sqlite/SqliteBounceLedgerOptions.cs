namespace BounceKit.Storage.Sqlite;

/// <summary>Settings of a <see cref="SqliteBounceLedger"/>.</summary>
public sealed class SqliteBounceLedgerOptions
{
    /// <summary>The database file; created when missing.</summary>
    public string Path { get; set; } = "bouncekit.db";

    /// <summary>How long to wait for another writer's lock before failing. Default 30 seconds.</summary>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
