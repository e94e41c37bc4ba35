using Callytics.Integration.Tests.Support;
using Callytics.TestSupport.Servers;

namespace Callytics.Integration.Tests.Cli;

public sealed class DirectoryPublishCommandsTests : PublishCommandsContract
{
    protected override string Store => Temp.Combine("store");
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresPublishCommandsTests(PostgresServer server) : PublishCommandsContract, IAsyncLifetime
{
    private string _connection = "";

    protected override string Store => _connection;

    public async Task InitializeAsync() => _connection = await server.CreateDatabaseAsync("cli");

    public Task DisposeAsync() => Task.CompletedTask;
}
