using Callytics.Runtime.Simulation;
using Callytics.Runtime.Contract;
using Callytics.TestSupport;
using static Callytics.TestSupport.FlowHarness;

namespace Callytics.Compiler.Tests.Scenarios;

/// <summary>get_digits: terminator, min and max, retries, timeout output or default.</summary>
public sealed class InputScenarioTests
{
    private static FlowJson Digits(string config, bool timeoutConnected)
    {
        var flow = new FlowJson()
            .Node("start", "start")
            .Node("ask", "get_digits", config)
            .Node("done", "hangup")
            .Edge("start", "ask").Edge("ask", "done");
        if (timeoutConnected) flow.Node("no_input", "hangup").Edge("ask", "no_input", "timeout");
        return flow;
    }

    [Fact]
    public void Terminator_ends_input_early_and_is_not_stored()
    {
        var result = Run(Digits("""{ "variable": "acct", "max_digits": 10, "min_digits": 2 }""", false).ToString(), "1234#");
        Assert.Equal("1234", result.Call.State.Variables["acct"]);
        Assert.Equal("done", result.Call.State.Node);
    }

    [Fact]
    public void Collection_stops_at_max_digits_and_the_rest_is_type_ahead()
    {
        var result = Run(Digits("""{ "variable": "pin", "max_digits": 4, "terminator": null }""", false).ToString(), "123456");
        Assert.Equal("1234", result.Call.State.Variables["pin"]);
        Assert.Equal("", Effects<ReadDigitsEffect>(result).Single().Terminators);
    }

    [Fact]
    public void Too_few_digits_reprompt_up_to_max_retries_then_take_timeout()
    {
        var result = Run(Digits("""{ "variable": "acct", "max_digits": 8, "min_digits": 8, "max_retries": 2, "prompt": { "audio": "enter" } }""", true).ToString(), "12,34,56");
        Assert.Equal(3, Effects<ReadDigitsEffect>(result).Count());
        Assert.Equal("no_input", result.Call.State.Node);
        Assert.Equal("", result.Call.State.Variables["acct"]);
    }

    [Fact]
    public void Retry_succeeds_on_the_second_attempt()
    {
        var result = Run(Digits("""{ "variable": "acct", "max_digits": 4, "min_digits": 4, "max_retries": 1 }""", true).ToString(), "12,1234");
        Assert.Equal("1234", result.Call.State.Variables["acct"]);
        Assert.Equal("done", result.Call.State.Node);
    }

    [Fact]
    public void Timeout_without_timeout_output_continues_on_next_with_an_empty_variable()
    {
        var result = Run(Digits("""{ "variable": "acct", "max_digits": 4, "timeout_ms": 3000, "inter_digit_timeout_ms": 1000 }""", false).ToString(), " ");
        Assert.Equal("", result.Call.State.Variables["acct"]);
        Assert.Equal("done", result.Call.State.Node);
        var read = Effects<ReadDigitsEffect>(result).Single();
        Assert.Equal(3000, read.FirstDigitTimeoutMs);
        Assert.Equal(1000, read.InterDigitTimeoutMs);
    }

    [Fact]
    public void Inter_digit_timeout_ends_input_with_the_digits_so_far()
    {
        var result = Run(Digits("""{ "variable": "amount", "max_digits": 6, "min_digits": 1 }""", true).ToString(), "42");
        Assert.Equal("42", result.Call.State.Variables["amount"]);
        Assert.Equal("done", result.Call.State.Node);
    }

    private static readonly string Timed = Digits("""{ "variable": "acct", "max_digits": 1, "timeout_ms": 3000, "prompt": { "audio": "enter" } }""", true).ToString();

    /// <summary>When the call ended, on the virtual clock, with <paramref name="digits"/> as the script.</summary>
    private static DateTimeOffset EndOf(string digits, out string acct, out string node)
    {
        var result = Run(Timed, digits);
        acct = result.Call.State.Variables["acct"];
        node = result.Call.State.Node;
        return result.Trace.Entries[^1].Time;
    }

    [Fact]
    public void Keys_pressed_a_given_time_after_the_prompt_wait_that_long_and_past_the_timeout_come_too_late()
    {
        var atOnce = EndOf("2", out var acct, out _);
        Assert.Equal("2", acct);
        var later = EndOf("2@1500", out acct, out var node);
        Assert.Equal(("2", "done"), (acct, node));
        Assert.Equal(1500, (later - atOnce).TotalMilliseconds);
        // At the timeout the input has given up: the timeout output, nothing stored.
        EndOf("2@3000", out acct, out node);
        Assert.Equal(("", "no_input"), (acct, node));
    }

    [Fact]
    public void Keys_pressed_during_the_prompt_at_a_given_time_interrupt_it_then_and_after_its_end_count_as_after_it()
    {
        var untimed = EndOf("^2", out var acct, out _); // half-way through the 2 s prompt
        Assert.Equal("2", acct);
        var early = EndOf("^2@300", out acct, out _);
        Assert.Equal("2", acct);
        Assert.Equal(-700, (early - untimed).TotalMilliseconds);
        // 2.5 s into a 2 s prompt: the prompt played to its end, the key came 0.5 s after it.
        var late = EndOf("^2@2500", out acct, out _);
        Assert.Equal(("2", 500.0), (acct, (late - EndOf("2", out _, out _)).TotalMilliseconds));
    }

    [Theory]
    [InlineData("2@")]
    [InlineData("2@1.5")]
    [InlineData("@100")]
    [InlineData("2@-5")]
    public void A_bad_time_is_refused_with_what_is_expected(string entry)
    {
        var e = Assert.Throws<FormatException>(() => CallerInput.Parse(entry));
        Assert.Contains("milliseconds", e.Message);
    }
}
