using System.Net.Sockets;
using Callytics.Runtime.Storage.Common;
using Npgsql;

namespace Callytics.Runtime.Storage.Postgres;

/// <summary>
/// One PostgreSQL database for the stores: a connection pool, migrations run at start-up (recorded
/// in <c>schema_migrations</c>, serialized across hosts by an advisory lock), and the translation
/// of "server unreachable" errors into <see cref="StorageUnavailableException"/>.
/// </summary>
public sealed class PostgresDatabase : IAsyncDisposable, IStorageHealth
{
    // Any fixed number: every host migrating the same database takes the same lock.
    private const long MigrationLockKey = 0x43_41_4C_4C_59_54;
    private readonly SemaphoreSlim _migrationGate = new(1, 1);
    private volatile bool _migrated;
    // Until a statement succeeds the server has not been seen: health checks must not call it fine.
    private volatile string? _problem = "PostgreSQL has not been reached yet";

    private PostgresDatabase(NpgsqlDataSource dataSource, string connectionString)
    {
        DataSource = dataSource;
        ConnectionString = connectionString;
    }

    /// <summary>The pool the stores use.</summary>
    public NpgsqlDataSource DataSource { get; }

    /// <summary>The connection string (for LISTEN connections outside the pool).</summary>
    public string ConnectionString { get; }

    /// <summary>Connects and brings the schema up to date.</summary>
    /// <param name="connectionString">An Npgsql connection string, e.g. <c>Host=127.0.0.1;Port=5432;Username=callytics;Database=callytics</c>.</param>
    /// <param name="ct">Cancels start-up.</param>
    /// <exception cref="StorageUnavailableException">The server cannot be reached.</exception>
    /// <exception cref="ArgumentException">The connection string is malformed.</exception>
    public static async Task<PostgresDatabase> OpenAsync(string connectionString, CancellationToken ct = default)
    {
        var database = OpenWhileDown(connectionString);
        try
        {
            await database.EnsureMigratedAsync(ct).ConfigureAwait(false);
            return database;
        }
        catch
        {
            await database.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Opens the pool without reaching the server: the schema is brought up to date by the first
    /// statement that finds the server up. Every statement throws <see cref="StorageUnavailableException"/>
    /// until then, which the spooling stores absorb; so a host can start, and serve calls, while the
    /// database is down (<see cref="Problem"/> says so), and catches up when it returns.
    /// </summary>
    /// <exception cref="ArgumentException">The connection string is malformed.</exception>
    public static PostgresDatabase OpenWhileDown(string connectionString)
    {
        try { return new PostgresDatabase(NpgsqlDataSource.Create(connectionString), connectionString); }
        catch (Exception e) when (e is ArgumentException or FormatException)
        {
            throw new ArgumentException($"Invalid PostgreSQL connection string: {e.Message}", nameof(connectionString), e);
        }
    }

    /// <summary>
    /// Tries to reach the server and bring the schema up to date now; a failure is kept in
    /// <see cref="Problem"/> (and the next statement tries again), not thrown.
    /// </summary>
    public async Task ProbeAsync(CancellationToken ct = default)
    {
        try { await EnsureMigratedAsync(ct).ConfigureAwait(false); }
        catch (StorageUnavailableException) { /* recorded in Problem by RunUnmigratedAsync */ }
    }

    /// <inheritdoc />
    public string Name => "postgres";

    /// <inheritdoc />
    public string? Problem => _problem;

    /// <summary>The schema versions applied, in order.</summary>
    public Task<IReadOnlyList<int>> AppliedMigrationsAsync(CancellationToken ct = default) => RunAsync(async (connection, token) =>
    {
        await using var command = new NpgsqlCommand("SELECT version FROM schema_migrations ORDER BY version", connection);
        var versions = new List<int>();
        await using var reader = await command.ExecuteReaderAsync(token).ConfigureAwait(false);
        while (await reader.ReadAsync(token).ConfigureAwait(false)) versions.Add(reader.GetInt32(0));
        return (IReadOnlyList<int>)versions;
    }, ct);

    /// <summary>Runs <paramref name="action"/> on a pooled connection, turning connection failures into <see cref="StorageUnavailableException"/>.</summary>
    public async Task<T> RunAsync<T>(Func<NpgsqlConnection, CancellationToken, Task<T>> action, CancellationToken ct)
    {
        await EnsureMigratedAsync(ct).ConfigureAwait(false);
        return await RunUnmigratedAsync(action, ct).ConfigureAwait(false);
    }

    private async Task EnsureMigratedAsync(CancellationToken ct)
    {
        if (_migrated) return;
        await _migrationGate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            if (_migrated) return;
            await RunUnmigratedAsync(MigrateAsync, ct).ConfigureAwait(false);
            _migrated = true;
        }
        finally
        {
            _migrationGate.Release();
        }
    }

    private async Task<T> RunUnmigratedAsync<T>(Func<NpgsqlConnection, CancellationToken, Task<T>> action, CancellationToken ct)
    {
        try
        {
            var result = await RunRetryingAsync(action, ct).ConfigureAwait(false);
            _problem = null;
            return result;
        }
        catch (StorageUnavailableException e)
        {
            _problem = e.Message;
            throw;
        }
    }

    private async Task<T> RunRetryingAsync<T>(Func<NpgsqlConnection, CancellationToken, Task<T>> action, CancellationToken ct)
    {
        try
        {
            try
            {
                return await RunOnceAsync(action, ct).ConfigureAwait(false);
            }
            catch (PostgresException e) when (IsRetriedOnce(e.SqlState))
            {
                // The server ran nothing of ours to completion (it rolled back): a pooled connection
                // whose server process was terminated (restart, admin shutdown), a read-only session
                // left over from before a failover, a serialization failure or deadlock. Drop the
                // stale pool and try once more; if it fails again the error is classified below.
                DataSource.Clear();
                return await RunOnceAsync(action, ct).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (IsUnavailable(e))
        {
            throw new StorageUnavailableException($"PostgreSQL is unavailable: {e.Message}", e);
        }
    }

    private async Task<T> RunOnceAsync<T>(Func<NpgsqlConnection, CancellationToken, Task<T>> action, CancellationToken ct)
    {
        await using var connection = await DataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
        return await action(connection, ct).ConfigureAwait(false);
    }

    /// <summary><see cref="RunAsync{T}"/> inside one transaction, committed when <paramref name="action"/> returns.</summary>
    public Task<T> InTransactionAsync<T>(Func<NpgsqlConnection, NpgsqlTransaction, CancellationToken, Task<T>> action, CancellationToken ct) =>
        RunAsync(async (connection, token) =>
        {
            await using var transaction = await connection.BeginTransactionAsync(token).ConfigureAwait(false);
            var result = await action(connection, transaction, token).ConfigureAwait(false);
            await transaction.CommitAsync(token).ConfigureAwait(false);
            return result;
        }, ct);

    /// <summary>Runs one command and returns the number of rows it changed.</summary>
    public Task<int> ExecuteAsync(string sql, Action<NpgsqlParameterCollection> parameters, CancellationToken ct) =>
        RunAsync(async (connection, token) =>
        {
            await using var command = new NpgsqlCommand(sql, connection);
            parameters(command.Parameters);
            return await command.ExecuteNonQueryAsync(token).ConfigureAwait(false);
        }, ct);

    /// <summary>Runs a query and maps every row.</summary>
    public Task<IReadOnlyList<T>> QueryAsync<T>(string sql, Action<NpgsqlParameterCollection> parameters, Func<NpgsqlDataReader, T> map, CancellationToken ct) =>
        RunAsync(async (connection, token) =>
        {
            await using var command = new NpgsqlCommand(sql, connection);
            parameters(command.Parameters);
            await using var reader = await command.ExecuteReaderAsync(token).ConfigureAwait(false);
            var rows = new List<T>();
            while (await reader.ReadAsync(token).ConfigureAwait(false)) rows.Add(map(reader));
            return (IReadOnlyList<T>)rows;
        }, ct);

    /// <summary>
    /// True for errors that mean "the server cannot take this now, try later" (the write is spooled or
    /// the caller told the store is unavailable), as opposed to a statement the server refuses, which
    /// is thrown as it is (fail loudly: retrying would fail the same way).
    /// </summary>
    public static bool IsUnavailable(Exception e) => e switch
    {
        PostgresException pg => IsUnavailableState(pg.SqlState),
        NpgsqlException => true,
        SocketException or TimeoutException => true,
        IOException => true,
        _ => false,
    };

    /// <summary>
    /// The SQLSTATEs of a server that is down, overloaded or not (yet) writable: class 08 (connection),
    /// 53 (insufficient resources: 53100 disk full, 53200 out of memory, 53300 too many connections),
    /// 57P (operator intervention: admin or crash shutdown, cannot connect now), 58 (system/I-O error),
    /// 25006 (read-only transaction: a standby, or a primary after a failover), 40001 and 40P01
    /// (serialization failure, deadlock: the transaction may simply be run again).
    /// </summary>
    public static bool IsUnavailableState(string sqlState) =>
        sqlState.StartsWith("08", StringComparison.Ordinal) || sqlState.StartsWith("53", StringComparison.Ordinal)
        || sqlState.StartsWith("57P", StringComparison.Ordinal) || sqlState.StartsWith("58", StringComparison.Ordinal)
        || sqlState is "25006" or "40001" or "40P01";

    private static bool IsRetriedOnce(string sqlState) => sqlState is "57P01" or "57P02" or "25006" or "40001" or "40P01";

    /// <inheritdoc />
    public ValueTask DisposeAsync() => DataSource.DisposeAsync();

    private async Task<bool> MigrateAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        await ExecuteOnAsync(connection, null, $"SELECT pg_advisory_lock({MigrationLockKey})", ct).ConfigureAwait(false);
        try
        {
            await ExecuteOnAsync(connection, null, """
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    version integer PRIMARY KEY,
                    name text NOT NULL,
                    applied_at timestamptz NOT NULL DEFAULT now())
                """, ct).ConfigureAwait(false);
            var applied = new HashSet<int>();
            await using (var command = new NpgsqlCommand("SELECT version FROM schema_migrations", connection))
            await using (var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false))
            {
                while (await reader.ReadAsync(ct).ConfigureAwait(false)) applied.Add(reader.GetInt32(0));
            }
            foreach (var migration in PostgresMigrations.All.Where(m => !applied.Contains(m.Version)))
            {
                await using var transaction = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
                await ExecuteOnAsync(connection, transaction, migration.Sql, ct).ConfigureAwait(false);
                await using (var record = new NpgsqlCommand("INSERT INTO schema_migrations (version, name) VALUES ($1, $2)", connection, transaction))
                {
                    record.Parameters.AddWithValue(migration.Version);
                    record.Parameters.AddWithValue(migration.Name);
                    await record.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
                }
                await transaction.CommitAsync(ct).ConfigureAwait(false);
            }
        }
        finally
        {
            await ExecuteOnAsync(connection, null, $"SELECT pg_advisory_unlock({MigrationLockKey})", CancellationToken.None).ConfigureAwait(false);
        }
        return true;
    }

    private static async Task ExecuteOnAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }
}
