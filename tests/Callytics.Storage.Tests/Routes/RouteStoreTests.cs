using Callytics.Runtime.Storage.Routes;
using Callytics.Storage.Tests.Fixtures;
using Callytics.TestSupport.Servers;

namespace Callytics.Storage.Tests.Routes;

/// <summary>The behaviour every <see cref="IRouteStore"/> must show.</summary>
public abstract class RouteStoreContract : StoreContract<IRouteStore>
{
    /// <summary>A second store on the same data, as another host opens it.</summary>
    protected abstract Task<IRouteStore> OpenAgainAsync();

    [Fact]
    public async Task Routes_are_set_replaced_and_removed_and_another_store_on_the_same_data_sees_them()
    {
        Assert.Empty(await Store.ListAsync());
        await Store.SetAsync("700", "support");
        await Store.SetAsync("701", "sales");
        await Store.SetAsync("700", "night-desk");
        var other = await OpenAgainAsync();
        Assert.Equal(new Dictionary<string, string> { ["700"] = "night-desk", ["701"] = "sales" }, await other.ListAsync());

        Assert.True(await other.RemoveAsync("701"));
        Assert.False(await Store.RemoveAsync("701"));
        Assert.Equal(new Dictionary<string, string> { ["700"] = "night-desk" }, await Store.ListAsync());
    }

    [Theory]
    [InlineData("bad number", "support")]
    [InlineData("700", "bad flow")]
    [InlineData("", "support")]
    public async Task A_bad_number_or_flow_id_is_refused_and_nothing_changes(string number, string flow)
    {
        await Store.SetAsync("700", "support");
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.SetAsync(number, flow));
        Assert.Equal(new Dictionary<string, string> { ["700"] = "support" }, await Store.ListAsync());
    }

    [Fact]
    public async Task Concurrent_edits_of_different_numbers_are_all_kept()
    {
        var other = await OpenAgainAsync();
        await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(() => (i % 2 == 0 ? Store : other).SetAsync($"80{i:00}", $"flow-{i}"))));
        Assert.Equal(20, (await Store.ListAsync()).Count);
    }
}

public sealed class DirectoryRouteStoreTests : RouteStoreContract, IDisposable
{
    private readonly TempDirectory _root = new();

    protected override Task<IRouteStore> CreateStoreAsync() => OpenAgainAsync();

    protected override Task<IRouteStore> OpenAgainAsync() => Task.FromResult<IRouteStore>(new DirectoryRouteStore(_root.Path));

    public void Dispose() => _root.Dispose();
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresRouteStoreTests(PostgresServer server) : RouteStoreContract
{
    private readonly PostgresTestDatabase _database = new(server, "routes");

    protected override Task<IRouteStore> CreateStoreAsync() => OpenAgainAsync();

    protected override async Task<IRouteStore> OpenAgainAsync() => new PostgresRouteStore(await _database.OpenAsync());

    protected override Task CleanUpAsync() => _database.DisposeAsync().AsTask();
}
