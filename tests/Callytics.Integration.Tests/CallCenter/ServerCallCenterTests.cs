using Callytics.Runtime.Storage;
using Callytics.Runtime.Storage.Queues;
using Callytics.TestSupport.Servers;

namespace Callytics.Integration.Tests.CallCenter;

/// <summary>Real redis-server and PostgreSQL for the whole run (loopback, free ports, temporary folders).</summary>
[CollectionDefinition(Name)]
public sealed class ServersCollection : ICollectionFixture<RedisServer>, ICollectionFixture<PostgresServer>
{
    public const string Name = "servers";
}

/// <summary>The call center on Redis queue state and PostgreSQL (a fresh database per test).</summary>
[Collection(ServersCollection.Name)]
public sealed class ServerCallCenterTests(RedisServer redis, PostgresServer postgres) : CallCenterScenarios
{
    private readonly string _spool = Path.Combine(Path.GetTempPath(), "callytics-cc-spool-" + Guid.NewGuid().ToString("N"));

    protected override async Task<StorageOptions> OptionsAsync() => new()
    {
        Postgres = await postgres.CreateDatabaseAsync("callcenter"),
        Redis = redis.ConnectionString,
        Directory = _spool,
    };

    /// <summary>Every test's simulator numbers channels from sim-1 again; a key prefix per test keeps one test's matches from another's.</summary>
    protected override async Task<IQueueState> QueuesAsync(StorageOptions options) =>
        await RedisQueueState.ConnectAsync(redis.ConnectionString, new RedisQueueOptions { KeyPrefix = "t" + Guid.NewGuid().ToString("N")[..8] + ":" });

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (Directory.Exists(_spool)) Directory.Delete(_spool, recursive: true);
    }
}
