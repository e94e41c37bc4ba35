using Callytics.TestSupport.Servers;

namespace Callytics.Integration.Tests.CallCenter;

/// <summary>Return calls with the call center on the directory store (the embedded default).</summary>
public sealed class EmbeddedReturnCallTests : ReturnCallScenarios
{
    protected override Task<IDictionary<string, string?>> StorageSettingsAsync(string folder) =>
        Task.FromResult<IDictionary<string, string?>>(new Dictionary<string, string?> { ["Storage:Directory"] = folder });
}

/// <summary>Return calls with the call center on a real PostgreSQL server (a fresh database per test).</summary>
[Collection(ServersCollection.Name)]
public sealed class PostgresReturnCallTests(PostgresServer postgres) : ReturnCallScenarios
{
    protected override async Task<IDictionary<string, string?>> StorageSettingsAsync(string folder) => new Dictionary<string, string?>
    {
        ["Storage:Postgres"] = await postgres.CreateDatabaseAsync("returncalls"),
        ["Storage:Directory"] = folder,
    };
}
