using Callytics.Integration.Tests.Support;
using Callytics.Runtime.Storage.Flows;
using Callytics.Runtime.Storage.Postgres;
using Callytics.TestSupport.Servers;

namespace Callytics.Integration.Tests.HotSwap;

/// <summary>Hot swap with the host's store in PostgreSQL: publishes by another connection arrive by LISTEN/NOTIFY.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresHotSwapTests(PostgresServer server)
{
    [Fact]
    public async Task The_host_notices_a_version_published_in_postgresql_promptly()
    {
        var connection = await server.CreateDatabaseAsync("hotswap");
        await using var host = await AdminHost.StartAsync(settings: new Dictionary<string, string?> { ["Callytics:PostgreSql"] = connection });
        await using var database = await PostgresDatabase.OpenAsync(connection);
        await HotSwapTests.AssertHostNoticesPublishesAsync(host, new PostgresFlowStore(database));
    }
}
