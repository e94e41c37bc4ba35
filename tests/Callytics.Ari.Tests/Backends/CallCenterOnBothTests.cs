using Callytics.Runtime.Ari.Calls;
using Callytics.Runtime.Ari.Events;
using Callytics.Runtime.Contract;
using Callytics.TestSupport.Servers;

namespace Callytics.Ari.Tests.Backends;

/// <summary>
/// What a queue does with a call's media (<see cref="ICallMedia"/>: hold, waiting, bridging with an
/// operator's call), on the simulator and on a real Asterisk from one definition. The call center
/// here is a small script so that each test decides when the wait ends; the storage-backed call
/// centers drive the same methods.
/// </summary>
[Collection(AsteriskCollection.Name)]
public sealed class CallCenterOnBothTests(AsteriskServer asterisk)
{
    private static readonly CancellationToken None = CancellationToken.None;

    /// <summary>A call center whose queue is the given script; login and callback are not used here.</summary>
    private sealed class ScriptedCallCenter(Func<ICallMedia, QueueEffect, CancellationToken, Task<QueueOutcome>> queue) : ICallCenter
    {
        public async ValueTask<QueueOutcome> QueueAsync(ICallMedia call, QueueEffect effect, CancellationToken ct) => await queue(call, effect, ct);
        public ValueTask<QueueSnapshot> GetSnapshotAsync(string queue, CancellationToken ct) => throw new NotSupportedException();
        public ValueTask<QueueLoginOutcome> QueueLoginAsync(ICallMedia call, QueueLoginEffect effect, CancellationToken ct) => throw new NotSupportedException();
        public ValueTask<CallbackOutcome> CallbackAsync(ICallMedia call, CallbackEffect effect, CancellationToken ct) => throw new NotSupportedException();
    }

    /// <summary>Holds until <paramref name="waitEnds"/> completes (the caller may hang up meanwhile).</summary>
    private static async Task HoldUntilAsync(ICallMedia call, Prompt? hold, Task waitEnds, TaskCompletionSource holding, CancellationToken ct)
    {
        await call.StartHoldAsync(hold, ct);
        holding.TrySetResult();
        using var wait = new CancellationTokenSource();
        _ = waitEnds.ContinueWith(_ => wait.Cancel(), TaskScheduler.Default);
        await call.WaitAsync(wait.Token);
    }

    /// <summary>Hold prompts played to their end (state done: a missing sound would finish failed) on <paramref name="call"/>.</summary>
    private static int HoldPromptsFinished(CallRig rig, AriCallChannel call) =>
        rig.Seen.OfType<PlaybackFinishedEvent>().Count(e =>
            e.Playback.TargetUri == "channel:" + call.ChannelId && e.Playback.Id.StartsWith("hold", StringComparison.Ordinal) && e.Playback.State == "done");

    private static async Task UntilAsync(Func<bool> condition, int timeoutMs = 15000)
    {
        var until = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < until, "condition not met in time");
            await Task.Delay(10);
        }
    }

    [Theory, MemberData(nameof(Backends.Both), MemberType = typeof(Backends))]
    public async Task A_queued_caller_hears_the_hold_prompt_in_a_loop_then_talks_to_the_operator_until_the_operator_leaves(Backend backend)
    {
        await using var rig = await CallRig.StartAsync(backend, asterisk);
        var (operatorPhone, op) = await rig.CallAsync("5550009", "*99");
        var operatorWaits = op.WaitAsync(None).AsTask();
        AriCallChannel call = null!;
        var holding = new TaskCompletionSource();
        var center = new ScriptedCallCenter(async (media, effect, ct) =>
        {
            await HoldUntilAsync(media, effect.Hold, UntilAsync(() => HoldPromptsFinished(rig, call) >= 2), holding, ct);
            await media.BridgeWithAsync(op.ChannelId, effect.RecordCall, ct);
            return new QueueOutcome(QueueResult.Completed);
        });
        (_, call) = await rig.CallAsync("5551234", "500", center);

        var queued = call.QueueAsync(new QueueEffect("sales", 60000, Prompt.Sound("beep"), RecordCall: true), None).AsTask();
        await rig.WaitForAsync<ChannelEnteredBridgeEvent>(e => e.Channel.Id == op.ChannelId, 20000);
        Assert.True(HoldPromptsFinished(rig, call) >= 2, "the hold prompt plays again each time it ends, until the operator is there");
        await operatorPhone.HangUpAsync();

        Assert.Equal(new QueueOutcome(QueueResult.Completed), await queued);
        Assert.False(call.CallerGone);
        await Assert.ThrowsAsync<CallerHungUpException>(() => operatorWaits);
        await rig.WaitForAsync<RecordingFinishedEvent>(_ => true); // the conversation was recorded
        await rig.EndAsync(call, op);
    }

    [Theory, MemberData(nameof(Backends.Both), MemberType = typeof(Backends))]
    public async Task A_key_pressed_while_holding_on_music_is_kept_for_the_next_input(Backend backend)
    {
        await using var rig = await CallRig.StartAsync(backend, asterisk);
        var holding = new TaskCompletionSource();
        var waitOver = new TaskCompletionSource();
        DigitsOutcome? afterHold = null;
        var center = new ScriptedCallCenter(async (media, effect, ct) =>
        {
            await HoldUntilAsync(media, effect.Hold, waitOver.Task, holding, ct);
            await media.StopHoldAsync(ct);
            afterHold = await media.ReadDigitsAsync(new ReadDigitsEffect([], true, 1, "#", 3000, 3000), ct);
            return new QueueOutcome(QueueResult.Timeout);
        });
        var (caller, call) = await rig.CallAsync("5551234", "500", center);

        var queued = call.QueueAsync(new QueueEffect("sales", 60000, Hold: null, RecordCall: false), None).AsTask();
        await holding.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await caller.PressAsync("5");
        await rig.WaitForAsync<ChannelDtmfReceivedEvent>(e => e.Channel.Id == call.ChannelId);
        waitOver.SetResult();

        Assert.Equal(new QueueOutcome(QueueResult.Timeout), await queued);
        Assert.Equal(new DigitsOutcome("5", DigitsEnd.MaxDigits), afterHold);
        await rig.EndAsync(call);
    }

    [Theory, MemberData(nameof(Backends.Both), MemberType = typeof(Backends))]
    public async Task A_caller_hanging_up_while_holding_on_music_abandons_the_queue(Backend backend)
    {
        await using var rig = await CallRig.StartAsync(backend, asterisk);
        var holding = new TaskCompletionSource();
        var center = new ScriptedCallCenter(async (media, effect, ct) =>
        {
            await HoldUntilAsync(media, effect.Hold, Task.Delay(Timeout.Infinite, ct), holding, ct);
            return new QueueOutcome(QueueResult.Timeout);
        });
        var (caller, call) = await rig.CallAsync("5551234", "500", center);

        var queued = call.QueueAsync(new QueueEffect("sales", 60000, Hold: null, RecordCall: false), None).AsTask();
        await holding.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await caller.HangUpAsync();

        Assert.Equal(new QueueOutcome(QueueResult.Abandoned), await queued);
        Assert.True(call.CallerGone);
        await rig.EndAsync(call);
    }
}
