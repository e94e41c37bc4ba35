using Callytics.Runtime.Contract;
using Callytics.Runtime.Engine;
using Callytics.TestSupport;
using static Callytics.TestSupport.FlowHarness;

namespace Callytics.Compiler.Tests.Scenarios;

/// <summary>menu: options, two-key options, retries, and the invalid / timeout / max_retries outputs.</summary>
public sealed class MenuScenarioTests
{
    private const string MenuPrompt = """{ "audio": "menu" }""";

    private static FlowJson Menu(string extraConfig = "", bool connectFailures = false)
    {
        var flow = new FlowJson()
            .Node("start", "start")
            .Node("menu", "menu", $$"""{ "prompt": {{MenuPrompt}}, "options": { "1": { "label": "Sales" }, "21": { "label": "HR" }, "22": { "label": "Finance" } }{{extraConfig}} }""")
            .Node("sales", "hangup").Node("hr", "hangup").Node("finance", "hangup")
            .Edge("start", "menu")
            .Edge("menu", "sales", "digit:1").Edge("menu", "hr", "digit:21").Edge("menu", "finance", "digit:22");
        if (connectFailures)
        {
            flow.Node("bad", "hangup").Node("silent", "hangup").Node("gave_up", "hangup")
                .Edge("menu", "bad", "invalid").Edge("menu", "silent", "timeout").Edge("menu", "gave_up", "max_retries");
        }
        return flow;
    }

    [Theory]
    [InlineData("1", "sales", "menu:digit:1")]
    [InlineData("21", "hr", "menu:digit:21")]
    [InlineData("22", "finance", "menu:digit:22")]
    public void Each_option_leaves_through_its_output(string keys, string final, string output)
    {
        var result = Run(Menu().ToString(), keys);
        Assert.Equal(final, result.Call.State.Node);
        Assert.Contains(output, Transitions(result));
    }

    [Fact]
    public void One_key_option_is_chosen_at_once_when_no_longer_option_starts_with_it()
    {
        var result = Run(Menu().ToString(), "1");
        var reads = Effects<ReadDigitsEffect>(result).ToList();
        Assert.Single(reads); // no wait for a second key
    }

    [Fact]
    public void A_prefix_of_two_key_options_waits_the_inter_digit_time_for_the_second_key()
    {
        var result = Run(Menu(""", "inter_digit_timeout_ms": 1500""").ToString(), "21");
        var reads = Effects<ReadDigitsEffect>(result).ToList();
        Assert.Equal(2, reads.Count);
        Assert.Equal(1500, reads[1].FirstDigitTimeoutMs);
        Assert.Empty(reads[1].Prompts);
        Assert.Equal("hr", result.Call.State.Node);
    }

    [Fact]
    public void Invalid_key_without_invalid_output_plays_invalid_prompt_and_retries()
    {
        var result = Run(Menu(""", "invalid_prompt": { "audio": "sorry" }""").ToString(), "9,1");
        var reads = Effects<ReadDigitsEffect>(result).ToList();
        Assert.Equal(2, reads.Count);
        Assert.Equal([Prompt.Audio("sorry"), Prompt.Audio("menu")], reads[1].Prompts);
        Assert.Equal("sales", result.Call.State.Node);
    }

    [Fact]
    public void Silence_without_timeout_output_plays_timeout_prompt_and_retries()
    {
        var result = Run(Menu(""", "timeout_prompt": { "audio": "still-there" }, "timeout_ms": 4000""").ToString(), ",22");
        var reads = Effects<ReadDigitsEffect>(result).ToList();
        Assert.Equal(4000, reads[0].FirstDigitTimeoutMs);
        Assert.Equal([Prompt.Audio("still-there"), Prompt.Audio("menu")], reads[1].Prompts);
        Assert.Equal("finance", result.Call.State.Node);
    }

    [Fact]
    public void Menu_timeout_defaults_to_the_flows_input_timeout()
    {
        var flow = Menu().ToString().Replace("\"type\": \"start\" }", "\"type\": \"start\", \"config\": { \"input_timeout_ms\": 7000 } }");
        var result = Run(flow, "1");
        Assert.Equal(7000, Effects<ReadDigitsEffect>(result).First().FirstDigitTimeoutMs);
    }

    [Fact]
    public void Retries_used_up_without_max_retries_output_play_final_prompt_and_hang_up()
    {
        var result = Run(Menu(""", "max_retries": 2, "final_prompt": { "audio": "goodbye" }""").ToString(), "9,9,9,1");
        Assert.Equal(3, Effects<ReadDigitsEffect>(result).Count());
        var hangup = Assert.IsType<HangupEffect>(result.Trace.Effects[^1]);
        Assert.Equal(Prompt.Audio("goodbye"), hangup.Goodbye);
        Assert.Equal(CallEndReason.Completed, result.Call.Reason);
        Assert.Equal("menu", result.Call.State.Node);
    }

    [Theory]
    [InlineData("9", "bad", "menu:invalid")]
    [InlineData(" ", "silent", "menu:timeout")] // one silent entry
    public void Connected_failure_outputs_are_followed(string keys, string final, string output)
    {
        var result = Run(Menu(connectFailures: true).ToString(), keys);
        Assert.Equal(final, result.Call.State.Node);
        Assert.Contains(output, Transitions(result));
    }

    [Fact]
    public void Max_retries_output_is_followed_when_retries_are_used_up_even_through_an_invalid_loop()
    {
        // invalid loops back through a prompt; the retry counter survives leaving and re-entering the menu.
        var flow = Menu(""", "max_retries": 1""")
            .Node("sorry", "play_audio", """{ "prompt": { "audio": "sorry" } }""").Node("gave_up", "hangup")
            .Edge("menu", "sorry", "invalid").Edge("sorry", "menu").Edge("menu", "gave_up", "max_retries");
        var result = Run(flow.ToString(), "9,9,1");
        Assert.Equal("gave_up", result.Call.State.Node);
        Assert.Equal(["start:next", "menu:invalid", "sorry:next", "menu:max_retries"], Transitions(result));
    }

    [Fact]
    public void Key_pressed_during_an_interruptible_prompt_is_kept_as_type_ahead_for_the_menu()
    {
        var flow = new FlowJson()
            .Node("start", "start")
            .Node("welcome", "play_audio", """{ "prompt": { "audio": "welcome" }, "interruptible": true }""")
            .Node("menu", "menu", $$"""{ "prompt": {{MenuPrompt}}, "options": { "1": {}, "2": {} } }""")
            .Node("one", "hangup").Node("two", "hangup")
            .Edge("start", "welcome").Edge("welcome", "menu").Edge("menu", "one", "digit:1").Edge("menu", "two", "digit:2");
        var result = Run(flow.ToString(), "^2");
        Assert.Contains(result.Trace.Entries, e => e.Kind == "outcome" && e.Detail.Contains("Interrupted = True"));
        Assert.Equal("two", result.Call.State.Node);
    }

    [Fact]
    public void Key_pressed_during_a_prompt_that_is_not_interruptible_plays_it_to_the_end_and_answers_the_menu()
    {
        // docs/flow-language-notes.md, "Keys pressed during a prompt": the same rule as the live ARI channel.
        var flow = new FlowJson()
            .Node("start", "start")
            .Node("notice", "play_audio", """{ "prompt": { "audio": "legal-notice" }, "interruptible": false }""")
            .Node("menu", "menu", $$"""{ "prompt": {{MenuPrompt}}, "options": { "1": {}, "2": {} } }""")
            .Node("one", "hangup").Node("two", "hangup")
            .Edge("start", "notice").Edge("notice", "menu").Edge("menu", "one", "digit:1").Edge("menu", "two", "digit:2");
        var result = Run(flow.ToString(), "^2");
        Assert.Equal("two", result.Call.State.Node);
        Assert.DoesNotContain(result.Trace.Entries, e => e.Kind == "outcome" && e.Detail.Contains("Interrupted = True"));
    }

    [Fact]
    public void Caller_hanging_up_at_the_menu_ends_the_call_cleanly()
    {
        var result = Run(Menu().ToString(), "!");
        Assert.Equal(CallEndReason.CallerHungUp, result.Call.Reason);
        Assert.True(result.Channel.HungUp);
    }
}
