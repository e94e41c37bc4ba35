using System.Text.Json;
using Callytics.Runtime.Contract;
using Callytics.Runtime.Engine;
using Callytics.Runtime.Machines;
using Callytics.Runtime.Simulation;
using Callytics.TestSupport;

namespace Callytics.Runtime.Tests.Machines;

public sealed class MenuLogicTests
{
    private static readonly MenuSpec Spec = new(Prompt.Audio("m"), ["1", "21", "22", "*"], 5000, 2000, 1,
        Prompt.Audio("invalid"), Prompt.Audio("timeout"), Prompt.Audio("final"), true, false, false, false);

    private static CallState Fresh() { var s = new CallState(); s.Enter("menu"); return s; }

    [Fact]
    public void Asks_for_one_key_with_the_prompt()
    {
        var d = MenuLogic.Step(Spec, Fresh(), Outcome.Enter);
        var read = Assert.IsType<ReadDigitsEffect>(d.Effect);
        Assert.Equal((1, 5000, true), (read.MaxDigits, read.FirstDigitTimeoutMs, read.Interruptible));
    }

    [Fact]
    public void Silence_after_a_prefix_key_that_is_not_an_option_is_invalid()
    {
        var s = Fresh();
        MenuLogic.Step(Spec, s, Outcome.Enter);
        MenuLogic.Step(Spec, s, new DigitsOutcome("2", DigitsEnd.MaxDigits));
        var d = MenuLogic.Step(Spec, s, new DigitsOutcome("", DigitsEnd.Timeout));
        Assert.Equal(MenuResult.Wait, d.Result); // retry with the invalid prompt
        Assert.Equal([Prompt.Audio("invalid"), Prompt.Audio("m")], Assert.IsType<ReadDigitsEffect>(d.Effect).Prompts);
        Assert.Equal(1, s.Retries["menu"]);
    }

    [Fact]
    public void Success_resets_the_retry_counter()
    {
        var s = Fresh();
        MenuLogic.Step(Spec, s, Outcome.Enter);
        MenuLogic.Step(Spec, s, new DigitsOutcome("9", DigitsEnd.MaxDigits));
        var d = MenuLogic.Step(Spec, s, new DigitsOutcome("*", DigitsEnd.MaxDigits));
        Assert.Equal((MenuResult.Selected, "*"), (d.Result, d.Key));
        Assert.False(s.Retries.ContainsKey("menu"));
    }

    [Fact]
    public void Giving_up_without_max_retries_output_hangs_up_with_the_final_prompt()
    {
        var s = Fresh();
        MenuLogic.Step(Spec, s, Outcome.Enter);
        MenuLogic.Step(Spec, s, new DigitsOutcome("", DigitsEnd.Timeout));
        var d = MenuLogic.Step(Spec, s, new DigitsOutcome("", DigitsEnd.Timeout));
        Assert.Equal(Prompt.Audio("final"), Assert.IsType<HangupEffect>(d.Effect).Goodbye);
    }
}

public sealed class CheckpointTests
{
    private static readonly string Flow = new FlowJson("cp")
        .Node("start", "start")
        .Node("set", "set_variable", """{ "assign": { "lang": "en" } }""")
        .Node("menu", "menu", """{ "prompt": { "audio": "m" }, "options": { "1": {}, "2": {} } }""")
        .Node("one", "hangup").Node("two", "hangup")
        .Edge("start", "set").Edge("set", "menu").Edge("menu", "one", "digit:1").Edge("menu", "two", "digit:2")
        .ToString();

    [Fact]
    public async Task A_call_state_survives_json_and_resumes_in_the_same_node()
    {
        var machine = FlowHarness.Compile(Flow).Machines["cp"];
        var clock = new VirtualClock(DateTimeOffset.UnixEpoch);
        var services = new EngineServices(new FlowSet([machine]), new StubHttpGateway([], clock), new RecordingWebhookDispatcher(), clock);

        // The first host loses the call at the menu after one wrong key.
        var first = await new CallEngine(services).RunAsync(machine, new SimulatedChannel(new CallerScript(CallerScript.ParseInputs("9,!")), clock));
        Assert.Equal(("menu", 1), (first.State.Node, first.State.Retries["menu"]));

        var json = JsonSerializer.Serialize(first.State);
        Assert.True(json.Length < 1024, $"checkpoint is {json.Length} bytes");
        var restored = JsonSerializer.Deserialize<CallState>(json)!;

        var resumed = await new CallEngine(services).ResumeAsync(machine, new SimulatedChannel(new CallerScript(CallerScript.ParseInputs("2")), clock), restored);
        Assert.Equal("two", resumed.State.Node);
        Assert.Equal("en", resumed.State.Variables["lang"]);
    }
}
