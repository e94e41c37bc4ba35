using Callytics.Integration.Tests.Support;
using Callytics.Runtime.IO;
using Callytics.TestSupport.Servers;
using Npgsql;

namespace Callytics.Integration.Tests.Cli;

[Collection(ProcessCrowdCollection.Name)]
public sealed class DirectoryConcurrentPublishTests : ConcurrentPublishContract
{
    protected override Task<string> CreateStoreAsync() => Task.FromResult(Temp.Combine("store"));

    /// <summary>The version is written, fsync'ed, in a hidden folder that only the rename would make visible.</summary>
    protected override Task AssertInsideTheCommitAsync()
    {
        var versions = Path.Combine(Store, "flows", Flows.CallbackOffer, "versions");
        var hidden = Directory.GetDirectories(versions, AtomicFile.TempPrefix + "*");
        Assert.Single(hidden);
        Assert.True(File.Exists(Path.Combine(hidden[0], "flow.dll")));
        return Task.CompletedTask;
    }
}

[Collection(ProcessCrowdCollection.Name)]
public sealed class PostgresConcurrentPublishTests(PostgresServer server) : ConcurrentPublishContract
{
    protected override Task<string> CreateStoreAsync() => server.CreateDatabaseAsync("concurrentpublish");

    /// <summary>The version row is inserted (and the notice queued) in a transaction that is still open.</summary>
    protected override async Task AssertInsideTheCommitAsync()
    {
        await using var connection = new NpgsqlConnection(Store);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND state = 'idle in transaction' AND query LIKE '%pg_notify%'", connection);
        Assert.Equal(1L, await command.ExecuteScalarAsync());
    }
}
