using Callytics.TestSupport.AriSimulator;
using Callytics.TestSupport.Servers;

namespace Callytics.Ari.Tests.Backends;

/// <summary>
/// A call that arrives while no host has the Stasis application's event socket open (a host
/// restarting, or reconnecting after a dropped socket): Asterisk's Stasis() fails and the dialplan
/// hangs the call up; the host never hears of it. The simulator must do the same, or a test would
/// wait for a call that a real host could never serve.
/// </summary>
[Collection(AsteriskCollection.Name)]
public sealed class NoApplicationOnBothTests(AsteriskServer asterisk)
{
    [Fact]
    public async Task On_Asterisk_a_call_to_an_application_without_an_event_socket_is_hung_up_unanswered()
    {
        await using var callers = new AsteriskCallers(asterisk);
        var caller = await callers.PlaceAsync("5551234", "100");

        await caller.EndedAsync(5000);
        Assert.False(caller.AnsweredAsync(0).IsCompletedSuccessfully, "nobody answered: the call never reached an application");
        var (channels, bridges) = await asterisk.LeftoversAsync();
        Assert.Empty(channels);
        Assert.Empty(bridges);
    }

    [Fact]
    public async Task On_the_simulator_a_call_to_an_application_without_an_event_socket_is_hung_up_unanswered()
    {
        await using var sim = await AriSimulator.StartAsync();
        var call = sim.PlaceCall(new ScriptedCaller("5551234", "100"));

        await call.WaitEndedAsync(5000);
        Assert.False(call.HungUpByCaller);
        Assert.DoesNotContain(sim.Events, e => e.Type == "StasisStart");
        Assert.Empty(sim.Channels);
    }
}
