using Callytics.Integration.Tests.Support;
using Callytics.Runtime.Storage.Flows;
using Callytics.TestSupport.Servers;

namespace Callytics.Integration.Tests.Cli;

public sealed class DirectoryPublishCommandsTests : PublishCommandsContract
{
    protected override string Store => Temp.Combine("store");

    [Fact]
    public async Task Twenty_publish_processes_at_once_get_twenty_distinct_consecutive_versions()
    {
        var file = Temp.Combine("flow.json");
        await File.WriteAllTextAsync(file, Flows.Example(Flows.CallbackOffer));
        Assert.Equal(0, (await Callyc.RunAsync("draft", "save", file, "--store", Store)).ExitCode);

        var runs = await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            Callyc.RunAsync("publish", Flows.CallbackOffer, "--force", "-m", $"p{i}", "--store", Store)));

        Assert.All(runs, r => Assert.True(r.ExitCode == 0, r.ToString()));
        var versions = await new DirectoryFlowStore(Store).ListVersionsAsync(Flows.CallbackOffer);
        Assert.Equal(Enumerable.Range(1, 20), versions.Select(v => v.Version));
        Assert.Equal(Enumerable.Range(0, 20).Select(i => $"p{i}").Order(), versions.Select(v => v.Message!).Order());
    }
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresPublishCommandsTests(PostgresServer server) : PublishCommandsContract, IAsyncLifetime
{
    private string _connection = "";

    protected override string Store => _connection;

    public async Task InitializeAsync() => _connection = await server.CreateDatabaseAsync("cli");

    public Task DisposeAsync() => Task.CompletedTask;
}
