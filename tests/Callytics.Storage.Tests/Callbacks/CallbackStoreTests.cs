using Callytics.Runtime.Storage.Callbacks;
using Callytics.Runtime.Storage.Directory;
using Callytics.Runtime.Storage.Postgres;
using Callytics.Storage.Tests.Fixtures;
using Callytics.TestSupport.Servers;

namespace Callytics.Storage.Tests.Callbacks;

public sealed class DirectoryCallbackStoreTests : CallbackStoreContract, IDisposable
{
    private readonly TempDirectory _root = new();

    protected override Task<ICallbackStore> CreateStoreAsync() => Task.FromResult<ICallbackStore>(new DirectoryCallbackStore(_root.Path));

    public void Dispose() => _root.Dispose();
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresCallbackStoreTests(PostgresServer server) : CallbackStoreContract
{
    private readonly PostgresTestDatabase _database = new(server, "callbacks");

    protected override async Task<ICallbackStore> CreateStoreAsync() => new PostgresCallbackStore(await _database.OpenAsync());

    protected override Task CleanUpAsync() => _database.DisposeAsync().AsTask();
}
