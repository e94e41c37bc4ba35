using Callytics.Runtime.Ari.Client;
using Callytics.Runtime.Contract;
using Callytics.TestSupport.AriSimulator;

namespace Callytics.Ari.Tests.Calls;

/// <summary>The events WebSocket: reconnect with backoff, calls carry on; wrong credentials are refused.</summary>
public sealed class EventStreamTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task After_the_events_socket_drops_the_stream_reconnects_and_a_call_in_progress_carries_on()
    {
        await using var rig = await AriRig.StartAsync();
        var (sim, call) = await rig.CallAsync(new ScriptedCaller("5551234", "100"));
        Assert.Equal(1, rig.Sim.ConnectionsAccepted);

        rig.Sim.DropEventSockets();
        await DialTests.WaitUntilAsync(() => rig.Stream.Connections == 2 && rig.Sim.OpenSockets == 1);

        Assert.Equal(PlayOutcome.Finished, await call.PlayAsync(new PlayEffect([Prompt.Sound("still-here")], false), None));
        await call.DisposeAsync();
        await sim.WaitEndedAsync();
        await rig.Sim.AssertNoLeaksAsync();
    }

    [Fact]
    public async Task The_stream_keeps_retrying_with_backoff_while_the_credentials_are_refused()
    {
        await using var rig = await AriRig.StartAsync(password: "wrong");

        // The loop goes on trying (a dead loop stops at the first refusal), further apart each time
        // (20 ms doubling up to 200 ms in the rig).
        await DialTests.WaitUntilAsync(() => rig.Sim.EventConnectionsRefusedAt.Count >= 5, 10_000);
        Assert.False(rig.StreamTask.IsCompleted, "the event stream's retry loop ended");
        var at = rig.Sim.EventConnectionsRefusedAt;
        Assert.True(at[4] - at[3] > at[1] - at[0], $"no backoff: attempts at {string.Join(", ", at.Select(t => t.ToString("HH:mm:ss.fff")))}");
        Assert.Equal(0, rig.Stream.Connections);
        Assert.Equal(0, rig.Sim.ConnectionsAccepted);

        var e = await Assert.ThrowsAsync<AriRequestException>(() => rig.Client.GetChannelAsync("x", None));
        Assert.Equal(401, e.Status);
        Assert.DoesNotContain("wrong", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_channel_that_vanished_while_the_socket_was_down_ends_the_call_as_a_hang_up()
    {
        await using var rig = await AriRig.StartAsync();
        var (sim, call) = await rig.CallAsync(new ScriptedCaller("5551234", "100"));
        rig.Sim.DropEventSockets();
        rig.Sim.HangUpChannel(sim.ChannelId); // its events are lost with the socket
        await DialTests.WaitUntilAsync(() => rig.Stream.Connections == 2);

        // What the host does after a reconnect: ask ARI about each call's channel.
        var gone = await Assert.ThrowsAsync<AriRequestException>(() => rig.Client.GetChannelAsync(sim.ChannelId, None));
        Assert.True(gone.IsNotFound);
        call.MarkChannelGone();
        await Assert.ThrowsAsync<CallerHungUpException>(() => call.ReadDigitsAsync(new ReadDigitsEffect([], false, 1, "", 5000, 5000), None).AsTask());
        await call.DisposeAsync();
        await rig.Sim.AssertNoLeaksAsync();
    }
}
