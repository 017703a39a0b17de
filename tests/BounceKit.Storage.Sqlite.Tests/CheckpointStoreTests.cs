using BounceKit.Events;
using BounceKit.Storage.Sqlite;

namespace BounceKit.Storage.Sqlite.Tests;

public abstract class CheckpointStoreContractTests
{
    protected abstract Task<ICheckpointStore> CreateAsync();

    [Fact]
    public async Task GetCheckpoint_NeverSet_IsNull()
    {
        ICheckpointStore store = await CreateAsync();
        (await store.GetCheckpointAsync("mailchimp:list-a")).Should().BeNull();
    }

    [Fact]
    public async Task SetCheckpoint_ReplacesThePreviousValue_PerKey()
    {
        ICheckpointStore store = await CreateAsync();
        await store.SetCheckpointAsync("a", "2026-01-01T00:00:00Z");
        await store.SetCheckpointAsync("a", "2026-02-01T00:00:00Z");
        await store.SetCheckpointAsync("b", "x");
        (await store.GetCheckpointAsync("a")).Should().Be("2026-02-01T00:00:00Z");
        (await store.GetCheckpointAsync("b")).Should().Be("x");
    }
}

public sealed class InMemoryCheckpointStoreTests : CheckpointStoreContractTests
{
    protected override Task<ICheckpointStore> CreateAsync() => Task.FromResult<ICheckpointStore>(new InMemoryCheckpointStore());
}

public sealed class SqliteCheckpointStoreTests : CheckpointStoreContractTests, IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("bouncekit-checkpoints-").FullName;
    private readonly List<SqliteBounceLedger> _open = [];

    protected override async Task<ICheckpointStore> CreateAsync() => await OpenAsync();

    private async Task<SqliteBounceLedger> OpenAsync()
    {
        SqliteBounceLedger ledger = await SqliteBounceLedger.OpenAsync(new SqliteBounceLedgerOptions { Path = Path.Combine(_directory, "ledger.db") });
        _open.Add(ledger);
        return ledger;
    }

    [Fact]
    public async Task Checkpoint_SurvivesReopening()
    {
        SqliteBounceLedger first = await OpenAsync();
        await first.SetCheckpointAsync("mailchimp:list-a", "2026-03-01T00:00:00Z");
        await first.DisposeAsync();

        (await (await OpenAsync()).GetCheckpointAsync("mailchimp:list-a")).Should().Be("2026-03-01T00:00:00Z");
    }

    public void Dispose()
    {
        foreach (SqliteBounceLedger ledger in _open)
        {
            ledger.Dispose();
        }

        Directory.Delete(_directory, recursive: true);
    }
}
