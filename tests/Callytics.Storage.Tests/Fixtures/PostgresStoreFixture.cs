using Callytics.Runtime.Storage.Postgres;
using Callytics.TestSupport.Servers;

namespace Callytics.Storage.Tests.Fixtures;

/// <summary>A fresh, migrated database on the shared PostgreSQL server for one test.</summary>
public static class PostgresStores
{
    public static async Task<PostgresDatabase> FreshDatabaseAsync(PostgresServer server, string purpose) =>
        await PostgresDatabase.OpenAsync(await server.CreateDatabaseAsync(purpose));
}
