using Callytics.Runtime.Ari.Calls;
using Callytics.Runtime.Contract;
using Callytics.TestSupport.AriSimulator;

namespace Callytics.Ari.Tests.Calls;

/// <summary>conference and voicemail over ARI.</summary>
public sealed class RoomsAndVoicemailTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Callers_of_one_room_share_one_bridge_with_music_only_while_alone_and_the_last_out_destroys_it()
    {
        await using var rig = await AriRig.StartAsync();
        var (simA, a) = await rig.CallAsync(new ScriptedCaller("5550001", "300"));
        var (simB, b) = await rig.CallAsync(new ScriptedCaller("5550002", "300"));
        var (_, other) = await rig.CallAsync(new ScriptedCaller("5550003", "300"));
        var room = new ConferenceEffect("sales", 0, true);

        var joinA = a.ConferenceAsync(room, None).AsTask();
        await DialTests.WaitUntilAsync(() => rig.Sim.Bridges.Count == 1 && rig.Sim.Bridges[0].MusicOnHold);
        var joinB = b.ConferenceAsync(room, None).AsTask();
        var joinOther = other.ConferenceAsync(new ConferenceEffect("support", 0, false), None).AsTask();
        await DialTests.WaitUntilAsync(() => rig.Sim.Bridges.Count == 2 && rig.Sim.Bridges.Any(br => br.Channels.Count == 2 && !br.MusicOnHold));
        var sales = rig.Sim.Bridges.Single(br => br.Channels.Count == 2);
        Assert.Equal([simA.ChannelId, simB.ChannelId], sales.Channels.Order());
        Assert.Equal("mixing,dtmf_events", sales.Type);
        BridgeSnapshot Sales() => rig.Sim.Bridges.Single(br => br.Id == sales.Id);

        rig.Sim.PressDigits(simA.ChannelId, "#");
        Assert.Equal(new ConferenceOutcome(false), await joinA);
        await DialTests.WaitUntilAsync(() => Sales().MusicOnHold && Sales().Channels.Count == 1);

        rig.Sim.HangUpChannel(simB.ChannelId);
        await Assert.ThrowsAsync<CallerHungUpException>(() => joinB);
        rig.Sim.HangUpChannel(other.ChannelId);
        await Assert.ThrowsAsync<CallerHungUpException>(() => joinOther);
        Assert.Equal(0, rig.Services.Conferences.OpenRooms);

        await a.DisposeAsync();
        await b.DisposeAsync();
        await other.DisposeAsync();
        await rig.Sim.AssertNoLeaksAsync();
    }

    [Fact]
    public async Task A_full_room_turns_the_caller_away_without_joining()
    {
        await using var rig = await AriRig.StartAsync();
        var (simA, a) = await rig.CallAsync(new ScriptedCaller("5550001", "300"));
        var (_, b) = await rig.CallAsync(new ScriptedCaller("5550002", "300"));
        var room = new ConferenceEffect("tiny", 1, false);

        var joinA = a.ConferenceAsync(room, None).AsTask();
        await DialTests.WaitUntilAsync(() => rig.Sim.Bridges.Count == 1 && rig.Sim.Bridges[0].Channels.Count == 1);
        Assert.Equal(new ConferenceOutcome(true), await b.ConferenceAsync(room, None));
        Assert.Single(rig.Sim.Bridges[0].Channels);

        rig.Sim.HangUpChannel(simA.ChannelId);
        await Assert.ThrowsAsync<CallerHungUpException>(() => joinA);
        await a.DisposeAsync();
        await b.DisposeAsync();
        await rig.Sim.AssertNoLeaksAsync();
    }

    [Fact]
    public async Task Voicemail_records_the_channel_in_ulaw_stops_on_hash_and_stores_the_metadata()
    {
        await using var rig = await AriRig.StartAsync(new AriSimulatorOptions { SimulatedSecond = TimeSpan.FromMilliseconds(20) });
        // The caller talks 3 (simulated) seconds, then presses # at about 5: the duration is the audio, as Asterisk counts it.
        var (sim, call) = await rig.CallAsync(new ScriptedCaller("5551234", "400").SpeakWhenRecording(1, 3).PressWhenRecording(1, "#", delayMs: 100));

        var outcome = await call.VoicemailAsync(new VoicemailEffect(Prompt.Sound("leave-message"), 120, "ulaw", true, "sales"), None);

        Assert.NotNull(outcome.RecordingName);
        Assert.InRange(outcome.DurationSeconds, 2, 3);
        var record = Assert.Single(rig.RequestsTo("POST", $"/channels/{sim.ChannelId}/record"));
        Assert.Equal("ulaw", record.Param("format"));
        Assert.Equal("true", record.Param("beep"));
        Assert.Equal("120", record.Param("maxDurationSeconds"));
        Assert.Equal("ulaw", rig.Sim.StoredRecordings[outcome.RecordingName!]);
        var message = Assert.Single(await rig.Voicemail.ListAsync("sales"));
        Assert.Equal(("sales", outcome.RecordingName + ".ulaw", "5551234", outcome.DurationSeconds), (message.Mailbox, message.File, message.CallerId, message.DurationSeconds));
        Assert.Equal(["sound:leave-message"], sim.Played);

        await call.DisposeAsync();
        await rig.Sim.AssertNoLeaksAsync();
    }

    [Fact]
    public async Task Voicemail_keeps_the_message_when_the_caller_hangs_up_to_end_it()
    {
        await using var rig = await AriRig.StartAsync(new AriSimulatorOptions { SimulatedSecond = TimeSpan.FromMilliseconds(20) });
        var (_, call) = await rig.CallAsync(new ScriptedCaller("5551234", "400").HangUpOn(CallerTrigger.RecordingStarted, 1, delayMs: 40));

        await Assert.ThrowsAsync<CallerHungUpException>(() => call.VoicemailAsync(new VoicemailEffect(Prompt.Sound("leave-message"), 120, "wav", false, "default"), None).AsTask());

        var message = Assert.Single(await rig.Voicemail.ListAsync("default"));
        Assert.Equal("wav", rig.Sim.StoredRecordings[Path.GetFileNameWithoutExtension(message.File)]);
        Assert.Equal(0, message.DurationSeconds); // a silent caller: no audio received, as on Asterisk
        await call.DisposeAsync();
        await rig.Sim.AssertNoLeaksAsync();
    }

    [Fact]
    public async Task Voicemail_stops_at_the_maximum_duration()
    {
        await using var rig = await AriRig.StartAsync(new AriSimulatorOptions { SimulatedSecond = TimeSpan.FromMilliseconds(20) });
        var (_, call) = await rig.CallAsync(new ScriptedCaller("5551234", "400").SpeakWhenRecording(1, 100));

        var outcome = await call.VoicemailAsync(new VoicemailEffect(Prompt.Sound("leave-message"), 5, "ulaw", true, "default"), None);

        Assert.InRange(outcome.DurationSeconds, 4, 5); // ends by itself at 5 (simulated) seconds of talk
        Assert.Single(await rig.Voicemail.ListAsync("default"));
        await call.DisposeAsync();
        await rig.Sim.AssertNoLeaksAsync();
    }
}
