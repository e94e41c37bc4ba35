using Callytics.Runtime.Ari.Calls;
using Callytics.Runtime.Ari.Events;
using Callytics.Runtime.Contract;
using Callytics.TestSupport.Servers;

namespace Callytics.Ari.Tests.Backends;

/// <summary>
/// transfer and hunt_group on the simulator and on a real Asterisk from one definition: every dial
/// outcome, and the faults Asterisk produces for real (agent hangs up, caller hangs up while it rings
/// and while it talks, unreachable extension, ring timeout, busy), each ending with the leak check.
/// </summary>
[Collection(AsteriskCollection.Name)]
public sealed class DialOnBothTests(AsteriskServer asterisk)
{
    private static readonly CancellationToken None = CancellationToken.None;

    private static DialTarget Ext(string value) => new(DestinationType.Extension, value, null);

    private static DialEffect Transfer(string extension, int ringMs = 5000, bool record = false, bool moh = false) =>
        new([Ext(extension)], DialStrategy.Simultaneous, ringMs, 60000, record, moh);


    [Theory, MemberData(nameof(Backends.Both), MemberType = typeof(Backends))]
    public async Task An_answered_transfer_is_recorded_and_completes_when_the_agent_hangs_up(Backend backend)
    {
        await using var rig = await CallRig.StartAsync(backend, asterisk);
        var (_, call) = await rig.CallAsync();

        var outcome = await call.DialAsync(Transfer(CallRig.AnswersThenHangsUp, record: true), None);

        Assert.Equal(new DialOutcome(DialResult.Completed, CallRig.AnswersThenHangsUp), outcome);
        Assert.True(call.WasBridged);
        Assert.False(call.CallerGone);
        // The bridge was recorded (a channel in a bridge cannot be). Its RecordingFinished follows the
        // agent's hang-up, so it may arrive after the dial returned: waited for, not expected at once.
        await rig.WaitForAsync<RecordingFinishedEvent>(_ => true);
        await rig.EndAsync(call);
    }

    [Theory, MemberData(nameof(Backends.Both), MemberType = typeof(Backends))]
    public async Task A_prompt_right_after_the_conversation_plays_to_the_end(Backend backend)
    {
        // Asterisk ejects the channels of a destroyed bridge asynchronously, and a play sent before the
        // caller's channel has left is accepted and never played: the call then waited for ever (one
        // call in ~200 in the Asterisk benchmark). The simulator models that window (BridgeDepartureWindow).
        await using var rig = await CallRig.StartAsync(backend, asterisk);
        var (_, call) = await rig.CallAsync();

        Assert.Equal(DialResult.Completed, (await call.DialAsync(Transfer(CallRig.AnswersThenHangsUp), None)).Result);
        var played = call.PlayAsync(new PlayEffect([Prompt.Sound("beep")], false), None).AsTask();
        Assert.True(await Task.WhenAny(played, Task.Delay(10000)) == played, "the prompt after the conversation never finished\n" + rig.Describe());
        Assert.Equal(PlayOutcome.Finished, await played);
        if (rig is SimulatorRig sim)
            Assert.Equal(0, sim.Sim.PlaybacksDropped);
        await rig.EndAsync(call);
    }

    [Theory, MemberData(nameof(Backends.Both), MemberType = typeof(Backends))]
    public async Task The_channel_list_shows_an_inbound_call_as_Stasis_of_the_application_and_a_dialed_leg_with_its_arguments(Backend backend)
    {
        // What the host relies on after a reconnect to find callers whose StasisStart was lost:
        // inbound calls run Stasis(<application>) with no arguments; the legs it originates carry theirs.
        await using var rig = await CallRig.StartAsync(backend, asterisk);
        var (caller, call) = await rig.CallAsync();
        var dial = call.DialAsync(Transfer(CallRig.AnswersAndStays), None).AsTask();
        await rig.WaitForAsync<ChannelEnteredBridgeEvent>(e => e.Channel.Id == call.ChannelId);
        var bridged = await rig.WaitForAsync<ChannelEnteredBridgeEvent>(e => e.Channel.Id != call.ChannelId);

        var channels = await rig.Client.ListChannelsAsync(None);

        var inbound = Assert.Single(channels, c => c.Id == call.ChannelId);
        Assert.Equal(("Stasis", rig.Application, "100"), (inbound.Dialplan.AppName, inbound.Dialplan.AppData, inbound.Dialplan.Exten));
        var leg = Assert.Single(channels, c => c.Id == bridged.Channel.Id);
        Assert.Equal(("Stasis", rig.Application + "," + AriCallChannel.DialLegAppArgs), (leg.Dialplan.AppName, leg.Dialplan.AppData));
        await caller.HangUpAsync();
        await Assert.ThrowsAsync<CallerHungUpException>(() => dial);
        await rig.EndAsync(call);
    }

    [Theory, MemberData(nameof(Backends.Both), MemberType = typeof(Backends))]
    public async Task A_caller_hanging_up_during_the_conversation_hangs_the_agent_up_and_destroys_the_bridge(Backend backend)
    {
        await using var rig = await CallRig.StartAsync(backend, asterisk);
        var (caller, call) = await rig.CallAsync();

        var dial = call.DialAsync(Transfer(CallRig.AnswersAndStays, record: true), None).AsTask();
        await rig.WaitForAsync<ChannelEnteredBridgeEvent>(e => e.Channel.Id == call.ChannelId);
        await caller.HangUpAsync();
        await Assert.ThrowsAsync<CallerHungUpException>(() => dial);
        await rig.EndAsync(call);
    }

    [Theory, MemberData(nameof(Backends.Both), MemberType = typeof(Backends))]
    public async Task A_transfer_nobody_answers_rings_out_with_music_and_hangs_the_leg_up(Backend backend)
    {
        await using var rig = await CallRig.StartAsync(backend, asterisk);
        var (_, call) = await rig.CallAsync();

        var outcome = await call.DialAsync(Transfer(CallRig.NeverAnswers, ringMs: 1000, moh: true), None);

        Assert.Equal(DialResult.NoAnswer, outcome.Result);
        Assert.False(call.CallerGone);
        await rig.EndAsync(call);
    }

    [Theory, MemberData(nameof(Backends.Both), MemberType = typeof(Backends))]
    public async Task A_caller_hanging_up_while_the_transfer_rings_hangs_the_leg_up(Backend backend)
    {
        await using var rig = await CallRig.StartAsync(backend, asterisk);
        var (caller, call) = await rig.CallAsync();

        var dial = call.DialAsync(Transfer(CallRig.NeverAnswers, ringMs: 10000), None).AsTask();
        await Task.Delay(500);
        await caller.HangUpAsync();
        await Assert.ThrowsAsync<CallerHungUpException>(() => dial);
        await rig.EndAsync(call);
    }

    [Theory, MemberData(nameof(Backends.Both), MemberType = typeof(Backends))]
    public async Task An_unreachable_extension_fails_the_transfer_at_once(Backend backend)
    {
        await using var rig = await CallRig.StartAsync(backend, asterisk);
        var (_, call) = await rig.CallAsync();

        var started = DateTime.UtcNow;
        var outcome = await call.DialAsync(Transfer(CallRig.Unreachable, ringMs: 8000), None);

        Assert.Equal(DialResult.Failed, outcome.Result);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(6), "an extension that does not exist fails before the ring timeout");
        Assert.False(call.CallerGone);
        await rig.EndAsync(call);
    }

    [Theory, MemberData(nameof(Backends.Both), MemberType = typeof(Backends))]
    public async Task A_busy_extension_reports_busy(Backend backend)
    {
        await using var rig = await CallRig.StartAsync(backend, asterisk);
        var (_, call) = await rig.CallAsync();

        Assert.Equal(DialResult.Busy, (await call.DialAsync(Transfer(CallRig.Busy, ringMs: 8000), None)).Result);
        await rig.EndAsync(call);
    }

    [Theory, MemberData(nameof(Backends.Both), MemberType = typeof(Backends))]
    public async Task A_simultaneous_hunt_bridges_the_first_to_answer_and_hangs_up_the_others(Backend backend)
    {
        await using var rig = await CallRig.StartAsync(backend, asterisk);
        var (_, call) = await rig.CallAsync();

        var outcome = await call.DialAsync(new DialEffect([Ext(CallRig.NeverAnswers), Ext(CallRig.AnswersThenHangsUp), Ext("402")], DialStrategy.Simultaneous, 5000, 10000, false, false), None);

        Assert.Equal(new DialOutcome(DialResult.Completed, CallRig.AnswersThenHangsUp), outcome);
        await rig.EndAsync(call);
    }

    [Theory, MemberData(nameof(Backends.Both), MemberType = typeof(Backends))]
    public async Task An_ordered_hunt_moves_on_after_busy_and_no_answer(Backend backend)
    {
        await using var rig = await CallRig.StartAsync(backend, asterisk);
        var (_, call) = await rig.CallAsync();

        // Each attempt rings 2.5 s: the ring time starts before the originate, so under load (CI's two
        // cores) an 800 ms ring ran out before the simulator's answer reached the host.
        var outcome = await call.DialAsync(new DialEffect([Ext(CallRig.Busy), Ext(CallRig.NeverAnswers), Ext(CallRig.AnswersThenHangsUp)], DialStrategy.Ordered, 2500, 10000, false, false), None);

        Assert.Equal(new DialOutcome(DialResult.Completed, CallRig.AnswersThenHangsUp), outcome);
        await rig.EndAsync(call);
    }

    [Theory, MemberData(nameof(Backends.Both), MemberType = typeof(Backends))]
    public async Task A_pstn_number_goes_out_through_the_trunk_dial_format(Backend backend)
    {
        await using var rig = await CallRig.StartAsync(backend, asterisk);
        var (caller, call) = await rig.CallAsync();

        var dial = call.DialAsync(new DialEffect([new DialTarget(DestinationType.Pstn, "(555) 01-00", "main")], DialStrategy.Simultaneous, 5000, 10000, false, false), None).AsTask();
        await rig.WaitForAsync<ChannelEnteredBridgeEvent>(e => e.Channel.Id == call.ChannelId);
        await caller.HangUpAsync();
        await Assert.ThrowsAsync<CallerHungUpException>(() => dial);
        await rig.EndAsync(call);
    }
}
