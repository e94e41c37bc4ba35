using Callytics.Runtime.Storage.Directory;
using Callytics.Runtime.Storage.Operators;
using Callytics.Runtime.Storage.Postgres;
using Callytics.Storage.Tests.Fixtures;
using Callytics.TestSupport.Servers;

namespace Callytics.Storage.Tests.Operators;

public sealed class DirectoryOperatorStoreTests : OperatorStoreContract, IDisposable
{
    private readonly TempDirectory _root = new();

    protected override Task<IOperatorStore> CreateStoreAsync() => Task.FromResult<IOperatorStore>(new DirectoryOperatorStore(_root.Path));

    public void Dispose() => _root.Dispose();
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresOperatorStoreTests(PostgresServer server) : OperatorStoreContract
{
    private PostgresDatabase? _database;

    protected override async Task<IOperatorStore> CreateStoreAsync()
    {
        _database = await PostgresStores.FreshDatabaseAsync(server, "operators");
        return new PostgresOperatorStore(_database);
    }

    protected override async Task CleanUpAsync()
    {
        if (_database is not null) await _database.DisposeAsync();
    }
}
