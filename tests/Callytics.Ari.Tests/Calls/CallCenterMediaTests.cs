using Callytics.Runtime.Ari.Calls;
using Callytics.Runtime.Contract;
using Callytics.TestSupport.AriSimulator;

namespace Callytics.Ari.Tests.Calls;

/// <summary>
/// The queue effect is handed to the injected <see cref="ICallCenter"/> (the storage layer's); these
/// tests drive the media it gets (<see cref="ICallMedia"/>) with a small scripted call center.
/// </summary>
public sealed class CallCenterMediaTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    /// <summary>Holds the caller until <paramref name="holdDone"/> completes, then bridges them with a fixed operator channel.</summary>
    private sealed class OneOperatorCallCenter(Func<string> operatorChannel, Func<Task> holdDone) : ICallCenter
    {
        public async ValueTask<QueueOutcome> QueueAsync(ICallMedia call, QueueEffect effect, CancellationToken ct)
        {
            await call.StartHoldAsync(effect.Hold, ct);
            using (var wait = new CancellationTokenSource())
            {
                _ = holdDone().ContinueWith(_ => wait.Cancel(), TaskScheduler.Default);
                await call.WaitAsync(wait.Token);
            }
            await call.BridgeWithAsync(operatorChannel(), effect.RecordCall, ct);
            return new QueueOutcome(QueueResult.Completed);
        }

        public ValueTask<QueueSnapshot> GetSnapshotAsync(string queue, CancellationToken ct) => throw new NotSupportedException();
        public ValueTask<QueueLoginOutcome> QueueLoginAsync(ICallMedia call, QueueLoginEffect effect, CancellationToken ct) => throw new NotSupportedException();
        public ValueTask<CallbackOutcome> CallbackAsync(ICallMedia call, CallbackEffect effect, CancellationToken ct) => throw new NotSupportedException();
    }

    [Fact]
    public async Task A_queued_caller_holds_with_a_looping_prompt_then_talks_to_the_operator_until_the_operator_leaves()
    {
        await using var rig = await AriRig.StartAsync();
        var (simOp, op) = await rig.CallAsync(new ScriptedCaller("201", "*99"));
        SimCall sim = null!;
        var center = new OneOperatorCallCenter(() => simOp.ChannelId, () => DialTests.WaitUntilAsync(() => sim.Played.Count(m => m == "sound:please-hold") >= 2, 5000));
        var services = new AriCallServices(rig.Client, rig.Router, AriRig.TestCatalog()) { CallCenter = center };
        (sim, _) = await rig.CallAsync(new ScriptedCaller("5551234", "500").HangUpOn(CallerTrigger.Bridged, 99));
        await using var call = new AriCallChannel(services, "queued", new Runtime.Ari.Client.AriChannel { Id = sim.ChannelId });
        var operatorWaits = op.WaitAsync(None).AsTask();

        var queued = call.QueueAsync(new QueueEffect("sales", 60000, Prompt.Sound("please-hold"), true), None).AsTask();
        await DialTests.WaitUntilAsync(() => rig.Sim.Bridges.Count == 1 && rig.Sim.Bridges[0].Channels.Count == 2);
        Assert.True(sim.Played.Count(m => m == "sound:please-hold") >= 2, "the hold prompt loops until the operator is there");
        rig.Sim.HangUpChannel(simOp.ChannelId);

        Assert.Equal(new QueueOutcome(QueueResult.Completed), await queued);
        await Assert.ThrowsAsync<CallerHungUpException>(() => operatorWaits);
        Assert.Single(rig.Sim.StoredRecordings);
        await op.DisposeAsync();
        await call.DisposeAsync();
        await rig.Sim.AssertNoLeaksAsync();
    }

    [Fact]
    public async Task A_caller_hanging_up_in_the_queue_is_abandoned_and_without_a_call_center_the_queue_times_out()
    {
        await using var rig = await AriRig.StartAsync();
        var center = new OneOperatorCallCenter(() => "nobody", () => Task.Delay(Timeout.Infinite));
        var services = new AriCallServices(rig.Client, rig.Router, AriRig.TestCatalog()) { CallCenter = center };
        var (sim, plain) = await rig.CallAsync(new ScriptedCaller("5551234", "500").HangUpOn(CallerTrigger.Ringback, 99).HangUpOn(CallerTrigger.Answered, 1, delayMs: 150));
        Assert.Equal(new QueueOutcome(QueueResult.Timeout), await plain.QueueAsync(new QueueEffect("sales", 1000, null, false), None));
        await using var call = new AriCallChannel(services, "queued", new Runtime.Ari.Client.AriChannel { Id = sim.ChannelId });

        var outcome = await call.QueueAsync(new QueueEffect("sales", 60000, null, false), None);

        Assert.Equal(new QueueOutcome(QueueResult.Abandoned), outcome);
        Assert.Single(rig.RequestsTo("POST", $"/channels/{sim.ChannelId}/moh"));
        await plain.DisposeAsync();
        await rig.Sim.AssertNoLeaksAsync();
    }
}
