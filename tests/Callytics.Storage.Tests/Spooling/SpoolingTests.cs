using Callytics.Runtime.Storage.Callbacks;
using Callytics.Runtime.Storage.Common;
using Callytics.Runtime.Storage.Postgres;
using Callytics.Runtime.Storage.Spooling;
using Callytics.Storage.Tests.Callbacks;
using Callytics.Storage.Tests.Fixtures;
using Callytics.Storage.Tests.Voicemail;
using Callytics.TestSupport.Servers;

namespace Callytics.Storage.Tests.Spooling;

/// <summary>PostgreSQL goes down (the real server is stopped) while callbacks and voicemail are saved: nothing is lost.</summary>
[Collection(PostgresCollection.Name)]
public sealed class SpoolingTests(PostgresServer server) : IAsyncLifetime
{
    private static readonly TimeSpan FastRetry = TimeSpan.FromMilliseconds(100);
    private readonly TempDirectory _spool = new();
    private readonly PostgresTestDatabase _testDatabase = new(server, "spool");
    private PostgresDatabase _database = null!;

    public async Task InitializeAsync() => _database = await _testDatabase.OpenAsync();

    public async Task DisposeAsync()
    {
        await server.StartIfStoppedAsync();
        await _testDatabase.DisposeAsync();
        _spool.Dispose();
    }

    [Fact]
    public async Task Saves_during_an_outage_are_spooled_and_written_when_the_database_returns()
    {
        await using var callbacks = new SpoolingCallbackStore(new PostgresCallbackStore(_database), Path.Combine(_spool.Path, "callbacks"), FastRetry);
        await using var voicemail = new SpoolingVoicemailStore(new PostgresVoicemailStore(_database), Path.Combine(_spool.Path, "voicemail"), FastRetry);
        var before = CallbackStoreContract.Request("111");
        await callbacks.SaveAsync(before);
        Assert.Equal(0, callbacks.Spooled);

        await server.StopAsync();
        var during = CallbackStoreContract.Request("222", minutesAfterStart: 1);
        var message = VoicemailStoreContract.Message("sales");
        await callbacks.SaveAsync(during);
        await voicemail.SaveAsync(message);

        Assert.Equal(1, callbacks.Spooled);
        Assert.Equal(1, voicemail.Spooled);
        await Assert.ThrowsAsync<StorageUnavailableException>(() => callbacks.ListAsync());

        await server.StartAsync();

        await Waits.UntilAsync(() => Task.FromResult(callbacks.Spooled == 0 && voicemail.Spooled == 0), "the background retry emptied both spools");
        var direct = new PostgresCallbackStore(_database);
        Assert.Equal(["111", "222"], (await direct.ListAsync(CallbackStatus.Pending)).Select(c => c.Request.Number));
        Assert.Equal(message, await new PostgresVoicemailStore(_database).GetAsync(message.Id));
    }

    [Fact]
    public async Task A_spool_left_by_a_stopped_host_is_written_by_the_next_one()
    {
        var spoolDirectory = Path.Combine(_spool.Path, "callbacks");
        var request = CallbackStoreContract.Request("333");
        await server.StopAsync();
        await using (var first = new SpoolingCallbackStore(new PostgresCallbackStore(_database), spoolDirectory, TimeSpan.FromMinutes(5)))
        {
            await first.SaveAsync(request);
            Assert.Equal(1, first.Spooled);
        }
        await server.StartAsync();

        await using var second = new SpoolingCallbackStore(new PostgresCallbackStore(_database), spoolDirectory, FastRetry);

        Assert.Equal("333", (await second.GetAsync(request.Id))?.Request.Number);
        Assert.Equal(0, second.Spooled);
    }

    [Fact]
    public async Task A_spooled_save_that_the_database_already_has_is_not_duplicated()
    {
        var callbacks = new SpoolingCallbackStore(new PostgresCallbackStore(_database), Path.Combine(_spool.Path, "dup"), TimeSpan.FromMinutes(5));
        await using var _ = callbacks;
        var request = CallbackStoreContract.Request("444");
        await new PostgresCallbackStore(_database).SaveAsync(request);
        await new Spool<CallbackRequest>(Path.Combine(_spool.Path, "dup")).AddAsync(request.Id, request);

        Assert.Equal(0, await callbacks.FlushAsync());
        Assert.Single(await callbacks.ListAsync());
    }
}
