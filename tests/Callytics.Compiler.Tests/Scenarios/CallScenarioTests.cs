using Callytics.Runtime.Contract;
using Callytics.Runtime.Engine;
using Callytics.Runtime.Simulation;
using Callytics.TestSupport;
using static Callytics.TestSupport.FlowHarness;

namespace Callytics.Compiler.Tests.Scenarios;

/// <summary>transfer, hunt_group, queue, queue_login, conference, callback, voicemail, hangup.</summary>
public sealed class CallScenarioTests
{
    private static string Dialing(string type, string config, bool connected)
    {
        var flow = new FlowJson().Node("start", "start").Node("dial", type, config).Edge("start", "dial");
        if (connected)
            flow.Node("after", "play_audio", """{ "prompt": { "audio": "thanks" } }""").Node("missed", "voicemail", """{ "prompt": { "audio": "leave" } }""").Node("bye", "hangup")
                .Edge("dial", "after", "completed").Edge("dial", "missed", "no_answer").Edge("after", "bye");
        return flow.ToString();
    }

    private const string Transfer = """{ "destination": { "type": "pstn", "value": "+1 (555) 010-0200" }, "trunk": "main", "timeout_ms": 25000, "record_call": true, "ringback": "moh" }""";

    [Fact]
    public void Transfer_dials_one_destination_with_its_settings()
    {
        var result = Run(Dialing("transfer", Transfer, true));
        var dial = Effects<DialEffect>(result).Single();
        Assert.Equal(new DialTarget(DestinationType.Pstn, "+1 (555) 010-0200", "main"), dial.Targets.Single());
        Assert.Equal(25000, dial.RingTimeoutMs);
        Assert.True(dial.RecordCall);
        Assert.True(dial.MusicOnHold);
        Assert.Equal("bye", result.Call.State.Node);
        Assert.Contains("dial:completed", Transitions(result));
    }

    [Theory]
    [InlineData(DialBehaviour.NoAnswer)]
    [InlineData(DialBehaviour.Busy)]
    [InlineData(DialBehaviour.Fail)]
    public void No_answer_busy_and_failure_all_take_no_answer(DialBehaviour behaviour)
    {
        var result = Run(Dialing("transfer", Transfer, true), dial: [behaviour]);
        Assert.Equal("missed", result.Call.State.Node);
    }

    [Theory]
    [InlineData(DialBehaviour.Answer, "dial:completed")]
    [InlineData(DialBehaviour.NoAnswer, "dial:no_answer")]
    public void Unconnected_outputs_hang_up(DialBehaviour behaviour, string output)
    {
        var result = Run(Dialing("transfer", Transfer, false), dial: [behaviour]);
        Assert.Equal(CallEndReason.Completed, result.Call.Reason);
        Assert.Contains(output, Transitions(result));
        Assert.IsType<HangupEffect>(result.Trace.Effects[^1]);
    }

    [Theory]
    [InlineData("simultaneous", DialStrategy.Simultaneous)]
    [InlineData("ordered", DialStrategy.Ordered)]
    [InlineData("random", DialStrategy.Random)]
    public void Hunt_group_passes_its_strategy_and_destinations(string strategy, DialStrategy expected)
    {
        var config = $$"""{ "destinations": [ { "type": "extension", "value": "201" }, { "type": "sip_uri", "value": "sip:desk@pbx.example.com" }, { "type": "pstn", "value": "+15550300", "trunk": "main" } ], "strategy": "{{strategy}}", "ring_timeout_ms": 15000, "total_timeout_ms": 40000 }""";
        var result = Run(Dialing("hunt_group", config, true), dial: [DialBehaviour.NoAnswer, DialBehaviour.Answer]);
        var dial = Effects<DialEffect>(result).Single();
        Assert.Equal(expected, dial.Strategy);
        Assert.Equal(3, dial.Targets.Count);
        Assert.Equal((15000, 40000), (dial.RingTimeoutMs, dial.TotalTimeoutMs));
        // Ordered hunts move on to the next destination after no answer; simultaneous ones ring once.
        Assert.Equal(expected == DialStrategy.Simultaneous ? "missed" : "bye", result.Call.State.Node);
    }

    private static string Queue(bool connected)
    {
        var flow = new FlowJson()
            .Node("start", "start")
            .Node("q", "queue", """{ "queue": "support", "max_wait_ms": 120000, "hold": { "audio": "hold-music" }, "record_call": true }""")
            .Node("gone", "webhook", """{ "url": "https://crm.example.com/abandoned" }""")
            .Edge("start", "q").Edge("q", "gone", "abandoned");
        if (connected)
            flow.Node("survey", "play_audio", """{ "prompt": { "audio": "survey" } }""").Node("late", "voicemail", """{ "prompt": { "audio": "leave" } }""").Node("bye", "hangup")
                .Edge("q", "survey", "completed").Edge("q", "late", "timeout").Edge("survey", "bye");
        return flow.ToString();
    }

    [Theory]
    [InlineData(QueueBehaviour.Answer, "bye", "q:completed")]
    [InlineData(QueueBehaviour.Timeout, "late", "q:timeout")]
    public void Queue_outputs(QueueBehaviour behaviour, string final, string output)
    {
        var result = Run(Queue(true), queue: [behaviour]);
        Assert.Equal(final, result.Call.State.Node);
        Assert.Contains(output, Transitions(result));
        var effect = Effects<QueueEffect>(result).Single();
        Assert.Equal(("support", 120000, true), (effect.Queue, effect.MaxWaitMs, effect.RecordCall));
        Assert.Equal(Prompt.Audio("hold-music"), effect.Hold);
    }

    [Fact]
    public void Abandoned_queue_call_fires_its_webhooks_and_ends_as_a_caller_hang_up()
    {
        var result = Run(Queue(false), queue: [QueueBehaviour.Abandon]);
        Assert.Equal(CallEndReason.CallerHungUp, result.Call.Reason);
        Assert.Equal(["gone"], result.Webhooks.Select(w => w.WebhookNode));
        Assert.Contains("q:abandoned", Transitions(result));
    }

    [Theory]
    [InlineData(QueueBehaviour.Answer, "q:completed")]
    [InlineData(QueueBehaviour.Timeout, "q:timeout")]
    public void Unconnected_queue_outputs_hang_up(QueueBehaviour behaviour, string output)
    {
        var result = Run(Queue(false), queue: [behaviour]);
        Assert.Contains(output, Transitions(result));
        Assert.Equal(CallEndReason.Completed, result.Call.Reason);
    }

    [Fact]
    public void Queue_login_is_terminal_and_fires_its_webhooks()
    {
        var flow = new FlowJson()
            .Node("start", "start")
            .Node("login", "queue_login", """{ "queues": ["support", "sales"], "pin_max_digits": 4, "max_attempts": 2, "prompt": { "audio": "pin" } }""")
            .Node("logged", "webhook", """{ "url": "https://crm.example.com/login" }""")
            .Edge("start", "login").Edge("login", "logged");
        var result = Run(flow.ToString(), "1234");
        var effect = Effects<QueueLoginEffect>(result).Single();
        Assert.Equal(["support", "sales"], effect.Queues);
        Assert.Equal((4, 2), (effect.PinMaxDigits, effect.MaxAttempts));
        Assert.Equal(["logged"], result.Webhooks.Select(w => w.WebhookNode));
        Assert.IsType<HangupEffect>(result.Trace.Effects[^1]);
    }

    [Theory]
    [InlineData(true, "bye")]
    [InlineData(false, "room")]
    public void Conference_leaves_through_next_or_hangs_up(bool connected, string final)
    {
        var flow = new FlowJson().Node("start", "start")
            .Node("room", "conference", """{ "room": "weekly-sync", "max_participants": 10, "moh_when_alone": false }""")
            .Edge("start", "room");
        if (connected) flow.Node("bye", "hangup").Edge("room", "bye");
        var result = Run(flow.ToString());
        Assert.Equal(("weekly-sync", 10, false), Effects<ConferenceEffect>(result).Select(e => (e.Room, e.MaxParticipants, e.MohWhenAlone)).Single());
        Assert.Equal(final, result.Call.State.Node);
    }

    [Theory]
    [InlineData("caller_id", "", "+15550100")]
    [InlineData("dtmf", "0612345678", "0612345678")]
    public void Callback_stores_a_pending_callback(string source, string digits, string number)
    {
        var flow = new FlowJson().Node("start", "start")
            .Node("cb", "callback", $$"""{ "number_source": "{{source}}", "prompt": { "audio": "enter-number" }, "confirm_prompt": { "audio": "confirm" }, "queue": "support" }""")
            .Edge("start", "cb");
        var result = Run(flow.ToString(), digits);
        Assert.Equal([number], result.Channel.StoredCallbacks);
        Assert.Equal("support", Effects<CallbackEffect>(result).Single().Queue);
    }

    [Fact]
    public void Voicemail_records_with_its_settings_then_hangs_up()
    {
        var flow = new FlowJson().Node("start", "start")
            .Node("vm", "voicemail", """{ "prompt": { "tts": "Leave a message", "voice": "en-gb" }, "max_duration_s": 60, "format": "wav", "beep": false, "mailbox": "sales" }""")
            .Node("notify", "webhook", """{ "url": "https://crm.example.com/voicemail" }""")
            .Edge("start", "vm").Edge("vm", "notify");
        var result = Run(flow.ToString());
        var vm = Effects<VoicemailEffect>(result).Single();
        Assert.Equal((Prompt.Tts("Leave a message", "en-gb"), 60, "wav", false, "sales"), (vm.Prompt, vm.MaxDurationSeconds, vm.Format, vm.Beep, vm.Mailbox));
        Assert.Single(result.Webhooks);
        Assert.Equal(CallEndReason.Completed, result.Call.Reason);
    }

    [Fact]
    public void Hangup_plays_its_goodbye()
    {
        var flow = new FlowJson().Node("start", "start").Node("bye", "hangup", """{ "prompt": { "sound": "vm-goodbye" } }""").Edge("start", "bye");
        var hangup = Assert.IsType<HangupEffect>(Run(flow.ToString()).Trace.Effects.Single());
        Assert.Equal(Prompt.Sound("vm-goodbye"), hangup.Goodbye);
    }
}
