using Callytics.Runtime.Ari.Client;
using Callytics.Runtime.Contract;
using Callytics.TestSupport.AriSimulator;

namespace Callytics.Ari.Tests.Calls;

/// <summary>ARI requests that fail: the node takes its failure path or the call ends cleanly, and nothing is left behind.</summary>
public sealed class AriFailureTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task A_bridge_that_cannot_be_created_fails_the_transfer_and_hangs_the_answered_leg_up()
    {
        await using var rig = await AriRig.StartAsync();
        rig.Sim.SetParty("PJSIP/201", DialedParty.Answers());
        rig.Sim.FailNext("POST", "/bridges", 500);
        var (_, call) = await rig.CallAsync(new ScriptedCaller("5551234", "100"));

        var outcome = await call.DialAsync(new DialEffect([new DialTarget(DestinationType.Extension, "201", null)], DialStrategy.Simultaneous, 1000, 5000, true, false), None);

        Assert.Equal(DialResult.Failed, outcome.Result);
        Assert.Single(rig.RequestsTo("DELETE", "/channels/leg-"));
        Assert.False(call.CallerGone);
        await call.DisposeAsync();
        await rig.Sim.AssertNoLeaksAsync();
    }

    [Fact]
    public async Task A_play_request_that_fails_surfaces_as_an_ARI_error_and_hangup_still_releases_the_call()
    {
        await using var rig = await AriRig.StartAsync();
        var (sim, call) = await rig.CallAsync(new ScriptedCaller("5551234", "100"));
        rig.Sim.FailNext("POST", $"/channels/{sim.ChannelId}/play", 500);

        var e = await Assert.ThrowsAsync<AriRequestException>(() => call.PlayAsync(new PlayEffect([Prompt.Sound("x")], false), None).AsTask());
        Assert.Equal(500, e.Status);
        rig.Sim.FailNext("POST", $"/channels/{sim.ChannelId}/play", 500);
        await call.HangupAsync(new HangupEffect(Prompt.Sound("goodbye")), None); // no goodbye, but hung up

        await sim.WaitEndedAsync();
        await call.DisposeAsync();
        await rig.Sim.AssertNoLeaksAsync();
        Assert.Equal(0, rig.Router.Count);
    }

    [Fact]
    public async Task A_failed_hang_up_request_is_logged_not_thrown()
    {
        await using var rig = await AriRig.StartAsync();
        var (sim, call) = await rig.CallAsync(new ScriptedCaller("5551234", "100"));
        rig.Sim.FailNext("DELETE", $"/channels/{sim.ChannelId}", 500);

        await call.HangupAsync(new HangupEffect(null), None);
        Assert.True(call.CallerGone);

        rig.Sim.HangUpChannel(sim.ChannelId); // the far end goes anyway
        await call.DisposeAsync();
        await rig.Sim.AssertNoLeaksAsync();
    }
}
