using Callytics.Runtime.Storage.Postgres;
using Callytics.TestSupport.Servers;

namespace Callytics.Storage.Tests.Fixtures;

/// <summary>A fresh, migrated database on the shared PostgreSQL server, opened lazily and closed on dispose.</summary>
public sealed class PostgresTestDatabase(PostgresServer server, string purpose) : IAsyncDisposable
{
    private PostgresDatabase? _database;

    public async Task<PostgresDatabase> OpenAsync() => _database ??= await PostgresDatabase.OpenAsync(await server.CreateDatabaseAsync(purpose));

    public async ValueTask DisposeAsync()
    {
        if (_database is not null) await _database.DisposeAsync();
    }
}
