using Callytics.Ari.Tests.Calls;
using Callytics.Compiler.Checking;
using Callytics.Compiler.Packaging;
using Callytics.Runtime.Host;
using Callytics.TestSupport;
using Callytics.TestSupport.Http;
using Callytics.TestSupport.AriSimulator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;

namespace Callytics.Ari.Tests.Host;

/// <summary>The host loads flows that callyc compiled (manifest + sha256-checked DLL) and runs them over ARI.</summary>
public sealed class CompiledFlowHostTests
{
    private const string Flow = """
    {
      "schemaVersion": 1, "id": "compiled-demo", "name": "Compiled demo",
      "nodes": [
        { "id": "start", "type": "start", "config": { "input_timeout_ms": 500 } },
        { "id": "menu", "type": "menu", "config": { "prompt": { "sound": "demo-menu" }, "options": { "1": { "label": "Agent" } }, "max_retries": 1 } },
        { "id": "agent", "type": "transfer", "config": { "destination": { "type": "extension", "value": "201" }, "timeout_ms": 1000, "record_call": true } },
        { "id": "bye", "type": "hangup", "config": { "prompt": { "sound": "goodbye" } } }
      ],
      "edges": [
        { "source": "start", "target": "menu" },
        { "source": "menu", "sourceHandle": "digit:1", "target": "agent" },
        { "source": "agent", "sourceHandle": "completed", "target": "bye" },
        { "source": "agent", "sourceHandle": "no_answer", "target": "bye" }
      ]
    }
    """;

    [Fact]
    public async Task A_flow_built_by_the_compiler_is_loaded_from_the_store_and_served_over_ARI()
    {
        var store = Directory.CreateTempSubdirectory("callytics-store-");
        try
        {
            var checkedFlow = FlowChecker.CheckText("compiled-demo.flow.json", Flow);
            Assert.True(checkedFlow.Succeeded, string.Join("\n", checkedFlow.Diagnostics.Diagnostics));
            FlowBuilder.Build(checkedFlow, 2)!.WriteTo(store.FullName);

            await using var sim = await AriSimulator.StartAsync();
            sim.SetParty("PJSIP/201", DialedParty.Answers(afterMs: 5, talkMs: 300));
            await using var host = await HostApp.BuildAsync(["--urls", "http://127.0.0.1:0"], b => b.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Callytics:Ari:BaseUrl"] = sim.BaseUrl,
                ["Callytics:Ari:User"] = sim.Options.User,
                ["Callytics:Ari:Password"] = sim.Options.Password,
                ["Callytics:Routes:700"] = "compiled-demo",
                ["Callytics:FlowStore"] = store.FullName,
            }));
            await host.StartAsync();
            await DialTests.WaitUntilAsync(() => sim.OpenSockets == 1, 5000);

            var call = sim.PlaceCall(new ScriptedCaller("5551234", "700").PressOnPlayback(1, "1", delayMs: 5));
            await call.WaitEndedAsync();

            Assert.Equal(["sound:demo-menu", "sound:goodbye"], call.Played);
            Assert.Contains(sim.Requests, r => r.Method == "POST" && r.Path == "/channels" && r.Param("endpoint") == "PJSIP/201");
            Assert.Single(sim.StoredRecordings);
            await sim.AssertNoLeaksAsync();
            await host.StopAsync();
        }
        finally
        {
            store.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task The_load_benchmark_flow_compiled_from_JSON_walks_menu_lookup_transfer_like_the_hand_written_machine()
    {
        var store = Directory.CreateTempSubdirectory("callytics-store-");
        try
        {
            await using var web = await LoopbackHttpServer.StartAsync(c => c.Response.WriteAsync("{\"ok\":true}"));
            FlowHarness.Build(MenuLookupTransferFlow.Json(web.BaseUrl)).WriteTo(store.FullName);
            await using var sim = await AriSimulator.StartAsync();
            sim.SetParty("PJSIP/201", DialedParty.Answers(afterMs: 5, talkMs: 400));
            await using var host = await HostApp.BuildAsync(["--urls", "http://127.0.0.1:0"], b => b.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Callytics:Ari:BaseUrl"] = sim.BaseUrl,
                ["Callytics:Ari:User"] = sim.Options.User,
                ["Callytics:Ari:Password"] = sim.Options.Password,
                ["Callytics:Routes:100"] = MenuLookupTransferFlow.FlowId,
                ["Callytics:FlowStore"] = store.FullName,
                ["Callytics:Outbound:AllowLoopback"] = "true", // the flow's web service is a loopback test server
            }));
            await host.StartAsync();
            await DialTests.WaitUntilAsync(() => sim.OpenSockets == 1, 5000);

            var agent = sim.PlaceCall(new ScriptedCaller("5551234", "100").PressOnPlayback(1, "1", delayMs: 5));
            var other = sim.PlaceCall(new ScriptedCaller("5551235", "100").PressOnPlayback(1, "9", delayMs: 5));
            await agent.WaitEndedAsync();
            await other.WaitEndedAsync();

            Assert.Equal(["sound:main-menu", "sound:thanks"], agent.Played);
            Assert.Equal(["sound:main-menu", "sound:goodbye"], other.Played);
            Assert.Contains(web.Requests, r => r.PathAndQuery == "/lookup?caller=5551234");
            Assert.DoesNotContain(web.Requests, r => r.PathAndQuery == "/lookup?caller=5551235");
            await DialTests.WaitUntilAsync(() => web.Requests.Any(r => r.PathAndQuery == "/hook"), 5000);
            Assert.Single(sim.Requests, r => r.Method == "POST" && r.Path == "/channels" && r.Param("endpoint") == "PJSIP/201");
            await sim.AssertNoLeaksAsync();
            await host.StopAsync();
        }
        finally
        {
            store.Delete(recursive: true);
        }
    }
}
