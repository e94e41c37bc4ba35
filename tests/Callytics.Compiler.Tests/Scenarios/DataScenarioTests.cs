using Callytics.Runtime.Contract;
using Callytics.Runtime.Engine;
using Callytics.Runtime.Simulation;
using Callytics.TestSupport;
using static Callytics.TestSupport.FlowHarness;

namespace Callytics.Compiler.Tests.Scenarios;

/// <summary>http_request, set_variable, branch and webhooks.</summary>
public sealed class DataScenarioTests
{
    private static string Http(string config, bool failureConnected = true)
    {
        var flow = new FlowJson()
            .Node("start", "start")
            .Node("ask", "http_request", config)
            .Node("ok", "hangup")
            .Edge("start", "ask").Edge("ask", "ok", "success");
        if (failureConnected) flow.Node("failed", "hangup").Edge("ask", "failed", "failure");
        return flow.ToString();
    }

    private static HttpStub Stub(int status, string body, int delayMs = 0, string? error = null) =>
        new(null, "https://api.example.com/*", status, body, delayMs, error);

    [Fact]
    public void Success_stores_the_response_and_extracts_values()
    {
        var flow = Http("""{ "url": "https://api.example.com/accounts/{{caller_id}}", "store_response_as": "raw", "extract": { "balance": "$.account.balance", "first": "$.items[0].id" } }""");
        var body = """{"account":{"balance":12.5},"items":[{"id":"a"},{"id":"b"}]}""";
        var result = Run(flow, http: [Stub(200, body)], callerId: "+33 1/2");
        Assert.Equal("ok", result.Call.State.Node);
        Assert.Equal(body, result.Call.State.Variables["raw"]);
        Assert.Equal("12.5", result.Call.State.Variables["balance"]);
        Assert.Equal("a", result.Call.State.Variables["first"]);
        // Templates in URLs are percent-encoded.
        Assert.Equal("https://api.example.com/accounts/%2B33%201%2F2", result.HttpRequests.Single().Url);
    }

    [Theory]
    [InlineData(500, "{}", 0, null)]            // non-2xx
    [InlineData(200, "{\"other\":1}", 0, null)] // extract missing
    [InlineData(200, "{}", 9000, null)]         // slower than timeout_ms
    [InlineData(0, "", 0, "network")]           // no answer at all
    public void Failures_take_the_failure_output(int status, string body, int delay, string? error)
    {
        var result = Run(Http("""{ "url": "https://api.example.com/x", "timeout_ms": 2000, "extract": { "v": "$.value" } }"""), http: [Stub(status, body, delay, error)]);
        Assert.Equal("failed", result.Call.State.Node);
    }

    [Fact]
    public void A_timeout_costs_the_call_exactly_the_timeout()
    {
        var start = new DateTimeOffset(2026, 1, 5, 10, 0, 0, TimeSpan.Zero);
        var result = Run(Http("""{ "url": "https://api.example.com/x", "timeout_ms": 1500 }"""), at: start, http: [Stub(200, "{}", delayMs: 60_000)]);
        Assert.Equal("failed", result.Call.State.Node);
        var failedAt = result.Trace.Entries.First(e => e.Kind == "outcome").Time;
        Assert.Equal(start.AddMilliseconds(1500), failedAt);
    }

    [Fact]
    public void Unconnected_failure_hangs_up()
    {
        var result = Run(Http("""{ "url": "https://api.example.com/x" }""", failureConnected: false), http: [Stub(503, "")]);
        Assert.Equal(CallEndReason.Completed, result.Call.Reason);
        Assert.Equal("ask", result.Call.State.Node);
        Assert.Contains("ask:failure", Transitions(result));
    }

    [Fact]
    public void Json_bodies_escape_inserted_values_and_headers_refuse_line_breaks()
    {
        var flow = new FlowJson()
            .Node("start", "start")
            .Node("set", "set_variable", """{ "assign": { "name": "Ann \"the\" \\ boss", "evil": "a\r\nX-Injected: 1" } }""")
            .Node("post", "http_request", """{ "url": "https://api.example.com/x", "method": "POST", "body": "{\"who\": \"{{name}}\"}", "headers": { "X-Name": "{{name}}" } }""")
            .Node("bad_header", "http_request", """{ "url": "https://api.example.com/y", "headers": { "X-Evil": "{{evil}}" } }""")
            .Node("ok", "hangup").Node("refused", "hangup").Node("failed", "hangup")
            .Edge("start", "set").Edge("set", "post").Edge("post", "bad_header", "success").Edge("post", "failed", "failure")
            .Edge("bad_header", "ok", "success").Edge("bad_header", "refused", "failure");
        var result = Run(flow.ToString(), http: [Stub(200, "{}")]);
        var post = result.HttpRequests.Single();
        Assert.Equal("{\"who\": \"Ann \\\"the\\\" \\\\ boss\"}", post.Body);
        Assert.Equal("Ann \"the\" \\ boss", post.Headers.Single().Value);
        Assert.Equal("refused", result.Call.State.Node); // the second request was never sent
    }

    [Fact]
    public void Set_variable_assigns_in_order_and_templates_see_earlier_assignments()
    {
        var flow = new FlowJson()
            .Node("start", "start")
            .Node("set", "set_variable", """{ "assign": { "a": "x", "b": "{{a}}y", "greeting": "Hello {{caller_id}} from {{flow_id}} v{{flow_version}}" } }""")
            .Node("end", "hangup")
            .Edge("start", "set").Edge("set", "end");
        var vars = Run(flow.ToString(), callerId: "+4470").Call.State.Variables;
        Assert.Equal("xy", vars["b"]);
        Assert.Equal("Hello +4470 from test-flow v1", vars["greeting"]);
    }

    [Theory]
    [InlineData("eq", "gold", "gold", true)]
    [InlineData("eq", "gold", "Gold", false)]
    [InlineData("ne", "gold", "silver", true)]
    [InlineData("lt", "100", "99.5", true)]
    [InlineData("lt", "100", "abc", false)]
    [InlineData("gt", "100", "1000", true)]
    [InlineData("contains", "VIP", "is-VIP-1", true)]
    [InlineData("matches", "^\\\\+33[0-9]+$", "+33123", true)]
    [InlineData("matches", "^\\\\+33[0-9]+$", "+44123", false)]
    [InlineData("empty", null, "", true)]
    [InlineData("not_empty", null, "", false)]
    public void Branch_operators(string op, string? value, string actual, bool matches)
    {
        var valueJson = value is null ? "" : $", \"value\": \"{value}\"";
        var flow = new FlowJson()
            .Node("start", "start")
            .Node("set", "set_variable", $$"""{ "assign": { "v": {{FlowJson.Q(actual)}} } }""")
            .Node("route", "branch", $$"""{ "rules": [ { "name": "hit", "when": { "variable": "v", "op": "{{op}}"{{valueJson}} } } ] }""")
            .Node("yes", "hangup").Node("no", "hangup")
            .Edge("start", "set").Edge("set", "route").Edge("route", "yes", "rule:hit").Edge("route", "no", "default");
        Assert.Equal(matches ? "yes" : "no", Run(flow.ToString()).Call.State.Node);
    }

    [Fact]
    public void Branch_takes_the_first_matching_rule()
    {
        var flow = new FlowJson()
            .Node("start", "start")
            .Node("set", "set_variable", """{ "assign": { "tier": "gold" } }""")
            .Node("route", "branch", """{ "rules": [ { "name": "silver", "when": { "variable": "tier", "op": "eq", "value": "silver" } }, { "name": "gold", "when": { "variable": "tier", "op": "eq", "value": "gold" } }, { "name": "any", "when": { "variable": "tier", "op": "not_empty" } } ] }""")
            .Node("s", "hangup").Node("g", "hangup").Node("a", "hangup").Node("d", "hangup")
            .Edge("start", "set").Edge("set", "route").Edge("route", "s", "rule:silver").Edge("route", "g", "rule:gold").Edge("route", "a", "rule:any").Edge("route", "d", "default");
        Assert.Equal("g", Run(flow.ToString()).Call.State.Node);
    }

    [Fact]
    public void Webhooks_fire_from_any_output_and_from_terminal_nodes_without_the_call_waiting()
    {
        var flow = new FlowJson()
            .Node("start", "start")
            .Node("welcome", "play_audio", """{ "prompt": { "audio": "hi" } }""")
            .Node("crm", "webhook", """{ "url": "https://crm.example.com/calls/{{call_id}}", "headers": { "Authorization": "Bearer t" } }""")
            .Node("audit", "webhook", """{ "url": "https://audit.example.com/x", "method": "PUT", "payload": { "who": "{{caller_id}}", "n": 1 } }""")
            .Node("bye", "hangup")
            .Node("after", "webhook", """{ "url": "https://crm.example.com/ended" }""")
            .Edge("start", "welcome").Edge("welcome", "crm").Edge("crm", "audit").Edge("welcome", "bye").Edge("bye", "after");
        var result = Run(flow.ToString(), callerId: "+1\"2");
        Assert.Equal(["crm", "audit", "after"], result.Webhooks.Select(w => w.WebhookNode));
        Assert.Equal("welcome", result.Webhooks[0].SourceNode);
        Assert.Equal("bye", result.Webhooks[2].SourceNode);
        Assert.Equal("{\"who\":\"+1\\\"2\",\"n\":1}", result.Webhooks[1].Body);
        Assert.Contains("\"event\":\"node_finished\"", result.Webhooks[0].Body);
        Assert.Equal("bye", result.Call.State.Node);
        // Webhook steps cost the call no time: the play took 2 s, nothing else did.
        Assert.Equal(result.Trace.Entries.First(e => e.Kind == "transition" && e.Node == "welcome").Time, result.Trace.Entries.Last().Time);
    }

    [Fact]
    public async Task A_full_webhook_queue_drops_the_webhook_and_the_call_goes_on()
    {
        var flow = new FlowJson()
            .Node("start", "start").Node("hook", "webhook", """{ "url": "https://x.example.com/" }""").Node("bye", "hangup")
            .Edge("start", "bye").Edge("start", "hook");
        var compiled = Compile(flow.ToString());
        var machine = compiled.Machines["test-flow"];
        var clock = new VirtualClock(DateTimeOffset.UnixEpoch);
        var engine = new CallEngine(new EngineServices(new FlowSet([machine]), new StubHttpGateway([], clock), new FullQueue(), clock));
        var result = await engine.RunAsync(machine, new SimulatedChannel(new CallerScript(), clock));
        Assert.Equal(CallEndReason.Completed, result.Reason);
        Assert.Equal("bye", result.State.Node);
    }

    private sealed class FullQueue : IWebhookDispatcher
    {
        public bool Enqueue(WebhookRequest request) => false;
    }
}
