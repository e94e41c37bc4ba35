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
    private readonly PostgresTestDatabase _database = new(server, "operators");

    protected override async Task<IOperatorStore> CreateStoreAsync() => new PostgresOperatorStore(await _database.OpenAsync());

    protected override Task CleanUpAsync() => _database.DisposeAsync().AsTask();
}
