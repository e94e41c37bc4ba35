using Callytics.Runtime.Storage.Flows;
using Callytics.Runtime.Storage.Postgres;
using Callytics.Storage.Tests.Fixtures;
using Callytics.TestSupport.Servers;

namespace Callytics.Storage.Tests.Flows;

public sealed class DirectoryFlowStoreTests : FlowStoreContract, IDisposable
{
    private readonly TempDirectory _root = new();

    protected override Task<IFlowStore> CreateStoreAsync() => Task.FromResult<IFlowStore>(new DirectoryFlowStore(_root.Path, Clock));

    public void Dispose() => _root.Dispose();

    [Fact]
    public async Task Versions_are_plain_files_under_flows_id_versions_number()
    {
        await Store.PublishAsync("main", Artifacts("a"), "alice", "m");

        var folder = Path.Combine(_root.Path, "flows", "main", "versions", "000001");
        Assert.Equal(["flow.dll", "flow.g.cs", "flow.json", "layout.json", "manifest.json", "version.json"],
            Directory.GetFiles(folder).Select(Path.GetFileName).Order());
        Assert.Empty(Directory.GetDirectories(Path.Combine(_root.Path, "flows", "main", "versions"), ".tmp-*"));
    }

    [Fact]
    public async Task A_version_with_a_missing_file_is_reported_as_damaged()
    {
        await Store.PublishAsync("main", Artifacts("a"), "alice", null);
        File.Delete(Path.Combine(_root.Path, "flows", "main", "versions", "000001", "flow.dll"));

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => Store.GetVersionAsync("main", 1));
        Assert.Contains("flow.dll", error.Message);
    }

    [Fact]
    public async Task A_leftover_temporary_folder_is_invisible_and_removed_by_the_next_publish()
    {
        await Store.PublishAsync("main", Artifacts("a"), "alice", null);
        var leftover = Path.Combine(_root.Path, "flows", "main", "versions", ".tmp-killed");
        Directory.CreateDirectory(leftover);
        File.WriteAllText(Path.Combine(leftover, "flow.json"), "{");

        Assert.Single(await Store.ListVersionsAsync("main"));
        Assert.Equal(2, (await Store.PublishAsync("main", Artifacts("b"), "alice", null)).Version);
        Assert.False(Directory.Exists(leftover));
    }
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresFlowStoreTests(PostgresServer server) : FlowStoreContract
{
    private readonly PostgresTestDatabase _database = new(server, "flows");

    protected override async Task<IFlowStore> CreateStoreAsync() => new PostgresFlowStore(await _database.OpenAsync(), Clock);

    protected override Task CleanUpAsync() => _database.DisposeAsync().AsTask();

    [Fact]
    public async Task The_watch_survives_a_database_restart_and_reports_what_was_published_meanwhile()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var watch = Store.WatchPublishedAsync(cts.Token).GetAsyncEnumerator(cts.Token);
        var next = watch.MoveNextAsync().AsTask();
        await Task.Delay(300);
        try
        {
            await server.StopAsync();
            await server.StartAsync();
            await Store.PublishAsync("main", Artifacts("after-restart"), "alice", null);

            Assert.True(await next.WaitAsync(TimeSpan.FromSeconds(30)));
            Assert.Equal(new FlowPublished("main", 1), watch.Current);
        }
        finally
        {
            await server.StartIfStoppedAsync();
            await cts.CancelAsync();
            await Task.WhenAny(next);
            await watch.DisposeAsync();
        }
    }

    [Fact]
    public async Task The_database_refuses_a_second_row_with_the_same_flow_and_version()
    {
        await Store.PublishAsync("main", Artifacts("a"), "alice", null);

        var database = await _database.OpenAsync();
        var error = await Assert.ThrowsAsync<Npgsql.PostgresException>(() => database.ExecuteAsync(
            "INSERT INTO flow_versions (flow_id, version, semantic_json, generated_csharp, assembly, assembly_sha256, manifest_json, published_by, published_at) VALUES ('main', 1, '{}', 'x', '\\x00', 'h', '{}', 'eve', now())",
            _ => { }, CancellationToken.None));
        Assert.Equal("23505", error.SqlState);
    }

    [Fact]
    public async Task Migrations_are_recorded_and_running_them_again_changes_nothing()
    {
        await Store.PublishAsync("main", Artifacts("a"), "alice", null);

        await using var again = await PostgresDatabase.OpenAsync((await _database.OpenAsync()).ConnectionString);

        Assert.Equal([1, 2, 3, 4, 5, 6], await again.AppliedMigrationsAsync());
        Assert.Single(await new PostgresFlowStore(again).ListVersionsAsync("main"));
    }
}
