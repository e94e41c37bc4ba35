using Callytics.Runtime.Ari.Events;
using Callytics.Runtime.Ari.Http;
using Callytics.Runtime.Contract;
using Callytics.Runtime.Engine;
using Callytics.Runtime.Simulation;
using Callytics.TestSupport;
using Callytics.TestSupport.Http;
using Callytics.TestSupport.Servers;
using Microsoft.AspNetCore.Http;

namespace Callytics.Ari.Tests.Backends;

/// <summary>
/// A flow compiled from JSON, run by the engine the host runs, over the ARI channel of each backend:
/// the nodes that make no ARI request of their own (webhook, http_request, set_variable, branch)
/// between nodes that do (menu, transfer, hangup), so that a real Asterisk also shows the call
/// waiting on the web service and going on with what it answered.
/// </summary>
[Collection(AsteriskCollection.Name)]
public sealed class CompiledFlowOnBothTests(AsteriskServer asterisk)
{
    private static readonly CancellationToken None = CancellationToken.None;

    private static string Flow(string baseUrl) => new FlowJson("walk")
        .Node("start", "start")
        .Node("menu", "menu", """{ "prompt": { "sound": "hello-world" }, "options": { "1": { "label": "Account" } }, "timeout_ms": 10000 }""")
        .Node("notify", "webhook", $$"""{ "url": {{FlowJson.Q(baseUrl + "/hook")}}, "method": "POST", "payload": { "caller": "{{"{{caller_id}}"}}" } }""")
        .Node("lookup", "http_request", $$"""{ "url": {{FlowJson.Q(baseUrl + "/lookup?caller={{caller_id}}")}}, "timeout_ms": 5000, "extract": { "tier": "$.tier" } }""")
        .Node("mark", "set_variable", """{ "assign": { "route": "vip-{{tier}}" } }""")
        .Node("vip", "branch", """{ "rules": [ { "name": "gold", "when": { "variable": "tier", "op": "eq", "value": "gold" } } ] }""")
        .Node("agent", "transfer", $$"""{ "destination": { "type": "extension", "value": "{{CallRig.AnswersThenHangsUp}}" }, "timeout_ms": 10000 }""")
        .Node("thanks", "hangup", """{ "prompt": { "sound": "auth-thankyou" } }""")
        .Node("plain", "hangup", """{ "prompt": { "sound": "beep" } }""")
        .Node("failed", "hangup", """{ "prompt": { "sound": "beeperr" } }""")
        .Node("nobody", "hangup", """{ "prompt": { "sound": "beeperr" } }""")
        .Node("goodbye", "hangup", """{ "prompt": { "sound": "goodbye" } }""")
        .Edge("start", "menu")
        .Edge("menu", "notify", "digit:1")
        .Edge("menu", "goodbye", "invalid")
        .Edge("menu", "goodbye", "timeout")
        .Edge("notify", "lookup")
        .Edge("lookup", "mark", "success")
        .Edge("lookup", "failed", "failure")
        .Edge("mark", "vip")
        .Edge("vip", "agent", "rule:gold")
        .Edge("vip", "plain", "default")
        .Edge("agent", "thanks", "completed")
        .Edge("agent", "nobody", "no_answer")
        .ToString();

    [Theory, MemberData(nameof(Backends.Both), MemberType = typeof(Backends))]
    public async Task A_compiled_flow_walks_menu_webhook_http_request_and_transfer_with_what_the_web_service_answered(Backend backend)
    {
        await using var web = await LoopbackHttpServer.StartAsync(c => c.Response.WriteAsync("""{ "tier": "gold" }"""));
        var machine = FlowHarness.Compile(Flow(web.BaseUrl)).Machines["walk"];
        await using var rig = await CallRig.StartAsync(backend, asterisk);
        var (caller, call) = await rig.CallAsync("5551234", "100");
        using var http = new HttpClient();
        await using var webhooks = new WebhookDispatcher(http);
        var engine = new CallEngine(new EngineServices(new FlowSet([machine]), new HttpGateway(http), webhooks, SystemClock.Instance));

        await call.AnswerAsync(None);
        var run = engine.RunAsync(machine, call, cancellationToken: None);
        await rig.WaitForAsync<PlaybackStartedEvent>(e => e.Playback.TargetUri == "channel:" + call.ChannelId);
        await caller.PressAsync("1");
        Assert.True(await Task.WhenAny(run, Task.Delay(30000)) == run, "the call did not end\n" + rig.Describe());
        var result = await run;

        Assert.Equal((CallEndReason.Completed, "thanks"), (result.Reason, result.State.Node));
        Assert.Equal(("gold", "vip-gold"), (result.State.Get("tier"), result.State.Get("route")));
        Assert.Contains(web.Requests, r => r.Method == "GET" && r.PathAndQuery == "/lookup?caller=5551234");
        await Calls.DialTests.WaitUntilAsync(() => web.Requests.Any(r => r.Method == "POST" && r.PathAndQuery == "/hook"), 5000);
        Assert.Equal("5551234", System.Text.Json.Nodes.JsonNode.Parse(web.Requests.Single(r => r.PathAndQuery == "/hook").Body)!["caller"]!.GetValue<string>());
        Assert.True(call.WasBridged);
        // Every prompt of the walk finished on this backend: the menu (cut by the key), the closing one after the transfer.
        var finished = rig.Seen.OfType<PlaybackFinishedEvent>().Where(p => p.Playback.TargetUri == "channel:" + call.ChannelId).ToList();
        Assert.Equal(2, finished.Count);
        Assert.All(finished, p => Assert.Equal("done", p.Playback.State));
        await rig.EndAsync(call);
    }
}
