using Callytics.Runtime.Engine;
using Callytics.TestSupport;
using static Callytics.TestSupport.FlowHarness;

namespace Callytics.Compiler.Tests.Scenarios;

/// <summary>subflow / return with shared variables, goto_flow carrying variables, return at top level.</summary>
public sealed class FlowJumpScenarioTests
{
    private static readonly string Main = new FlowJson("main")
        .Node("start", "start")
        .Node("set", "set_variable", """{ "assign": { "lang": "fr" } }""")
        .Node("call_sub", "subflow", """{ "flow": "submenu" }""")
        .Node("after", "branch", """{ "rules": [ { "name": "chose", "when": { "variable": "choice", "op": "eq", "value": "2" } } ] }""")
        .Node("ok", "hangup").Node("other", "hangup")
        .Edge("start", "set").Edge("set", "call_sub").Edge("call_sub", "after").Edge("after", "ok", "rule:chose").Edge("after", "other", "default")
        .ToString();

    private static readonly string Submenu = new FlowJson("submenu")
        .Node("start", "start")
        .Node("ask", "get_digits", """{ "variable": "choice", "prompt": { "audio": "sub" } }""")
        .Node("mark", "set_variable", """{ "assign": { "seen_lang": "{{lang}}" } }""")
        .Node("back", "return")
        .Edge("start", "ask").Edge("ask", "mark").Edge("mark", "back")
        .ToString();

    [Fact]
    public void Subflow_returns_to_next_and_shares_variables_both_ways()
    {
        var result = Run(Main, "2", otherFlows: [Submenu]);
        Assert.Equal("ok", result.Call.State.Node);
        Assert.Equal("main", result.Call.State.FlowId);
        Assert.Equal("fr", result.Call.State.Variables["seen_lang"]); // the caller's variable seen inside
        Assert.Equal("2", result.Call.State.Variables["choice"]);      // the subflow's variable seen after
        Assert.Empty(result.Call.State.ReturnStack);
        Assert.Equal("main", result.Call.State.Variables["flow_id"]);
    }

    [Fact]
    public void Goto_flow_continues_in_the_other_flows_start_with_the_variables()
    {
        var first = new FlowJson("first")
            .Node("start", "start").Node("set", "set_variable", """{ "assign": { "ticket": "T-42" } }""").Node("go", "goto_flow", """{ "flow": "second" }""")
            .Edge("start", "set").Edge("set", "go").ToString();
        var second = new FlowJson("second")
            .Node("start", "start").Node("copy", "set_variable", """{ "assign": { "seen": "{{ticket}}" } }""").Node("bye", "hangup")
            .Edge("start", "copy").Edge("copy", "bye").ToString();
        var result = Run(first, otherFlows: [second]);
        Assert.Equal(("second", "bye"), (result.Call.State.FlowId, result.Call.State.Node));
        Assert.Equal("T-42", result.Call.State.Variables["seen"]);
        Assert.Equal("second", result.Call.State.Variables["flow_id"]);
    }

    [Fact]
    public void Return_in_a_top_level_call_hangs_up()
    {
        var result = Run(Submenu, "1");
        Assert.Equal(CallEndReason.Completed, result.Call.Reason);
        Assert.Equal("back", result.Call.State.Node);
    }

    [Fact]
    public void A_missing_flow_at_run_time_ends_the_call_cleanly()
    {
        var result = Run(Main, "2"); // submenu is not published
        Assert.Equal(CallEndReason.Failed, result.Call.Reason);
        Assert.Contains("submenu", result.Call.Error);
        Assert.True(result.Channel.HungUp);
    }

    [Fact]
    public void A_loop_through_subflows_that_never_waits_is_stopped_and_hung_up()
    {
        var looping = new FlowJson("looping")
            .Node("start", "start").Node("again", "subflow", """{ "flow": "noop" }""").Node("set", "set_variable", """{ "assign": { "n": "x" } }""")
            .Edge("start", "again").Edge("again", "set").Edge("set", "again").ToString();
        var noop = new FlowJson("noop").Node("start", "start").Node("back", "return").Edge("start", "back").ToString();
        var result = Run(looping, otherFlows: [noop]);
        Assert.Equal(CallEndReason.Failed, result.Call.Reason);
        Assert.Contains("without ever waiting", result.Call.Error);
        Assert.True(result.Channel.HungUp);
    }
}
