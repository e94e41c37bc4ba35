using System.Text.Json.Nodes;
using Callytics.Integration.Tests.Support;
using Callytics.Runtime.Storage;
using Callytics.Runtime.Storage.Callbacks;
using Callytics.Runtime.Storage.Spooling;
using Callytics.TestSupport.Servers;
using Microsoft.Extensions.DependencyInjection;

namespace Callytics.Integration.Tests.CallCenter;

/// <summary>
/// The runtime host started while its PostgreSQL is down: it starts, says so in /healthz, spools
/// the callbacks it takes, and writes them once when the server is back. Its own server, stopped and
/// started by the test.
/// </summary>
public sealed class StartWithoutDatabaseTests : IAsyncLifetime
{
    private readonly PostgresServer _postgres = new();
    private readonly TempFolder _folder = new();

    public Task InitializeAsync() => _postgres.InitializeAsync();

    public async Task DisposeAsync()
    {
        await _postgres.DisposeAsync();
        _folder.Dispose();
    }

    [Fact]
    public async Task The_host_starts_with_PostgreSQL_down_reports_it_spools_callbacks_and_writes_them_once_when_it_returns()
    {
        var database = await _postgres.CreateDatabaseAsync("startdown");
        await _postgres.StopAsync();

        await using var host = await AdminHost.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Storage:Postgres"] = database,
            ["Storage:Directory"] = _folder.Combine("storage"),
        });

        var health = await HealthAsync(host);
        Assert.Equal("degraded", (string)health["status"]!);
        Assert.Contains("PostgreSQL is unavailable", (string)health["problems"]!["postgres"]!);

        var storage = host.Services.GetRequiredService<StorageServices>();
        var request = new CallbackRequest(Guid.NewGuid(), "+4930555000", "support", "sim-1", "main", DateTimeOffset.UtcNow);
        await storage.Callbacks.SaveAsync(request);
        await storage.Callbacks.SaveAsync(request); // a retried save: still one row in the end
        var spooling = Assert.IsType<SpoolingCallbackStore>(storage.Callbacks);
        Assert.Equal(2, spooling.Spooled);
        Assert.Contains("callytics_spool_pending{store=\"callbacks\"} 2", await host.Http.GetStringAsync("/metrics"));

        await _postgres.StartAsync();

        // The background retry backs off up to 30 s while the server is down.
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (spooling.Spooled > 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "the spool was not written after PostgreSQL returned");
            await Task.Delay(100);
        }
        Assert.Equal("+4930555000", Assert.Single(await storage.Callbacks.ListAsync()).Request.Number);
        var after = await HealthAsync(host);
        Assert.Null(after["problems"]!["postgres"]);
    }

    /// <summary>/healthz as JSON (503 here: the test host has no Asterisk, which /healthz reports too).</summary>
    private static async Task<JsonObject> HealthAsync(AdminHost host) =>
        JsonNode.Parse(await (await host.Http.GetAsync("/healthz")).Content.ReadAsStringAsync())!.AsObject();
}
