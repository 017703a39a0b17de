using System.Globalization;
using System.Runtime.CompilerServices;
using BounceKit.Events;
using BounceKit.Policy;
using BounceKit.Smtp;
using BounceKit.Storage.Sqlite.Internal;
using Microsoft.Data.Sqlite;

namespace BounceKit.Storage.Sqlite;

/// <summary>The embedded default <see cref="IBounceLedger"/>: events and per-subscriber state in one SQLite file.</summary>
/// <remarks>
/// <para>Durability: write-ahead logging with <c>synchronous=FULL</c>; an append is one transaction, so when
/// <see cref="AppendAsync"/> returns, its events survive a crash, and a crash in the middle of an append stores none
/// of them. Appends are idempotent (<c>INSERT OR IGNORE</c> on the event id).</para>
/// <para>Concurrency: state writes are a compare-and-set on the subscriber's version in a single statement, so
/// several processes sharing the file never overwrite each other's work; SQLite serialises their writes and waits up
/// to <see cref="SqliteBounceLedgerOptions.BusyTimeout"/> for the lock. One instance may be used from several threads.</para>
/// <para>It is also the <see cref="ICheckpointStore"/> of the sources that feed it, so events and the position they
/// were read up to live in the same file, and the <see cref="Sync.ISyncStore"/> of a <see cref="Sync.SyncEngine"/>:
/// pending subscribers, what each sink confirmed and the outbox are tables of the same file too.</para>
/// </remarks>
public sealed partial class SqliteBounceLedger : IBounceLedger, ICheckpointStore, IDisposable, IAsyncDisposable
{
    private const string Schema = """
        PRAGMA journal_mode = WAL;
        PRAGMA synchronous = FULL;
        CREATE TABLE IF NOT EXISTS events (
            id TEXT PRIMARY KEY,
            subscriber TEXT NOT NULL,
            at TEXT NOT NULL,
            kind INTEGER NOT NULL,
            email TEXT,
            job TEXT,
            bounce_type INTEGER NOT NULL,
            diagnostic TEXT,
            status TEXT,
            domain TEXT,
            remote_mta TEXT
        ) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS events_by_subscriber ON events (subscriber);
        CREATE TABLE IF NOT EXISTS states (
            subscriber TEXT PRIMARY KEY,
            version INTEGER NOT NULL,
            state TEXT NOT NULL
        ) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS checkpoints (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        ) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS sync_pending (
            subscriber TEXT PRIMARY KEY
        ) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS sync_written (
            sink TEXT,
            subscriber TEXT,
            projection TEXT NOT NULL,
            PRIMARY KEY (sink, subscriber)
        ) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS sync_outbox (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            sink TEXT NOT NULL,
            subscriber TEXT NOT NULL,
            projection TEXT NOT NULL,
            why TEXT NOT NULL,
            attempts INTEGER NOT NULL DEFAULT 0,
            last_outcome INTEGER,
            last_error TEXT,
            last_attempt TEXT
        );
        CREATE UNIQUE INDEX IF NOT EXISTS sync_outbox_by_key ON sync_outbox (sink, subscriber);
        CREATE INDEX IF NOT EXISTS sync_outbox_by_sequence ON sync_outbox (sink, seq);
        """;

    private readonly SqliteConnection _connection;
    private readonly SemaphoreSlim _gate = new(1, 1);

    private SqliteBounceLedger(SqliteConnection connection) => _connection = connection;

    /// <summary>Opens (and creates, if needed) a ledger file.</summary>
    /// <param name="options">Where the file is and how long to wait for other writers.</param>
    /// <param name="cancellationToken">Cancels opening.</param>
    /// <returns>The open ledger.</returns>
    public static async Task<SqliteBounceLedger> OpenAsync(SqliteBounceLedgerOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Path);
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = options.Path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            DefaultTimeout = (int)Math.Ceiling(options.BusyTimeout.TotalSeconds),
            Pooling = false,
        };
        var connection = new SqliteConnection(builder.ToString());
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using SqliteCommand command = connection.CreateCommand();
            command.CommandText = Schema;
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return new SqliteBounceLedger(connection);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <inheritdoc/>
    public async Task<AppendResult> AppendAsync(IReadOnlyCollection<DeliverabilityEvent> events, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(events);
        var touched = new HashSet<string>(StringComparer.Ordinal);
        var storedIds = new HashSet<string>(StringComparer.Ordinal);
        int stored = 0;
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var transaction = (SqliteTransaction)await _connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using SqliteCommand insert = _connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = """
                INSERT OR IGNORE INTO events (id, subscriber, at, kind, email, job, bounce_type, diagnostic, status, domain, remote_mta)
                VALUES ($id, $subscriber, $at, $kind, $email, $job, $bounce_type, $diagnostic, $status, $domain, $remote_mta)
                """;
            SqliteParameter id = insert.Parameters.Add("$id", SqliteType.Text);
            SqliteParameter subscriber = insert.Parameters.Add("$subscriber", SqliteType.Text);
            SqliteParameter at = insert.Parameters.Add("$at", SqliteType.Text);
            SqliteParameter kind = insert.Parameters.Add("$kind", SqliteType.Integer);
            SqliteParameter email = insert.Parameters.Add("$email", SqliteType.Text);
            SqliteParameter job = insert.Parameters.Add("$job", SqliteType.Text);
            SqliteParameter bounceType = insert.Parameters.Add("$bounce_type", SqliteType.Integer);
            SqliteParameter diagnostic = insert.Parameters.Add("$diagnostic", SqliteType.Text);
            SqliteParameter status = insert.Parameters.Add("$status", SqliteType.Text);
            SqliteParameter domain = insert.Parameters.Add("$domain", SqliteType.Text);
            SqliteParameter remoteMta = insert.Parameters.Add("$remote_mta", SqliteType.Text);
            foreach (DeliverabilityEvent e in events)
            {
                id.Value = e.Id;
                subscriber.Value = e.SubscriberKey;
                at.Value = e.Timestamp.ToString("O", CultureInfo.InvariantCulture);
                kind.Value = (int)e.Kind;
                email.Value = (object?)e.Email ?? DBNull.Value;
                job.Value = (object?)e.JobId ?? DBNull.Value;
                bounceType.Value = (int)e.BounceType;
                diagnostic.Value = (object?)e.Diagnostic ?? DBNull.Value;
                status.Value = (object?)e.EnhancedStatus?.ToString() ?? DBNull.Value;
                domain.Value = (object?)e.RecipientDomain ?? DBNull.Value;
                remoteMta.Value = (object?)e.RemoteMta ?? DBNull.Value;
                if (await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1)
                {
                    stored++;
                    touched.Add(e.SubscriberKey);
                    storedIds.Add(e.Id);
                }
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }

        return new AppendResult(touched, stored, events.Count - stored) { StoredIds = storedIds };
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<DeliverabilityEvent>> ReadEventsAsync(string subscriberKey, CancellationToken cancellationToken = default) =>
        [.. (await ReadEventsAsync([subscriberKey], cancellationToken).ConfigureAwait(false))[subscriberKey]];

    /// <inheritdoc/>
    public async Task<(SubscriberState? State, long Version)> ReadStateAsync(string subscriberKey, CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using SqliteCommand select = _connection.CreateCommand();
            select.CommandText = "SELECT version, state FROM states WHERE subscriber = $subscriber";
            select.Parameters.AddWithValue("$subscriber", subscriberKey);
            await using SqliteDataReader reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
                ? (StateJson.Read(reader.GetString(1)), reader.GetInt64(0))
                : (null, 0);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc/>
    public async Task<bool> TryWriteStateAsync(SubscriberState state, long expectedVersion, CancellationToken cancellationToken = default) =>
        (await TryWriteStatesAsync([(state, expectedVersion)], cancellationToken).ConfigureAwait(false)).Count == 0;

    /// <inheritdoc/>
    public async Task<ILookup<string, DeliverabilityEvent>> ReadEventsAsync(IReadOnlyCollection<string> subscriberKeys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(subscriberKeys);
        var events = new List<DeliverabilityEvent>();
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using SqliteCommand select = _connection.CreateCommand();
            select.CommandText = "SELECT id, subscriber, at, kind, email, job, bounce_type, diagnostic, status, domain, remote_mta FROM events WHERE subscriber IN (SELECT value FROM json_each($keys))";
            select.Parameters.AddWithValue("$keys", JsonSerializerKeys(subscriberKeys));
            await using SqliteDataReader reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                events.Add(ReadEvent(reader));
            }
        }
        finally
        {
            _gate.Release();
        }

        return events.ToLookup(e => e.SubscriberKey, StringComparer.Ordinal);
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyDictionary<string, long>> ReadVersionsAsync(IReadOnlyCollection<string> subscriberKeys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(subscriberKeys);
        var versions = subscriberKeys.Distinct(StringComparer.Ordinal).ToDictionary(k => k, _ => 0L, StringComparer.Ordinal);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using SqliteCommand select = _connection.CreateCommand();
            select.CommandText = "SELECT subscriber, version FROM states WHERE subscriber IN (SELECT value FROM json_each($keys))";
            select.Parameters.AddWithValue("$keys", JsonSerializerKeys(subscriberKeys));
            await using SqliteDataReader reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                versions[reader.GetString(0)] = reader.GetInt64(1);
            }
        }
        finally
        {
            _gate.Release();
        }

        return versions;
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyCollection<string>> TryWriteStatesAsync(IReadOnlyCollection<(SubscriberState State, long ExpectedVersion)> writes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(writes);
        var conflicts = new List<string>();
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var transaction = (SqliteTransaction)await _connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using SqliteCommand insert = _connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = "INSERT INTO states (subscriber, version, state) VALUES ($subscriber, 1, $state) ON CONFLICT (subscriber) DO NOTHING";
            await using SqliteCommand update = _connection.CreateCommand();
            update.Transaction = transaction;
            update.CommandText = "UPDATE states SET version = version + 1, state = $state WHERE subscriber = $subscriber AND version = $version";
            foreach ((SubscriberState state, long expected) in writes)
            {
                SqliteCommand command = expected == 0 ? insert : update;
                command.Parameters.Clear();
                command.Parameters.AddWithValue("$subscriber", state.SubscriberKey);
                command.Parameters.AddWithValue("$state", StateJson.Write(state));
                if (expected != 0)
                {
                    command.Parameters.AddWithValue("$version", expected);
                }

                if (await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) != 1)
                {
                    conflicts.Add(state.SubscriberKey);
                }
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }

        return conflicts;
    }

    /// <inheritdoc/>
    public async IAsyncEnumerable<SubscriberState> ReadStatesAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var states = new List<SubscriberState>();
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using SqliteCommand select = _connection.CreateCommand();
            select.CommandText = "SELECT state FROM states ORDER BY subscriber";
            await using SqliteDataReader reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                states.Add(StateJson.Read(reader.GetString(0)));
            }
        }
        finally
        {
            _gate.Release();
        }

        foreach (SubscriberState state in states)
        {
            yield return state;
        }
    }

    /// <inheritdoc/>
    public async Task<string?> GetCheckpointAsync(string key, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using SqliteCommand select = _connection.CreateCommand();
            select.CommandText = "SELECT value FROM checkpoints WHERE key = $key";
            select.Parameters.AddWithValue("$key", key);
            return await select.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as string;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc/>
    public async Task SetCheckpointAsync(string key, string value, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        ArgumentNullException.ThrowIfNull(value);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using SqliteCommand upsert = _connection.CreateCommand();
            upsert.CommandText = "INSERT INTO checkpoints (key, value) VALUES ($key, $value) ON CONFLICT (key) DO UPDATE SET value = excluded.value";
            upsert.Parameters.AddWithValue("$key", key);
            upsert.Parameters.AddWithValue("$value", value);
            await upsert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _connection.Dispose();
        _gate.Dispose();
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await _connection.DisposeAsync().ConfigureAwait(false);
        _gate.Dispose();
    }

    private static DeliverabilityEvent ReadEvent(SqliteDataReader reader) =>
        new(reader.GetString(0), reader.GetString(1), DateTimeOffset.Parse(reader.GetString(2), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind), (DeliverabilityEventKind)reader.GetInt32(3))
        {
            Email = NullableString(reader, 4),
            JobId = NullableString(reader, 5),
            BounceType = (GivenBounceType)reader.GetInt32(6),
            Diagnostic = NullableString(reader, 7),
            EnhancedStatus = NullableString(reader, 8) is { } s ? EnhancedStatusCode.Parse(s) : null,
            RecipientDomain = NullableString(reader, 9),
            RemoteMta = NullableString(reader, 10),
        };

    private static string JsonSerializerKeys(IReadOnlyCollection<string> keys) => System.Text.Json.JsonSerializer.Serialize(keys, SqliteJsonContext.Default.IReadOnlyCollectionString);

    private static string? NullableString(SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
