using System.Globalization;
using System.Runtime.CompilerServices;
using BounceKit.Policy;
using BounceKit.Storage.Sqlite.Internal;
using BounceKit.Sync;
using Microsoft.Data.Sqlite;

namespace BounceKit.Storage.Sqlite;

// The ISyncStore half of the ledger: tables sync_pending, sync_written and sync_outbox in the same file as the events,
// so a planning step, a sink's confirmations and the events they rest on are committed by one database.
public sealed partial class SqliteBounceLedger : ISyncStore
{
    private const string OutboxColumns = "seq, sink, projection, why, attempts, last_outcome, last_error, last_attempt";

    /// <inheritdoc/>
    public async Task MarkPendingAsync(IReadOnlyCollection<string> subscriberKeys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(subscriberKeys);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var transaction = (SqliteTransaction)await _connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using SqliteCommand insert = _connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = "INSERT OR IGNORE INTO sync_pending (subscriber) SELECT value FROM json_each($keys)";
            insert.Parameters.AddWithValue("$keys", JsonSerializerKeys(subscriberKeys));
            await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc/>
    /// <remarks>Keys are in SQLite's <c>BINARY</c> order (UTF-8 bytes, which is Unicode code point order). It is the
    /// ordinal order of <see cref="InMemorySyncStore"/> except for keys mixing characters above U+FFFF with characters
    /// from U+E000 to U+FFFF; paging is exact either way, since each page starts after the last key of the one before.</remarks>
    public async Task<IReadOnlyList<string>> ReadPendingAsync(string? after, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        var keys = new List<string>(Math.Min(limit, 10_000));
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using SqliteCommand select = _connection.CreateCommand();
            select.CommandText = after is null
                ? "SELECT subscriber FROM sync_pending ORDER BY subscriber LIMIT $limit"
                : "SELECT subscriber FROM sync_pending WHERE subscriber > $after ORDER BY subscriber LIMIT $limit";
            select.Parameters.AddWithValue("$limit", limit);
            if (after is not null)
            {
                select.Parameters.AddWithValue("$after", after);
            }

            await using SqliteDataReader reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                keys.Add(reader.GetString(0));
            }
        }
        finally
        {
            _gate.Release();
        }

        return keys;
    }

    /// <inheritdoc/>
    public async Task<long> CountPendingAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using SqliteCommand count = _connection.CreateCommand();
            count.CommandText = "SELECT count(*) FROM sync_pending";
            return (long)(await count.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyDictionary<string, CrmProjection>> ReadWrittenAsync(string sink, IReadOnlyCollection<string> subscriberKeys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sink);
        ArgumentNullException.ThrowIfNull(subscriberKeys);
        var found = new Dictionary<string, CrmProjection>(StringComparer.Ordinal);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using SqliteCommand select = _connection.CreateCommand();
            select.CommandText = "SELECT projection FROM sync_written WHERE sink = $sink AND subscriber IN (SELECT value FROM json_each($keys))";
            select.Parameters.AddWithValue("$sink", sink);
            select.Parameters.AddWithValue("$keys", JsonSerializerKeys(subscriberKeys));
            await using SqliteDataReader reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                CrmProjection projection = ProjectionJson.Read(reader.GetString(0));
                found[projection.SubscriberKey] = projection;
            }
        }
        finally
        {
            _gate.Release();
        }

        return found;
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyDictionary<string, OutboxEntry>> ReadQueuedAsync(string sink, IReadOnlyCollection<string> subscriberKeys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sink);
        ArgumentNullException.ThrowIfNull(subscriberKeys);
        var found = new Dictionary<string, OutboxEntry>(StringComparer.Ordinal);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using SqliteCommand select = _connection.CreateCommand();
            select.CommandText = $"SELECT {OutboxColumns} FROM sync_outbox WHERE sink = $sink AND subscriber IN (SELECT value FROM json_each($keys))";
            select.Parameters.AddWithValue("$sink", sink);
            select.Parameters.AddWithValue("$keys", JsonSerializerKeys(subscriberKeys));
            await using SqliteDataReader reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                OutboxEntry entry = ReadOutboxEntry(reader);
                found[entry.Projection.SubscriberKey] = entry;
            }
        }
        finally
        {
            _gate.Release();
        }

        return found;
    }

    /// <inheritdoc/>
    public async Task CommitPlanAsync(IReadOnlyCollection<PlannedWrite> writes, IReadOnlyCollection<(string Sink, string SubscriberKey)> cancels, IReadOnlyCollection<string> settled, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(writes);
        ArgumentNullException.ThrowIfNull(cancels);
        ArgumentNullException.ThrowIfNull(settled);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var transaction = (SqliteTransaction)await _connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);

            // Writes: an entry already queued with an equal projection stays as it is (sequence and attempts too);
            // any other is replaced, and REPLACE deletes the old row, so the new one takes the next AUTOINCREMENT
            // sequence and the default (no) attempts.
            await using SqliteCommand select = _connection.CreateCommand();
            select.Transaction = transaction;
            select.CommandText = "SELECT projection FROM sync_outbox WHERE sink = $sink AND subscriber = $subscriber";
            SqliteParameter selectSink = select.Parameters.Add("$sink", SqliteType.Text);
            SqliteParameter selectSubscriber = select.Parameters.Add("$subscriber", SqliteType.Text);
            await using SqliteCommand replace = _connection.CreateCommand();
            replace.Transaction = transaction;
            replace.CommandText = "INSERT OR REPLACE INTO sync_outbox (sink, subscriber, projection, why) VALUES ($sink, $subscriber, $projection, $why)";
            SqliteParameter sink = replace.Parameters.Add("$sink", SqliteType.Text);
            SqliteParameter subscriber = replace.Parameters.Add("$subscriber", SqliteType.Text);
            SqliteParameter projection = replace.Parameters.Add("$projection", SqliteType.Text);
            SqliteParameter why = replace.Parameters.Add("$why", SqliteType.Text);
            foreach (PlannedWrite write in writes)
            {
                string json = ProjectionJson.Write(write.Projection);
                selectSink.Value = write.Sink;
                selectSubscriber.Value = write.Projection.SubscriberKey;
                if (await select.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is string queued
                    && (queued == json || ProjectionJson.Read(queued) == write.Projection))
                {
                    continue;
                }

                sink.Value = write.Sink;
                subscriber.Value = write.Projection.SubscriberKey;
                projection.Value = json;
                why.Value = write.Why;
                await replace.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            // Cancels, one statement per sink.
            await using SqliteCommand cancel = _connection.CreateCommand();
            cancel.Transaction = transaction;
            cancel.CommandText = "DELETE FROM sync_outbox WHERE sink = $sink AND subscriber IN (SELECT value FROM json_each($keys))";
            SqliteParameter cancelSink = cancel.Parameters.Add("$sink", SqliteType.Text);
            SqliteParameter cancelKeys = cancel.Parameters.Add("$keys", SqliteType.Text);
            foreach (IGrouping<string, (string Sink, string SubscriberKey)> bySink in cancels.GroupBy(c => c.Sink, StringComparer.Ordinal))
            {
                cancelSink.Value = bySink.Key;
                cancelKeys.Value = JsonSerializerKeys([.. bySink.Select(c => c.SubscriberKey)]);
                await cancel.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            if (settled.Count > 0)
            {
                await using SqliteCommand unmark = _connection.CreateCommand();
                unmark.Transaction = transaction;
                unmark.CommandText = "DELETE FROM sync_pending WHERE subscriber IN (SELECT value FROM json_each($keys))";
                unmark.Parameters.AddWithValue("$keys", JsonSerializerKeys(settled));
                await unmark.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<OutboxEntry>> ReadOutboxAsync(string sink, long afterSequence, int limit, int maxAttempts, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sink);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        var entries = new List<OutboxEntry>(Math.Min(limit, 10_000));
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using SqliteCommand select = _connection.CreateCommand();
            select.CommandText = $"SELECT {OutboxColumns} FROM sync_outbox WHERE sink = $sink AND seq > $after AND attempts < $max ORDER BY seq LIMIT $limit";
            select.Parameters.AddWithValue("$sink", sink);
            select.Parameters.AddWithValue("$after", afterSequence);
            select.Parameters.AddWithValue("$max", maxAttempts);
            select.Parameters.AddWithValue("$limit", limit);
            await using SqliteDataReader reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                entries.Add(ReadOutboxEntry(reader));
            }
        }
        finally
        {
            _gate.Release();
        }

        return entries;
    }

    /// <inheritdoc/>
    public async Task CompleteAsync(string sink, IReadOnlyCollection<OutboxCompletion> completions, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sink);
        ArgumentNullException.ThrowIfNull(completions);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var transaction = (SqliteTransaction)await _connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);

            // A written entry is confirmed even when a newer one replaced it meanwhile (the sink did show it), but only
            // the entry with the same sequence leaves the outbox or counts a failure: the newer one must still be sent.
            await using SqliteCommand confirm = _connection.CreateCommand();
            confirm.Transaction = transaction;
            confirm.CommandText = """
                INSERT INTO sync_written (sink, subscriber, projection) VALUES ($sink, $subscriber, $projection)
                ON CONFLICT (sink, subscriber) DO UPDATE SET projection = excluded.projection
                """;
            confirm.Parameters.AddWithValue("$sink", sink);
            SqliteParameter confirmSubscriber = confirm.Parameters.Add("$subscriber", SqliteType.Text);
            SqliteParameter confirmProjection = confirm.Parameters.Add("$projection", SqliteType.Text);
            await using SqliteCommand remove = _connection.CreateCommand();
            remove.Transaction = transaction;
            remove.CommandText = "DELETE FROM sync_outbox WHERE seq = $seq AND sink = $sink AND subscriber = $subscriber";
            remove.Parameters.AddWithValue("$sink", sink);
            SqliteParameter removeSeq = remove.Parameters.Add("$seq", SqliteType.Integer);
            SqliteParameter removeSubscriber = remove.Parameters.Add("$subscriber", SqliteType.Text);
            await using SqliteCommand fail = _connection.CreateCommand();
            fail.Transaction = transaction;
            fail.CommandText = """
                UPDATE sync_outbox SET attempts = attempts + 1, last_outcome = $outcome, last_error = $error, last_attempt = $at
                WHERE seq = $seq AND sink = $sink AND subscriber = $subscriber
                """;
            fail.Parameters.AddWithValue("$sink", sink);
            fail.Parameters.AddWithValue("$at", at.ToString("O", CultureInfo.InvariantCulture));
            SqliteParameter failSeq = fail.Parameters.Add("$seq", SqliteType.Integer);
            SqliteParameter failSubscriber = fail.Parameters.Add("$subscriber", SqliteType.Text);
            SqliteParameter failOutcome = fail.Parameters.Add("$outcome", SqliteType.Integer);
            SqliteParameter failError = fail.Parameters.Add("$error", SqliteType.Text);
            foreach ((OutboxEntry entry, CrmWriteResult result) in completions)
            {
                string key = entry.Projection.SubscriberKey;
                if (result.Outcome is CrmWriteOutcome.Written or CrmWriteOutcome.Unchanged)
                {
                    confirmSubscriber.Value = key;
                    confirmProjection.Value = ProjectionJson.Write(entry.Projection);
                    await confirm.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                    removeSeq.Value = entry.Sequence;
                    removeSubscriber.Value = key;
                    await remove.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    failSeq.Value = entry.Sequence;
                    failSubscriber.Value = key;
                    failOutcome.Value = (int)result.Outcome;
                    failError.Value = (object?)result.Message ?? DBNull.Value;
                    await fail.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc/>
    public async Task<OutboxCounts> CountOutboxAsync(string sink, int maxAttempts, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sink);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using SqliteCommand count = _connection.CreateCommand();
            count.CommandText = """
                SELECT count(*), count(*) FILTER (WHERE attempts > 0), count(*) FILTER (WHERE attempts >= $max)
                FROM sync_outbox WHERE sink = $sink
                """;
            count.Parameters.AddWithValue("$sink", sink);
            count.Parameters.AddWithValue("$max", maxAttempts);
            await using SqliteDataReader reader = await count.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            return new OutboxCounts(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc/>
    public async IAsyncEnumerable<OutboxEntry> ReadFailedAsync(string? sink = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var failed = new List<OutboxEntry>();
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using SqliteCommand select = _connection.CreateCommand();
            select.CommandText = sink is null
                ? $"SELECT {OutboxColumns} FROM sync_outbox WHERE attempts > 0 ORDER BY sink, seq"
                : $"SELECT {OutboxColumns} FROM sync_outbox WHERE attempts > 0 AND sink = $sink ORDER BY seq";
            if (sink is not null)
            {
                select.Parameters.AddWithValue("$sink", sink);
            }

            await using SqliteDataReader reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                failed.Add(ReadOutboxEntry(reader));
            }
        }
        finally
        {
            _gate.Release();
        }

        foreach (OutboxEntry entry in failed)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return entry;
        }
    }

    private static OutboxEntry ReadOutboxEntry(SqliteDataReader reader) =>
        new(reader.GetInt64(0), reader.GetString(1), ProjectionJson.Read(reader.GetString(2)), reader.GetString(3))
        {
            Attempts = reader.GetInt32(4),
            LastOutcome = reader.IsDBNull(5) ? null : (CrmWriteOutcome)reader.GetInt32(5),
            LastError = NullableString(reader, 6),
            LastAttempt = NullableString(reader, 7) is { } attempt ? DateTimeOffset.Parse(attempt, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind) : null,
        };
}
