using Callytics.Runtime.Ari.Calls;
using Callytics.Runtime.Ari.Events;
using Callytics.Runtime.Contract;
using Callytics.TestSupport.Servers;

namespace Callytics.Ari.Tests.Backends;

/// <summary>
/// Prompts, digits, voicemail and conference rooms, each test on the simulator and on a real Asterisk
/// from one definition; every one ends with the leak check.
/// </summary>
[Collection(AsteriskCollection.Name)]
public sealed class MediaOnBothTests(AsteriskServer asterisk)
{
    private static readonly CancellationToken None = CancellationToken.None;

    private static ReadDigitsEffect Read(int max, int firstMs = 5000, params Prompt[] prompts) => new(prompts, true, max, "#", firstMs, 3000);


    private static Task<PlaybackStartedEvent> PlaybackStarted(CallRig rig, AriCallChannel call) =>
        rig.WaitForAsync<PlaybackStartedEvent>(e => e.Playback.TargetUri == "channel:" + call.ChannelId);

    [Theory, MemberData(nameof(Backends.Both), MemberType = typeof(Backends))]
    public async Task A_prompt_plays_to_the_end_and_the_call_hangs_up_with_a_goodbye(Backend backend)
    {
        await using var rig = await CallRig.StartAsync(backend, asterisk);
        var (_, call) = await rig.CallAsync("5551234", "100");
        Assert.Equal(("5551234", "100"), (call.CallerId, call.DialedNumber));

        Assert.Equal(PlayOutcome.Finished, await call.PlayAsync(new PlayEffect([Prompt.Sound("beep")], false), None));
        await call.HangupAsync(new HangupEffect(Prompt.Sound("beep")), None);
        Assert.True(call.CallerGone);
        await rig.EndAsync(call);
    }

    [Theory, MemberData(nameof(Backends.Both), MemberType = typeof(Backends))]
    public async Task A_key_pressed_during_a_prompt_that_is_not_interruptible_is_kept_for_the_next_input(Backend backend)
    {
        await using var rig = await CallRig.StartAsync(backend, asterisk);
        var (caller, call) = await rig.CallAsync();

        var play = call.PlayAsync(new PlayEffect([Prompt.Sound("hello-world")], false), None).AsTask();
        await PlaybackStarted(rig, call);
        await caller.PressAsync("2");
        Assert.Equal(PlayOutcome.Finished, await play); // played to the end
        // The key is acted on when the prompt ends: the caller does not press twice.
        Assert.Equal(new DigitsOutcome("2", DigitsEnd.MaxDigits), await call.ReadDigitsAsync(Read(1, prompts: Prompt.Sound("not-played")), None));
        await rig.EndAsync(call);
    }

    [Theory, MemberData(nameof(Backends.Both), MemberType = typeof(Backends))]
    public async Task An_interruptible_prompt_stops_at_the_first_key_which_starts_the_next_input(Backend backend)
    {
        await using var rig = await CallRig.StartAsync(backend, asterisk);
        var (caller, call) = await rig.CallAsync();

        var play = call.PlayAsync(new PlayEffect([Prompt.Sound("hello-world"), Prompt.Sound("hello-world")], true), None).AsTask();
        await PlaybackStarted(rig, call);
        await caller.PressAsync("4");
        Assert.True((await play).Interrupted);
        await caller.PressAsync("2");
        Assert.Equal(new DigitsOutcome("42", DigitsEnd.MaxDigits), await call.ReadDigitsAsync(Read(2), None));
        await rig.EndAsync(call);
    }

    [Theory, MemberData(nameof(Backends.Both), MemberType = typeof(Backends))]
    public async Task Digits_end_on_the_terminator_and_time_out_when_nothing_comes(Backend backend)
    {
        await using var rig = await CallRig.StartAsync(backend, asterisk);
        var (caller, call) = await rig.CallAsync();

        var read = call.ReadDigitsAsync(Read(6, prompts: Prompt.Sound("beep")), None).AsTask();
        await PlaybackStarted(rig, call);
        await caller.PressAsync("12#");
        Assert.Equal(new DigitsOutcome("12", DigitsEnd.Terminator, '#'), await read);
        Assert.Equal(new DigitsOutcome("", DigitsEnd.Timeout), await call.ReadDigitsAsync(Read(1, firstMs: 300), None));
        await rig.EndAsync(call);
    }

    [Theory, MemberData(nameof(Backends.Both), MemberType = typeof(Backends))]
    public async Task A_caller_hanging_up_during_a_prompt_ends_the_effect_with_CallerHungUp(Backend backend)
    {
        await using var rig = await CallRig.StartAsync(backend, asterisk);
        var (caller, call) = await rig.CallAsync();

        var play = call.PlayAsync(new PlayEffect([Prompt.Sound("hello-world")], true), None).AsTask();
        await PlaybackStarted(rig, call);
        await caller.HangUpAsync();
        await Assert.ThrowsAsync<CallerHungUpException>(() => play);
        Assert.True(call.CallerGone);
        await rig.EndAsync(call);
    }

    [Theory, MemberData(nameof(Backends.Both), MemberType = typeof(Backends))]
    public async Task A_caller_hanging_up_while_digits_are_awaited_ends_the_effect_with_CallerHungUp(Backend backend)
    {
        await using var rig = await CallRig.StartAsync(backend, asterisk);
        var (caller, call) = await rig.CallAsync();

        var read = call.ReadDigitsAsync(Read(3), None).AsTask();
        await caller.PressAsync("1");
        await caller.HangUpAsync();
        await Assert.ThrowsAsync<CallerHungUpException>(() => read);
        await rig.EndAsync(call);
    }

    [Theory, MemberData(nameof(Backends.Both), MemberType = typeof(Backends))]
    public async Task Voicemail_stores_mailbox_caller_file_and_the_seconds_of_audio_received(Backend backend)
    {
        await using var rig = await CallRig.StartAsync(backend, asterisk);
        var (caller, call) = await rig.CallAsync("5557000", "400");

        var voicemail = call.VoicemailAsync(new VoicemailEffect(Prompt.Sound("beep"), 30, "wav", false, "sales"), None).AsTask();
        var started = await rig.WaitForAsync<RecordingStartedEvent>(_ => true);
        await caller.SpeakAsync();
        await Task.Delay(backend == Backend.Asterisk ? 3000 : 700);
        await caller.PressAsync("#");
        var outcome = await voicemail;

        var message = Assert.Single(await rig.Voicemail.ListAsync("sales"));
        Assert.Equal(("sales", "5557000", started.Recording.Name + ".wav"), (message.Mailbox, message.CallerId, message.File));
        Assert.Equal(outcome.DurationSeconds, message.DurationSeconds);
        Assert.True(message.DurationSeconds > 0, "audio was sent: the duration is more than 0");
        if (rig is AsteriskRig real)
            Assert.True(File.Exists(Path.Combine(real.Server.RecordingDirectory, message.File)), $"{message.File} is on Asterisk's disk");
        await rig.EndAsync(call);
    }

    [Theory, MemberData(nameof(Backends.Both), MemberType = typeof(Backends))]
    public async Task Voicemail_from_a_silent_caller_who_hangs_up_keeps_a_record_of_0_seconds(Backend backend)
    {
        await using var rig = await CallRig.StartAsync(backend, asterisk);
        var (caller, call) = await rig.CallAsync("5557001", "400");

        var voicemail = call.VoicemailAsync(new VoicemailEffect(Prompt.Sound("beep"), 30, "ulaw", true, "default"), None).AsTask();
        await rig.WaitForAsync<RecordingStartedEvent>(_ => true);
        await Task.Delay(1200);
        await caller.HangUpAsync();
        await Assert.ThrowsAsync<CallerHungUpException>(() => voicemail);

        var message = Assert.Single(await rig.Voicemail.ListAsync("default"));
        Assert.Equal(0, message.DurationSeconds);
        await rig.EndAsync(call);
    }

    [Theory, MemberData(nameof(Backends.Both), MemberType = typeof(Backends))]
    public async Task Callers_of_one_room_share_a_bridge_leave_with_hash_and_the_last_out_destroys_it(Backend backend)
    {
        await using var rig = await CallRig.StartAsync(backend, asterisk);
        var (callerA, a) = await rig.CallAsync("5550001", "300");
        var (callerB, b) = await rig.CallAsync("5550002", "300");
        var room = new ConferenceEffect("sales", 0, true);

        var joinA = a.ConferenceAsync(room, None).AsTask();
        await rig.WaitForAsync<ChannelEnteredBridgeEvent>(e => e.Channel.Id == a.ChannelId);
        var joinB = b.ConferenceAsync(room, None).AsTask();
        var entered = await rig.WaitForAsync<ChannelEnteredBridgeEvent>(e => e.Channel.Id == b.ChannelId);
        Assert.Equal(1, rig.Services.Conferences.OpenRooms);

        await callerA.PressAsync("#");
        Assert.Equal(new ConferenceOutcome(false), await joinA);
        await callerB.HangUpAsync();
        await Assert.ThrowsAsync<CallerHungUpException>(() => joinB);
        Assert.Equal(0, rig.Services.Conferences.OpenRooms);
        Assert.NotNull(entered.Bridge.Id);
        await rig.EndAsync(a, b);
    }
}
