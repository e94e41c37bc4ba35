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
    private PostgresDatabase? _database;

    protected override async Task<ICallbackStore> CreateStoreAsync()
    {
        _database = await PostgresStores.FreshDatabaseAsync(server, "callbacks");
        return new PostgresCallbackStore(_database);
    }

    protected override async Task CleanUpAsync()
    {
        if (_database is not null) await _database.DisposeAsync();
    }
}
