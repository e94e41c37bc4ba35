using Callytics.Runtime.Contract;
using Callytics.TestSupport.AriSimulator;

namespace Callytics.Ari.Tests.Calls;

/// <summary>play_audio, get_digits and menu input over ARI, against the simulator over real sockets.</summary>
public sealed class PlayAndDigitsTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    // Generous by default: a test that expects digits must not see a timeout on a loaded machine;
    // the tests of timeouts pass short ones.
    private static ReadDigitsEffect Read(int max, string terminators = "#", int firstMs = 3000, int interMs = 2000, params Prompt[] prompts) =>
        new(prompts, true, max, terminators, firstMs, interMs);

    [Fact]
    public async Task Play_sends_one_playlist_resolves_on_PlaybackFinished_and_hangup_leaves_nothing_behind()
    {
        await using var rig = await AriRig.StartAsync();
        var (sim, call) = await rig.CallAsync(new ScriptedCaller("5551234", "100"));

        Assert.Equal("5551234", call.CallerId);
        Assert.Equal("100", call.DialedNumber);
        var outcome = await call.PlayAsync(new PlayEffect([Prompt.Audio("welcome"), Prompt.Sound("hello-world"), Prompt.Tts("Hi", "en-us")], false), None);
        Assert.Equal(PlayOutcome.Finished, outcome);
        var play = Assert.Single(rig.RequestsTo("POST", "/channels/" + sim.ChannelId + "/play"));
        var media = play.Param("media")!.Split(',');
        Assert.Equal(["sound:custom/welcome", "sound:hello-world"], media[..2]);
        Assert.StartsWith("sound:tts/", media[2], StringComparison.Ordinal);
        Assert.Equal(3, sim.Played.Count);

        await call.HangupAsync(new HangupEffect(Prompt.Sound("goodbye")), None);
        await sim.WaitEndedAsync();
        Assert.False(sim.HungUpByCaller);
        Assert.Equal("sound:goodbye", sim.Played[^1]);
        await call.DisposeAsync();
        await rig.Sim.AssertNoLeaksAsync();
        Assert.Equal(0, rig.Router.Count);
    }

    [Fact]
    public async Task Interruptible_play_stops_on_the_first_digit_and_keeps_it_as_type_ahead()
    {
        await using var rig = await AriRig.StartAsync(new AriSimulatorOptions { MediaDuration = TimeSpan.FromSeconds(5) });
        var (sim, call) = await rig.CallAsync(new ScriptedCaller("5551234", "100").PressOnPlayback(1, "42", delayMs: 10));

        var outcome = await call.PlayAsync(new PlayEffect([Prompt.Sound("long-prompt")], true), None);
        Assert.True(outcome.Interrupted);
        Assert.Single(rig.RequestsTo("DELETE", "/playbacks/"));

        var digits = await call.ReadDigitsAsync(Read(2, prompts: Prompt.Sound("not-played")), None);
        Assert.Equal(new DigitsOutcome("42", DigitsEnd.MaxDigits), digits);
        Assert.DoesNotContain("sound:not-played", sim.Played);

        await call.DisposeAsync();
        await sim.WaitEndedAsync();
        await rig.Sim.AssertNoLeaksAsync();
    }

    [Fact]
    public async Task Digits_during_a_non_interruptible_prompt_do_not_stop_it_and_answer_the_next_input()
    {
        await using var rig = await AriRig.StartAsync(new AriSimulatorOptions { MediaDuration = TimeSpan.FromMilliseconds(80) });
        var (sim, call) = await rig.CallAsync(new ScriptedCaller("5551234", "100").PressOnPlayback(1, "7", delayMs: 5));

        Assert.Equal(PlayOutcome.Finished, await call.PlayAsync(new PlayEffect([Prompt.Sound("legal-notice")], false), None));
        Assert.Empty(rig.RequestsTo("DELETE", "/playbacks/"));
        // Kept (docs/flow-language-notes.md): the next input starts from it and skips its own prompt.
        var digits = await call.ReadDigitsAsync(Read(1, firstMs: 60, prompts: Prompt.Sound("not-played")), None);
        Assert.Equal(new DigitsOutcome("7", DigitsEnd.MaxDigits), digits);
        Assert.DoesNotContain("sound:not-played", sim.Played);

        await call.DisposeAsync();
        await rig.Sim.AssertNoLeaksAsync();
    }

    [Fact]
    public async Task Get_digits_ends_on_the_terminator_which_is_not_part_of_the_digits()
    {
        await using var rig = await AriRig.StartAsync();
        var (_, call) = await rig.CallAsync(new ScriptedCaller("5551234", "100").PressOnPlayback(1, "123#9", delayMs: 5));

        var digits = await call.ReadDigitsAsync(Read(6, prompts: Prompt.Sound("enter-account")), None);
        Assert.Equal(new DigitsOutcome("123", DigitsEnd.Terminator, '#'), digits);
        // The digit after the terminator waits for the next input.
        Assert.Equal(new DigitsOutcome("9", DigitsEnd.MaxDigits), await call.ReadDigitsAsync(Read(1), None));

        await call.DisposeAsync();
        await rig.Sim.AssertNoLeaksAsync();
    }

    [Fact]
    public async Task Get_digits_times_out_between_digits_and_before_the_first_one()
    {
        await using var rig = await AriRig.StartAsync();
        var (_, call) = await rig.CallAsync(new ScriptedCaller("5551234", "100").PressAfterAnswer(20, "12"));

        var partial = await call.ReadDigitsAsync(Read(4, firstMs: 3000, interMs: 600), None);
        Assert.Equal(new DigitsOutcome("12", DigitsEnd.Timeout), partial);
        var started = DateTime.UtcNow;
        var none = await call.ReadDigitsAsync(Read(4, firstMs: 60), None);
        Assert.Equal(new DigitsOutcome("", DigitsEnd.Timeout), none);
        Assert.True(DateTime.UtcNow - started >= TimeSpan.FromMilliseconds(50));

        await call.DisposeAsync();
        await rig.Sim.AssertNoLeaksAsync();
    }

    [Fact]
    public async Task A_caller_hanging_up_during_a_prompt_throws_CallerHungUp_and_the_next_effect_too()
    {
        await using var rig = await AriRig.StartAsync(new AriSimulatorOptions { MediaDuration = TimeSpan.FromSeconds(5) });
        var (sim, call) = await rig.CallAsync(new ScriptedCaller("5551234", "100").HangUpOn(CallerTrigger.PlaybackStarted, 1, delayMs: 10));

        await Assert.ThrowsAsync<CallerHungUpException>(() => call.PlayAsync(new PlayEffect([Prompt.Sound("menu")], true), None).AsTask());
        Assert.True(call.CallerGone);
        Assert.True(sim.HungUpByCaller);
        await Assert.ThrowsAsync<CallerHungUpException>(() => call.ReadDigitsAsync(Read(1), None).AsTask());
        await call.HangupAsync(new HangupEffect(null), None); // safe when already gone

        await call.DisposeAsync();
        await rig.Sim.AssertNoLeaksAsync();
        Assert.Empty(rig.RequestsTo("DELETE", "/channels/"));
    }

    [Fact]
    public async Task A_caller_hanging_up_while_the_runtime_waits_for_digits_throws_CallerHungUp()
    {
        await using var rig = await AriRig.StartAsync();
        var (_, call) = await rig.CallAsync(new ScriptedCaller("5551234", "100").PressAfterAnswer(5, "1").HangUpOn(CallerTrigger.Answered, 1, delayMs: 30));

        await Assert.ThrowsAsync<CallerHungUpException>(() => call.ReadDigitsAsync(Read(3, firstMs: 2000, interMs: 2000), None).AsTask());
        await call.DisposeAsync();
        await rig.Sim.AssertNoLeaksAsync();
    }
}
