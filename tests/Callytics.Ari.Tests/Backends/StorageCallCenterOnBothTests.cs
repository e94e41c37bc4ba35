using Callytics.Runtime.Ari.Calls;
using Callytics.Runtime.Ari.Events;
using Callytics.Runtime.Contract;
using Callytics.Runtime.Host.CallCenter;
using Callytics.Runtime.Machines;
using Callytics.Runtime.Storage;
using Callytics.Runtime.Storage.Callbacks;
using Callytics.Runtime.Storage.Queues;
using Callytics.TestSupport.Servers;

namespace Callytics.Ari.Tests.Backends;

/// <summary>
/// queue_login, queue and callback as the host runs them (<see cref="StorageCallCenter"/> on a real
/// Redis and PostgreSQL), on the simulator and on a real Asterisk from one definition: the operator
/// keys a PIN on their phone, a caller is bridged with them, and another leaves a number to be
/// called back.
/// </summary>
[Collection(AsteriskCollection.Name)]
public sealed class StorageCallCenterOnBothTests(AsteriskServer asterisk, PostgresServer postgres, RedisServer redis)
    : IClassFixture<PostgresServer>, IClassFixture<RedisServer>
{
    private const string Pin = "4826";
    private static readonly CancellationToken None = CancellationToken.None;

    private sealed class Storage(StorageServices services, IQueueState queues, string folder) : IAsyncDisposable
    {
        public StorageServices Services => services;
        public IQueueState Queues => queues;
        public StorageCallCenter CallCenter { get; } = new(services, queues);

        public async ValueTask DisposeAsync()
        {
            await queues.DisposeAsync();
            await services.DisposeAsync();
            ServerPaths.DeleteDirectory(folder);
        }
    }

    private async Task<Storage> OpenStorageAsync()
    {
        var folder = ServerPaths.CreateTempDirectory("cc-both");
        var options = new StorageOptions
        {
            Directory = folder,
            Postgres = await postgres.CreateDatabaseAsync("callcenter"),
            Redis = redis.ConnectionString,
            PinHashIterations = 1000,
        };
        var services = await StorageFactory.OpenAsync(options);
        await services.Accounts.AddAsync("5550201", "Operator 201", Pin);
        return new Storage(services, await StorageFactory.CreateQueueStateAsync(options), folder);
    }

    private static async Task UntilAsync(Func<Task<bool>> condition, string what, int timeoutMs = 15000)
    {
        var until = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < until, "timed out waiting until " + what);
            await Task.Delay(20);
        }
    }

    /// <summary>Operator 5550201 calls the login number and hears the PIN prompt; the login goes on in the returned task.</summary>
    private static async Task<(ITestCaller Phone, AriCallChannel Call, Task<QueueLoginOutcome> Login)> OperatorCallsInAsync(CallRig rig, Storage storage, string queue)
    {
        var (phone, op) = await rig.CallAsync("5550201", "*99", storage.CallCenter);
        var login = op.QueueLoginAsync(new QueueLoginEffect([queue], 4, 3, Prompt.Sound("beep"), Prompt.Sound("beep"), Prompt.Sound("beep")), None).AsTask();
        await PromptOn(rig, op);
        return (phone, op, login);
    }

    private static Task<PlaybackStartedEvent> PromptOn(CallRig rig, AriCallChannel call, int nth = 1) =>
        rig.WaitForAsync<PlaybackStartedEvent>(e => e.Playback.TargetUri == "channel:" + call.ChannelId
            && rig.Seen.OfType<PlaybackStartedEvent>().Count(p => p.Playback.TargetUri == "channel:" + call.ChannelId) >= nth);

    [Theory, MemberData(nameof(Backends.Both), MemberType = typeof(Backends))]
    public async Task An_operator_logs_in_with_the_pin_and_a_queued_caller_is_bridged_with_them_until_the_operator_hangs_up(Backend backend)
    {
        var queue = "sales-" + Guid.NewGuid().ToString("N")[..8];
        await using var storage = await OpenStorageAsync();
        await using var rig = await CallRig.StartAsync(backend, asterisk);

        var (phone, op, login) = await OperatorCallsInAsync(rig, storage, queue);
        await phone.PressAsync(Pin);
        await UntilAsync(async () => login.IsCompleted ? throw new Xunit.Sdk.XunitException($"login ended: {(login.IsFaulted ? login.Exception : login.Result)} {rig.Describe()}") : (await storage.Queues.GetAvailableOperatorsAsync(queue)).Contains("5550201"), "the operator is available");
        Assert.Equal(op.ChannelId, (await storage.Queues.GetOperatorAsync("5550201"))!.ChannelId);

        var (_, call) = await rig.CallAsync("5550001", "500", storage.CallCenter);
        var queued = call.QueueAsync(new QueueEffect(queue, 30_000, Prompt.Sound("beep"), RecordCall: false), None).AsTask();
        await rig.WaitForAsync<ChannelEnteredBridgeEvent>(e => e.Channel.Id == op.ChannelId, 20000);
        await rig.WaitForAsync<ChannelEnteredBridgeEvent>(e => e.Channel.Id == call.ChannelId, 20000);
        await phone.HangUpAsync();

        Assert.Equal(new QueueOutcome(QueueResult.Completed), await queued.WaitAsync(TimeSpan.FromSeconds(20)));
        await Assert.ThrowsAsync<CallerHungUpException>(() => login.WaitAsync(TimeSpan.FromSeconds(20)));
        Assert.Null(await storage.Queues.GetOperatorAsync("5550201")); // hanging up logged the operator out
        Assert.Equal(0, await storage.Queues.CountWaitingAsync(queue));
        await rig.EndAsync(call, op);
    }

    [Theory, MemberData(nameof(Backends.Both), MemberType = typeof(Backends))]
    public async Task Queue_status_on_a_call_reads_the_operator_logged_in_with_the_pin_and_the_callers_waiting(Backend backend)
    {
        var queue = "status-" + Guid.NewGuid().ToString("N")[..8];
        await using var storage = await OpenStorageAsync();
        await using var rig = await CallRig.StartAsync(backend, asterisk);
        var (_, asking) = await rig.CallAsync("5550003", "700", storage.CallCenter);
        Assert.Equal(new QueueSnapshot(0, 0, 0, 0), await QueueStatusAsync(asking, queue));

        var (phone, op, login) = await OperatorCallsInAsync(rig, storage, queue);
        await phone.PressAsync(Pin);
        await UntilAsync(async () => (await storage.Queues.GetAvailableOperatorsAsync(queue)).Contains("5550201"), "the operator is available");
        Assert.Equal(new QueueSnapshot(1, 1, 0, 0), await QueueStatusAsync(asking, queue));

        // The operator talks to a caller and another caller waits: logged in, not free, one waiting.
        var (_, first) = await rig.CallAsync("5550004", "500", storage.CallCenter);
        var firstQueued = first.QueueAsync(new QueueEffect(queue, 30_000, null, RecordCall: false), None).AsTask();
        await rig.WaitForAsync<ChannelEnteredBridgeEvent>(e => e.Channel.Id == first.ChannelId, 20000);
        var (_, second) = await rig.CallAsync("5550005", "500", storage.CallCenter);
        var secondQueued = second.QueueAsync(new QueueEffect(queue, 3_000, null, RecordCall: false), None).AsTask();
        await UntilAsync(async () => await storage.Queues.CountWaitingAsync(queue) == 1, "the second caller waits");
        var status = await QueueStatusAsync(asking, queue);
        Assert.Equal((1, 0, 1), (status.OperatorsLoggedIn, status.OperatorsFree, status.Waiting));
        Assert.InRange(status.OldestWaitMs, 0, 5_000);
        // The second caller's wait ends before the operator hangs up: freed by that hang-up, the operator
        // would otherwise be offered to them in the same instant as their phone goes (another test's subject).
        Assert.Equal(new QueueOutcome(QueueResult.Timeout), await secondQueued.WaitAsync(TimeSpan.FromSeconds(20)));

        await phone.HangUpAsync();
        Assert.Equal(new QueueOutcome(QueueResult.Completed), await firstQueued.WaitAsync(TimeSpan.FromSeconds(20)));
        await Assert.ThrowsAsync<CallerHungUpException>(() => login.WaitAsync(TimeSpan.FromSeconds(20)));
        Assert.Equal(new QueueSnapshot(0, 0, 0, 0), await QueueStatusAsync(asking, queue));
        await rig.EndAsync(asking, first, second, op);
    }

    /// <summary>What a queue_status node reads on the call: its effect performed as the engine performs it.</summary>
    private static async Task<QueueSnapshot> QueueStatusAsync(ICallChannel call, string queue) =>
        ((QueueStatusOutcome)await new QueueStatusEffect(queue).PerformAsync(call, None)).Queue;

    [Theory, MemberData(nameof(Backends.Both), MemberType = typeof(Backends))]
    public async Task An_operator_logging_in_while_PostgreSQL_is_down_hears_try_later_to_the_end_and_is_not_logged_in(Backend backend)
    {
        var queue = "sales-" + Guid.NewGuid().ToString("N")[..8];
        await using var storage = await OpenStorageAsync();
        await using var rig = await CallRig.StartAsync(backend, asterisk);
        var (phone, op, login) = await OperatorCallsInAsync(rig, storage, queue);

        await postgres.StopAsync(); // the PIN cannot be checked
        try
        {
            await phone.PressAsync(Pin);
            Assert.Equal(new QueueLoginOutcome(QueueLoginResult.Rejected), await login.WaitAsync(TimeSpan.FromSeconds(30)));
        }
        finally
        {
            await postgres.StartAsync();
        }

        // The "try later" prompt played to its end: on Asterisk a sound that does not exist ends it "failed".
        var played = rig.Seen.OfType<PlaybackFinishedEvent>().Where(e => e.Playback.TargetUri == "channel:" + op.ChannelId).ToList();
        Assert.Equal(2, played.Count);
        Assert.Equal("done", played[^1].Playback.State);
        Assert.False(op.CallerGone);
        Assert.Null(await storage.Queues.GetOperatorAsync("5550201"));
        await rig.EndAsync(op);
    }

    [Theory, MemberData(nameof(Backends.Both), MemberType = typeof(Backends))]
    public async Task A_caller_keys_a_number_confirms_it_with_1_and_a_pending_callback_is_stored(Backend backend)
    {
        await using var storage = await OpenStorageAsync();
        await using var rig = await CallRig.StartAsync(backend, asterisk);
        var (caller, call) = await rig.CallAsync("5550002", "600", storage.CallCenter);

        var requested = call.CallbackAsync(new CallbackEffect(CallbackNumberSource.Dtmf, 15, Prompt.Sound("beep"), Prompt.Sound("beep"), "sales"), None).AsTask();
        await PromptOn(rig, call);
        await caller.PressAsync("5550100#");
        await PromptOn(rig, call, nth: 2); // the confirmation prompt
        await caller.PressAsync("1");

        Assert.Equal(new CallbackOutcome(true, "5550100"), await requested.WaitAsync(TimeSpan.FromSeconds(20)));
        var stored = Assert.Single(await storage.Services.Callbacks.ListAsync(CallbackStatus.Pending));
        Assert.Equal(("5550100", "sales", "5550002"), (stored.Request.Number, stored.Request.QueueId, stored.Request.CallerId));
        await rig.EndAsync(call);
    }
}
