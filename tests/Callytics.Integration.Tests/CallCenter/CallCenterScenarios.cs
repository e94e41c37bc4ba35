using Callytics.Runtime.Contract;
using Callytics.Runtime.Storage;
using Callytics.Runtime.Storage.Callbacks;
using Callytics.Runtime.Storage.Queues;
using Callytics.TestSupport.AriSimulator;

namespace Callytics.Integration.Tests.CallCenter;

/// <summary>
/// Queue, queue_login and callback end to end over the ARI simulator, against one storage setup
/// (the derived classes: embedded defaults, and real Redis + PostgreSQL).
/// </summary>
public abstract class CallCenterScenarios : IAsyncLifetime
{
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly string _queue = "sales-" + Guid.NewGuid().ToString("N")[..8];
    private CallCenterRig _rig = null!;

    /// <summary>The storage under test.</summary>
    protected abstract Task<StorageOptions> OptionsAsync();

    /// <summary>The queue state under test; what the options name unless a test needs its own keys.</summary>
    protected virtual Task<IQueueState> QueuesAsync(StorageOptions options) => StorageFactory.CreateQueueStateAsync(options);

    public async Task InitializeAsync()
    {
        var options = await OptionsAsync();
        _rig = await CallCenterRig.StartAsync(options, await QueuesAsync(options));
    }

    public virtual async Task DisposeAsync() => await _rig.DisposeAsync();

    private QueueLoginEffect Login(int maxAttempts = 3) => new(
        [_queue], 4, maxAttempts, Prompt.Sound("enter-pin"), Prompt.Sound("pin-invalid"), Prompt.Sound("agent-welcome"));

    private QueueEffect Queue(int maxWaitMs, bool record = false) => new(_queue, maxWaitMs, Prompt.Sound("please-hold"), record);

    private async Task<bool> AvailableAsync(string operatorId) =>
        (await _rig.Queues.GetAvailableOperatorsAsync(_queue)).Contains(operatorId);

    private async Task WaitAvailableAsync(string operatorId)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!await AvailableAsync(operatorId))
        {
            Assert.True(DateTime.UtcNow < deadline, $"operator {operatorId} never became available");
            await Task.Delay(10);
        }
    }

    [Fact]
    public async Task A_caller_is_bridged_with_the_logged_in_operator_who_is_then_free_for_the_next_caller()
    {
        var (simOp, op) = await _rig.CallAsync(new ScriptedCaller("201", "*99").PressOnPlayback(1, CallCenterRig.OperatorPin).HangUpOn(CallerTrigger.Bridged, 2, delayMs: 150));
        var login = op.QueueLoginAsync(Login(), None).AsTask();
        await WaitAvailableAsync("201");

        var (_, first) = await _rig.CallAsync(new ScriptedCaller("5550001", "500").HangUpOn(CallerTrigger.Bridged, 1, delayMs: 150));
        Assert.Equal(QueueResult.Abandoned, (await first.QueueAsync(Queue(10_000, record: true), None)).Result);
        await WaitAvailableAsync("201");

        var (_, second) = await _rig.CallAsync(new ScriptedCaller("5550002", "500"));
        Assert.Equal(new QueueOutcome(QueueResult.Completed), await second.QueueAsync(Queue(10_000, record: true), None));

        await Assert.ThrowsAsync<CallerHungUpException>(() => login.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Null(await _rig.Queues.GetOperatorAsync("201"));
        Assert.Contains("sound:agent-welcome", simOp.Played);
        Assert.Equal(2, _rig.Sim.StoredRecordings.Count);
        Assert.Equal(0, await _rig.Queues.CountWaitingAsync(_queue));
        await _rig.AssertNoLeaksAsync();
    }

    [Fact]
    public async Task A_caller_without_an_operator_hears_the_hold_prompt_and_times_out_and_leaves_the_queue()
    {
        var (sim, call) = await _rig.CallAsync(new ScriptedCaller("5550003", "500"));

        Assert.Equal(new QueueOutcome(QueueResult.Timeout), await call.QueueAsync(Queue(400), None));

        Assert.Contains("sound:please-hold", sim.Played);
        Assert.Equal(0, await _rig.Queues.CountWaitingAsync(_queue));
        await _rig.AssertNoLeaksAsync();
    }

    [Fact]
    public async Task A_caller_hanging_up_while_waiting_is_abandoned_and_removed_from_the_queue_at_once()
    {
        var (_, call) = await _rig.CallAsync(new ScriptedCaller("5550004", "500").HangUpOn(CallerTrigger.PlaybackStarted, 1, delayMs: 100));

        Assert.Equal(new QueueOutcome(QueueResult.Abandoned), await call.QueueAsync(Queue(30_000), None));

        Assert.Equal(0, await _rig.Queues.CountWaitingAsync(_queue));
        Assert.Null(await _rig.Queues.GetPositionAsync(_queue, call.ChannelId));
        await _rig.AssertNoLeaksAsync();
    }

    [Fact]
    public async Task An_operator_is_rejected_after_the_attempts_then_logs_in_with_a_wrong_then_right_pin_and_hanging_up_logs_out()
    {
        var (_, refused) = await _rig.CallAsync(new ScriptedCaller("202", "*99").PressOnPlayback(1, "1111").PressOnPlayback(3, "2222"));
        Assert.Equal(new QueueLoginOutcome(QueueLoginResult.Rejected), await refused.QueueLoginAsync(Login(maxAttempts: 2), None));
        Assert.Null(await _rig.Queues.GetOperatorAsync("202"));

        var (sim, op) = await _rig.CallAsync(new ScriptedCaller("202", "*99").PressOnPlayback(1, "1111").PressOnPlayback(3, CallCenterRig.OperatorPin));
        var login = op.QueueLoginAsync(Login(), None).AsTask();
        await WaitAvailableAsync("202");
        Assert.Equal(["sound:enter-pin", "sound:pin-invalid", "sound:enter-pin", "sound:agent-welcome"], sim.Played);
        Assert.Equal(op.ChannelId, (await _rig.Queues.GetOperatorAsync("202"))!.ChannelId);

        _rig.Sim.HangUpChannel(sim.ChannelId);
        await Assert.ThrowsAsync<CallerHungUpException>(() => login.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Null(await _rig.Queues.GetOperatorAsync("202"));
        Assert.False(await AvailableAsync("202"));
        await _rig.AssertNoLeaksAsync();
    }

    [Fact]
    public async Task Hash_then_the_pin_logs_the_operator_out()
    {
        await _rig.Queues.LoginOperatorAsync("201", "desk-phone", [_queue]);
        Assert.True(await AvailableAsync("201"));
        var (sim, op) = await _rig.CallAsync(new ScriptedCaller("201", "*99").PressOnPlayback(1, "#").PressOnPlayback(2, CallCenterRig.OperatorPin));

        Assert.Equal(new QueueLoginOutcome(QueueLoginResult.LoggedOut), await op.QueueLoginAsync(Login(), None));

        Assert.Equal(["sound:enter-pin", "sound:enter-pin"], sim.Played);
        Assert.Null(await _rig.Queues.GetOperatorAsync("201"));
        await _rig.AssertNoLeaksAsync();
    }

    [Fact]
    public async Task Hash_without_the_pin_logs_nobody_out()
    {
        // Issue #14: '#' alone logged out whichever operator the caller id named; a caller id can be set by anyone.
        await _rig.Queues.LoginOperatorAsync("201", "desk-phone", [_queue]);
        var (_, op) = await _rig.CallAsync(new ScriptedCaller("201", "*99").PressOnPlayback(1, "#").PressOnPlayback(2, "1111").PressOnPlayback(4, "#"));

        Assert.Equal(new QueueLoginOutcome(QueueLoginResult.Rejected), await op.QueueLoginAsync(Login(maxAttempts: 2), None));

        Assert.Equal("desk-phone", (await _rig.Queues.GetOperatorAsync("201"))!.ChannelId);
        Assert.True(await AvailableAsync("201"));
        await _rig.AssertNoLeaksAsync();
    }

    [Fact]
    public async Task A_callback_number_keyed_in_can_be_re_entered_and_is_stored_pending_once_confirmed()
    {
        var (_, call) = await _rig.CallAsync(new ScriptedCaller("5551234", "600")
            .PressOnPlayback(1, "5550199").PressOnPlayback(2, "2").PressOnPlayback(3, "5550100").PressOnPlayback(4, "1"));

        var outcome = await call.CallbackAsync(new CallbackEffect(CallbackNumberSource.Dtmf, 7, Prompt.Sound("enter-number"), Prompt.Sound("confirm-number"), _queue), None);

        Assert.Equal(new CallbackOutcome(true, "5550100"), outcome);
        var stored = Assert.Single(await _rig.Storage.Callbacks.ListAsync(CallbackStatus.Pending));
        Assert.Equal(("5550100", _queue, "5551234"), (stored.Request.Number, stored.Request.QueueId, stored.Request.CallerId));
        await _rig.AssertNoLeaksAsync();
    }

    [Fact]
    public async Task A_callback_to_the_caller_id_is_stored_without_asking()
    {
        var (sim, call) = await _rig.CallAsync(new ScriptedCaller("+4930123456", "600"));

        var outcome = await call.CallbackAsync(new CallbackEffect(CallbackNumberSource.CallerId, 15, null, null, null), None);

        Assert.Equal(new CallbackOutcome(true, "+4930123456"), outcome);
        Assert.Empty(sim.Played);
        Assert.Equal("+4930123456", Assert.Single(await _rig.Storage.Callbacks.ListAsync(CallbackStatus.Pending)).Request.Number);
        await _rig.AssertNoLeaksAsync();
    }
    [Fact]
    public async Task Six_callers_and_two_operators_are_each_served_once_and_no_operator_is_double_booked()
    {
        var operators = new List<(SimCall Sim, Task Login)>();
        foreach (var id in new[] { "201", "202" })
        {
            var (sim, op) = await _rig.CallAsync(new ScriptedCaller(id, "*99").PressOnPlayback(1, CallCenterRig.OperatorPin));
            operators.Add((sim, op.QueueLoginAsync(Login(), None).AsTask()));
            await WaitAvailableAsync(id);
        }
        var callers = new List<Task<QueueOutcome>>();
        for (var i = 0; i < 6; i++)
        {
            // Each caller ends its conversation after a moment; one never bridged would take the timeout.
            var (_, call) = await _rig.CallAsync(new ScriptedCaller($"555010{i}", "500").HangUpOn(CallerTrigger.Bridged, 1, delayMs: 120));
            callers.Add(call.QueueAsync(Queue(15_000, record: true), None).AsTask());
        }

        var operatorChannels = operators.Select(o => o.Sim.ChannelId).ToHashSet();
        var pairs = new HashSet<(string Caller, string Operator)>();
        while (!callers.All(c => c.IsCompleted))
        {
            foreach (var bridge in _rig.Sim.Bridges.Where(b => b.Channels.Count > 0))
            {
                Assert.True(bridge.Channels.Count <= 2, "a bridge held " + string.Join(", ", bridge.Channels));
                if (bridge.Channels.Count == 2)
                    pairs.Add((bridge.Channels.Single(c => !operatorChannels.Contains(c)), bridge.Channels.Single(operatorChannels.Contains)));
            }
            await Task.Delay(5);
        }

        Assert.All(await Task.WhenAll(callers), o => Assert.Equal(QueueResult.Abandoned, o.Result));
        Assert.Equal(6, _rig.Sim.StoredRecordings.Count);
        Assert.All(pairs.GroupBy(p => p.Caller), g => Assert.Single(g));
        await WaitAvailableAsync("201");
        await WaitAvailableAsync("202");
        foreach (var (sim, login) in operators)
        {
            _rig.Sim.HangUpChannel(sim.ChannelId);
            await Assert.ThrowsAsync<CallerHungUpException>(() => login.WaitAsync(TimeSpan.FromSeconds(10)));
        }
        Assert.Empty(await _rig.Queues.GetAvailableOperatorsAsync(_queue));
        await _rig.AssertNoLeaksAsync();
    }
}
