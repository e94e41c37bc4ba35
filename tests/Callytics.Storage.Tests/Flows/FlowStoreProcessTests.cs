using Callytics.Storage.Tests.Fixtures;
using Callytics.TestSupport.Servers;

namespace Callytics.Storage.Tests.Flows;

public sealed class DirectoryFlowStoreProcessTests : FlowStoreProcessContract
{
    private readonly TempDirectory _root = new();

    protected override Task<string> CreateStoreArgumentAsync() => Task.FromResult(_root.Path);

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _root.Dispose();
    }
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresFlowStoreProcessTests(PostgresServer server) : FlowStoreProcessContract
{
    protected override Task<string> CreateStoreArgumentAsync() => server.CreateDatabaseAsync("flowprocs");
}
