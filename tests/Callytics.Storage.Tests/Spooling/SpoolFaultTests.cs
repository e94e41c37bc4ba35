using Callytics.Runtime.Storage.Callbacks;
using Callytics.Runtime.Storage.Postgres;
using Callytics.Runtime.Storage.Spooling;
using Callytics.Storage.Tests.Callbacks;
using Callytics.Storage.Tests.Fixtures;
using Callytics.TestSupport.Servers;
using Npgsql;

namespace Callytics.Storage.Tests.Spooling;

/// <summary>
/// Faults that are not "the server is stopped": a damaged spool file, a save the database refuses,
/// and a real PostgreSQL that is up but cannot take writes (read-only, out of connections, its
/// sessions terminated by an administrator). Nothing is lost, nothing is written twice, and one bad
/// item never blocks the others.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class SpoolFaultTests(PostgresServer server) : IAsyncLifetime
{
    private static readonly TimeSpan FastRetry = TimeSpan.FromMilliseconds(100);
    private readonly TempDirectory _spool = new();
    private string _connectionString = "";
    private string _databaseName = "";
    private PostgresDatabase _database = null!;

    public async Task InitializeAsync()
    {
        var admin = new NpgsqlConnectionStringBuilder(await server.CreateDatabaseAsync("spoolfault"));
        _databaseName = admin.Database!;
        // An ordinary role owns the database: limits on connections do not apply to superusers.
        var role = $"r{Guid.NewGuid():N}";
        await AdminAsync($"CREATE ROLE \"{role}\" LOGIN");
        await AdminAsync($"ALTER DATABASE \"{_databaseName}\" OWNER TO \"{role}\"");
        admin.Username = role;
        _connectionString = admin.ConnectionString;
        _database = await PostgresDatabase.OpenAsync(_connectionString);
    }

    public async Task DisposeAsync()
    {
        await AdminAsync($"ALTER DATABASE \"{_databaseName}\" RESET default_transaction_read_only");
        await AdminAsync($"ALTER DATABASE \"{_databaseName}\" CONNECTION LIMIT -1");
        await _database.DisposeAsync();
        _spool.Dispose();
    }

    [Fact]
    public async Task A_damaged_spool_file_and_an_item_the_database_refuses_are_quarantined_and_the_others_are_written_once()
    {
        var directory = Path.Combine(_spool.Path, "callbacks");
        var spool = new Spool<CallbackRequest>(directory);
        var first = CallbackStoreContract.Request("111");
        var second = CallbackStoreContract.Request("222", minutesAfterStart: 1);
        await spool.AddAsync(first.Id, first);
        Directory.CreateDirectory(directory);
        // Sorts between the two good items: a torn write or a disk error left half a document.
        var damaged = Path.Combine(directory, Path.GetFileName(Directory.GetFiles(directory, "*.json").Single())[..20] + "-damaged.json");
        await File.WriteAllTextAsync(damaged, "{\"id\": \"4f1c");
        await File.WriteAllTextAsync(Path.Combine(directory, "00000000000000000001-refused.json"),
            """{"id":"00000000-0000-0000-0000-000000000001","number":"not a number","requestedAt":"2026-01-01T00:00:00Z"}""");
        await spool.AddAsync(second.Id, second);

        var callbacks = new SpoolingCallbackStore(new PostgresCallbackStore(_database), directory, FastRetry);
        await Waits.UntilAsync(() => Task.FromResult(callbacks.Spooled == 0), "the retry wrote what it could and went past the bad items");
        await callbacks.DisposeAsync(); // must not throw

        Assert.Equal(2, callbacks.Quarantined);
        Assert.True(File.Exists(Path.Combine(directory, "failed", Path.GetFileName(damaged))));
        Assert.Contains("not a valid stored document", await File.ReadAllTextAsync(Path.Combine(directory, "failed", Path.GetFileName(damaged)) + ".reason"));
        var stored = await new PostgresCallbackStore(_database).ListAsync();
        Assert.Equal(["111", "222"], stored.Select(c => c.Request.Number).Order());
    }

    [Fact]
    public async Task A_save_while_the_database_is_read_only_is_spooled_and_written_once_when_it_is_writable_again()
    {
        await using var callbacks = new SpoolingCallbackStore(new PostgresCallbackStore(_database), Path.Combine(_spool.Path, "ro"), FastRetry);
        await AdminAsync($"ALTER DATABASE \"{_databaseName}\" SET default_transaction_read_only = on"); // as a standby, or a primary demoted by a failover
        _database.DataSource.Clear();
        var request = CallbackStoreContract.Request("333");

        await callbacks.SaveAsync(request); // 25006 read_only_sql_transaction: spooled, not thrown

        Assert.Equal(1, callbacks.Spooled);
        await AdminAsync($"ALTER DATABASE \"{_databaseName}\" RESET default_transaction_read_only");
        _database.DataSource.Clear();
        await Waits.UntilAsync(() => Task.FromResult(callbacks.Spooled == 0), "the spool was written after the database became writable");
        Assert.Equal(["333"], (await new PostgresCallbackStore(_database).ListAsync()).Select(c => c.Request.Number));
    }

    [Fact]
    public async Task A_save_while_the_database_has_no_connection_left_is_spooled_and_written_once_when_one_is_free()
    {
        await using var callbacks = new SpoolingCallbackStore(new PostgresCallbackStore(_database), Path.Combine(_spool.Path, "full"), FastRetry);
        await AdminAsync($"ALTER DATABASE \"{_databaseName}\" CONNECTION LIMIT 0"); // 53300 too many connections
        _database.DataSource.Clear();
        var request = CallbackStoreContract.Request("444");

        await callbacks.SaveAsync(request);

        Assert.Equal(1, callbacks.Spooled);
        await AdminAsync($"ALTER DATABASE \"{_databaseName}\" CONNECTION LIMIT -1");
        await Waits.UntilAsync(() => Task.FromResult(callbacks.Spooled == 0), "the spool was written once a connection was free");
        Assert.Equal(["444"], (await new PostgresCallbackStore(_database).ListAsync()).Select(c => c.Request.Number));
    }

    [Fact]
    public async Task A_save_on_a_connection_an_administrator_terminated_is_written_on_a_new_one()
    {
        var store = new PostgresCallbackStore(_database);
        await store.SaveAsync(CallbackStoreContract.Request("555")); // a pooled connection now exists
        await AdminAsync($"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{_databaseName}' AND pid <> pg_backend_pid()");
        await using var callbacks = new SpoolingCallbackStore(store, Path.Combine(_spool.Path, "terminated"), FastRetry);

        Assert.True(await SaveNowAsync(callbacks, CallbackStoreContract.Request("666", minutesAfterStart: 1))); // 57P01 on the stale connection, then a new one

        Assert.Equal(0, callbacks.Spooled);
        Assert.Equal(["555", "666"], (await store.ListAsync()).Select(c => c.Request.Number));
    }

    [Theory]
    [InlineData("53100", true)] // disk full
    [InlineData("53200", true)] // out of memory
    [InlineData("53300", true)] // too many connections
    [InlineData("25006", true)] // read-only transaction
    [InlineData("57P01", true)] // admin shutdown
    [InlineData("57P03", true)] // cannot connect now (starting up)
    [InlineData("08006", true)] // connection failure
    [InlineData("40001", true)] // serialization failure
    [InlineData("23505", false)] // unique violation: refused, retrying would fail the same way
    [InlineData("22P02", false)] // invalid text representation
    [InlineData("42P01", false)] // undefined table (a schema problem)
    public void Every_PostgreSQL_error_class_is_either_retried_later_or_refused_at_once(string sqlState, bool later) =>
        Assert.Equal(later, PostgresDatabase.IsUnavailableState(sqlState));

    private static async Task<bool> SaveNowAsync(SpoolingCallbackStore store, CallbackRequest request)
    {
        var before = store.Spooled;
        await store.SaveAsync(request);
        return store.Spooled == before;
    }

    private async Task AdminAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(server.AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
