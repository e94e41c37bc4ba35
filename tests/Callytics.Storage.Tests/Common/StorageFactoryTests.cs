using Callytics.Runtime.Storage;
using Callytics.Runtime.Storage.Directory;
using Callytics.Runtime.Storage.Flows;
using Callytics.Runtime.Storage.Operators;
using Callytics.Runtime.Storage.Postgres;
using Callytics.Runtime.Storage.Queues;
using Callytics.Runtime.Storage.Spooling;
using Callytics.Storage.Tests.Fixtures;
using Callytics.TestSupport.Servers;

namespace Callytics.Storage.Tests.Common;

public sealed class StorageOptionsTests
{
    [Theory]
    [InlineData("Host=127.0.0.1;Port=5432;Database=x", true)]
    [InlineData("postgres://u:p@localhost:5433/db", true)]
    [InlineData("postgresql://localhost/db", true)]
    [InlineData(".callytics", false)]
    [InlineData("/var/lib/callytics/hosts", false)]
    public void A_store_value_is_a_connection_string_or_a_directory(string store, bool postgres)
    {
        var options = StorageOptions.FromStore(store);

        Assert.Equal(postgres ? store : null, options.Postgres);
        Assert.Equal(postgres ? StorageOptions.DefaultDirectory : store, options.Directory);
    }

    [Fact]
    public void Settings_fill_the_options_and_blank_ones_keep_the_defaults()
    {
        var settings = new Dictionary<string, string?> { ["Redis"] = "127.0.0.1:6379", ["Postgres"] = " ", ["HostId"] = "host-a" };

        var options = StorageOptions.FromSettings(key => settings.GetValueOrDefault(key));

        Assert.Equal(new StorageOptions { Redis = "127.0.0.1:6379", HostId = "host-a" }, options);
    }

    [Fact]
    public void A_postgres_url_becomes_an_npgsql_connection_string()
    {
        var connectionString = PostgresUrl.ToConnectionString("postgres://call%40y:s3cr%2Ft@db.example:6543/callytics");

        var builder = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        Assert.Equal(("db.example", 6543, "call@y", "s3cr/t", "callytics"), (builder.Host, builder.Port, builder.Username, builder.Password, builder.Database));
        Assert.Equal("Host=x", PostgresUrl.ToConnectionString("Host=x"));
        Assert.Throws<ArgumentException>(() => PostgresUrl.ToConnectionString("postgres://"));
    }

    [Fact]
    public async Task Without_a_server_the_defaults_are_the_directory_stores_and_in_process_queues()
    {
        using var root = new TempDirectory();
        await using var storage = await StorageFactory.OpenAsync(new StorageOptions { Directory = root.Path, PinHashIterations = 1000 });
        await using var queues = await StorageFactory.CreateQueueStateAsync(new StorageOptions());

        Assert.IsType<DirectoryFlowStore>(storage.Flows);
        Assert.IsType<DirectoryOperatorStore>(storage.Operators);
        Assert.IsType<InProcessQueueState>(queues);
        await storage.Accounts.AddAsync("op", "Op", "1234");
        Assert.Equal(PinCheckResult.Accepted, await storage.Accounts.VerifyPinAsync("op", "1234"));
        Assert.True(File.Exists(Path.Combine(root.Path, "operators", "op.json")));
    }

    [Fact]
    public async Task A_malformed_connection_string_is_a_clear_argument_error()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => StorageFactory.OpenAsync(new StorageOptions { Postgres = "Host=x;Nonsense Key=1" }));
        Assert.Contains("connection string", error.Message);
    }
}

[Collection(PostgresCollection.Name)]
public sealed class StorageFactoryPostgresTests(PostgresServer server)
{
    [Fact]
    public async Task A_connection_string_opens_migrated_postgres_stores_with_spooling()
    {
        using var root = new TempDirectory();
        var connectionString = await server.CreateDatabaseAsync("factory");

        await using var storage = await StorageFactory.OpenAsync(new StorageOptions { Postgres = connectionString, Directory = root.Path });

        Assert.IsType<PostgresFlowStore>(storage.Flows);
        Assert.IsType<PostgresOperatorStore>(storage.Operators);
        Assert.IsType<SpoolingCallbackStore>(storage.Callbacks);
        Assert.IsType<SpoolingVoicemailStore>(storage.Voicemail);
        await storage.Flows.SaveDraftAsync("main", "{}", null, null);
        Assert.Single(await storage.Flows.ListFlowsAsync());
    }
}

[Collection(RedisCollection.Name)]
public sealed class StorageFactoryRedisTests(RedisServer redis)
{
    [Fact]
    public async Task A_redis_configuration_gives_redis_queue_state_with_the_host_id()
    {
        await using var queues = await StorageFactory.CreateQueueStateAsync(new StorageOptions { Redis = redis.ConnectionString, HostId = "factory-host" });

        Assert.IsType<RedisQueueState>(queues);
        Assert.Equal("factory-host", queues.HostId);
    }
}
