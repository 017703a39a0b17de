using BounceKit.Sync;

namespace BounceKit.Tests.Sync;

public sealed class InMemorySyncStoreTests : SyncStoreContractTests
{
    protected override Task<ISyncStore> CreateAsync() => Task.FromResult<ISyncStore>(new InMemorySyncStore());
}
