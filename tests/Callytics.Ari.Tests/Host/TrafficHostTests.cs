using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Callytics.Ari.Tests.Calls;
using Callytics.Compiler.Checking;
using Callytics.Compiler.Packaging;
using Callytics.Runtime.Host;
using Callytics.TestSupport.AriSimulator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Callytics.Ari.Tests.Host;

/// <summary>
/// Live traffic: the host serves calls from the ARI simulator over real sockets and counts, per flow
/// version, the nodes entered, the outputs taken and where calls ended; the admin API's traffic
/// route and event stream report exactly what the calls did.
/// </summary>
public sealed class TrafficHostTests
{
    private const string Token = "traffic-token-3c9e";

    private const string Flow = """
    {
      "schemaVersion": 1, "id": "traffic-demo", "name": "Traffic demo",
      "nodes": [
        { "id": "start", "type": "start", "config": { "input_timeout_ms": 20000 } },
        { "id": "menu", "type": "menu", "config": { "prompt": { "sound": "demo-menu" }, "options": { "1": { "label": "Agent" }, "2": { "label": "Leave" } }, "max_retries": 1 } },
        { "id": "agent", "type": "transfer", "config": { "destination": { "type": "extension", "value": "201" }, "timeout_ms": 1000 } },
        { "id": "bye", "type": "hangup", "config": { "prompt": { "sound": "goodbye" } } },
        { "id": "leave", "type": "hangup" }
      ],
      "edges": [
        { "source": "start", "target": "menu" },
        { "source": "menu", "sourceHandle": "digit:1", "target": "agent" },
        { "source": "menu", "sourceHandle": "digit:2", "target": "leave" },
        { "source": "agent", "sourceHandle": "completed", "target": "bye" },
        { "source": "agent", "sourceHandle": "no_answer", "target": "bye" }
      ]
    }
    """;

    [Fact]
    public async Task Counts_per_node_and_output_and_the_event_stream_match_what_the_calls_did()
    {
        var store = Directory.CreateTempSubdirectory("callytics-store-");
        try
        {
            Publish(store.FullName, "traffic-demo.flow.json", Flow, 3);

            await using var sim = await AriSimulator.StartAsync();
            sim.SetParty("PJSIP/201", DialedParty.Answers(afterMs: 5, talkMs: 100));
            await using var host = await StartHostAsync(sim, store.FullName, "traffic-demo");
            var url = host.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            using var http = Client(url);

            // Without the token: 401, for the counts and for the stream.
            using (var anonymous = new HttpClient { BaseAddress = new Uri(url) })
            {
                Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/flows/traffic-demo/traffic")).StatusCode);
                Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/flows/traffic-demo/traffic/events")).StatusCode);
            }
            Assert.Equal(HttpStatusCode.BadRequest, (await http.GetAsync("/api/flows/traffic-demo/traffic?window=3d")).StatusCode);

            // The event stream, read while the calls run.
            using var stream = await http.GetAsync("/api/flows/traffic-demo/traffic/events", HttpCompletionOption.ResponseHeadersRead);
            Assert.Equal("text/event-stream", stream.Content.Headers.ContentType?.MediaType);
            var events = new List<(string Kind, JsonNode Data)>();
            using var reading = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            var reader = Task.Run(async () =>
            {
                using var lines = new StreamReader(await stream.Content.ReadAsStreamAsync(reading.Token));
                string? kind = null;
                while (await lines.ReadLineAsync(reading.Token) is { } line)
                {
                    if (line.StartsWith("event: ", StringComparison.Ordinal)) kind = line[7..];
                    else if (line.StartsWith("data: ", StringComparison.Ordinal))
                        lock (events) events.Add((kind!, JsonNode.Parse(line[6..])!));
                }
            });

            // Three callers take the agent, two leave, one hangs up while the menu plays, one waits in the menu.
            var calls = new List<SimCall>();
            for (var i = 0; i < 3; i++) calls.Add(sim.PlaceCall(new ScriptedCaller($"55510{i}", "700").PressOnPlayback(1, "1", delayMs: 5)));
            for (var i = 0; i < 2; i++) calls.Add(sim.PlaceCall(new ScriptedCaller($"55520{i}", "700").PressOnPlayback(1, "2", delayMs: 5)));
            calls.Add(sim.PlaceCall(new ScriptedCaller("555300", "700").HangUpOn(CallerTrigger.PlaybackStarted, 1, delayMs: 5)));
            foreach (var call in calls) await call.WaitEndedAsync(10_000);
            var waiting = sim.PlaceCall(new ScriptedCaller("555400", "700"));
            await DialTests.WaitUntilAsync(() => waiting.Played.Count == 1, 5000);

            // All the ended calls are counted once the host has finished them.
            JsonNode traffic = null!;
            for (var deadline = DateTime.UtcNow.AddSeconds(10); DateTime.UtcNow < deadline; await Task.Delay(20))
            {
                traffic = JsonNode.Parse(await http.GetStringAsync("/api/flows/traffic-demo/traffic?window=15m"))!;
                if (traffic["ended"]!.AsObject().Sum(n => n.Value!.AsObject().Sum(r => (long)r.Value!)) == 6 && traffic["active"]!.AsArray().Count == 1) break;
            }
            Assert.Equal(3, (int)traffic["version"]!);
            Assert.Equal(new Dictionary<string, long> { ["agent:completed"] = 3, ["menu:digit:1"] = 3, ["menu:digit:2"] = 2, ["start:next"] = 7 },
                traffic["outputs"]!.AsObject().ToDictionary(p => p.Key, p => (long)p.Value!));
            Assert.Equal(new Dictionary<string, long> { ["agent"] = 3, ["bye"] = 3, ["leave"] = 2, ["menu"] = 7, ["start"] = 7 },
                traffic["entered"]!.AsObject().ToDictionary(p => p.Key, p => (long)p.Value!));
            Assert.Equal("""{"bye":{"completed":3},"leave":{"completed":2},"menu":{"caller_hung_up":1}}""", traffic["ended"]!.ToJsonString());
            var active = Assert.Single(traffic["active"]!.AsArray())!;
            Assert.Equal("menu", (string)active["node"]!);
            Assert.Null(active["callerId"]); // no caller number unless Callytics:Traffic:ShowCallerNumber
            // "all" counts since the host started: the same here.
            Assert.Equal(traffic["outputs"]!.ToJsonString(), JsonNode.Parse(await http.GetStringAsync("/api/flows/traffic-demo/traffic?window=all"))!["outputs"]!.ToJsonString());

            sim.HangUpChannel(waiting.ChannelId);
            await waiting.WaitEndedAsync();
            await DialTests.WaitUntilAsync(() => { lock (events) return events.Count(e => e.Kind == "ended") == 7; }, 10_000);
            lock (events)
            {
                Assert.Equal(7, events.Count(e => e.Kind == "started"));
                Assert.Equal(3, events.Count(e => e.Kind == "moved" && (string)e.Data["node"]! == "agent" && (string)e.Data["output"]! == "digit:1"));
                Assert.Equal(2, events.Count(e => e.Kind == "moved" && (string)e.Data["node"]! == "leave"));
                Assert.Equal(["menu", "menu"], events.Where(e => e.Kind == "ended" && (string)e.Data["reason"]! == "caller_hung_up").Select(e => (string)e.Data["node"]!));
                Assert.All(events, e => Assert.Null(e.Data["callerId"]));
                Assert.All(events, e => Assert.Equal(3, (int)e.Data["version"]!));
            }
            reading.Cancel();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => reader);
            await sim.AssertNoLeaksAsync();
            await host.StopAsync();
        }
        finally
        {
            store.Delete(recursive: true);
        }
    }

    private const string QueueFlow = """
    {
      "schemaVersion": 1, "id": "queue-demo", "name": "Queue demo",
      "nodes": [
        { "id": "start", "type": "start" },
        { "id": "q", "type": "queue", "config": { "queue": "support", "max_wait_ms": 60000, "hold": "moh" } },
        { "id": "served", "type": "hangup" }
      ],
      "edges": [
        { "source": "start", "target": "q" },
        { "source": "q", "sourceHandle": "timeout", "target": "served" },
        { "source": "q", "sourceHandle": "completed", "target": "served" }
      ]
    }
    """;

    [Fact]
    public async Task A_caller_who_gives_up_waiting_in_a_queue_ends_there_as_abandoned_not_as_a_hang_up()
    {
        var store = Directory.CreateTempSubdirectory("callytics-store-");
        try
        {
            Publish(store.FullName, "queue-demo.flow.json", QueueFlow, 1);
            await using var sim = await AriSimulator.StartAsync();
            // The call-center storage (a folder; queue state in process) is what a queue node needs.
            await using var host = await StartHostAsync(sim, store.FullName, "queue-demo", new() { ["Storage:Directory"] = Path.Combine(store.FullName, "storage") });
            using var http = Client(host.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

            var call = sim.PlaceCall(new ScriptedCaller("555500", "700"));
            JsonNode traffic = null!;
            for (var deadline = DateTime.UtcNow.AddSeconds(10); DateTime.UtcNow < deadline; await Task.Delay(20))
            {
                traffic = JsonNode.Parse(await http.GetStringAsync("/api/flows/queue-demo/traffic"))!;
                if (traffic["active"]!.AsArray().SingleOrDefault()?["node"]?.GetValue<string>() == "q") break;
            }
            Assert.Equal("q", (string)traffic["active"]![0]!["node"]!);
            await Task.Delay(100); // waiting in the queue, on hold
            sim.HangUpChannel(call.ChannelId);
            await call.WaitEndedAsync();
            for (var deadline = DateTime.UtcNow.AddSeconds(10); DateTime.UtcNow < deadline && traffic["active"]!.AsArray().Count > 0; await Task.Delay(20))
                traffic = JsonNode.Parse(await http.GetStringAsync("/api/flows/queue-demo/traffic"))!;
            // Counted at the queue, as abandoned.
            Assert.Equal("""{"q":{"abandoned":1}}""", traffic["ended"]!.ToJsonString());
            // Entered once: the abandoned output has no edge, so the call ends in the queue node, not in it again.
            Assert.Equal("""{"q":1,"start":1}""", new JsonObject(traffic["entered"]!.AsObject().OrderBy(p => p.Key).Select(p => KeyValuePair.Create(p.Key, p.Value?.DeepClone()))).ToJsonString());
            await host.StopAsync();
        }
        finally
        {
            store.Delete(recursive: true);
        }
    }

    /// <summary>Checks the flow and writes it to the store as version <paramref name="version"/>.</summary>
    private static void Publish(string store, string file, string json, int version)
    {
        var checkedFlow = FlowChecker.CheckText(file, json);
        Assert.True(checkedFlow.Succeeded, string.Join("\n", checkedFlow.Diagnostics.Diagnostics));
        FlowBuilder.Build(checkedFlow, version)!.WriteTo(store);
    }

    private static async Task<WebApplication> StartHostAsync(AriSimulator sim, string store, string flowId, Dictionary<string, string?>? extra = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Callytics:Ari:BaseUrl"] = sim.BaseUrl,
            ["Callytics:Ari:User"] = sim.Options.User,
            ["Callytics:Ari:Password"] = sim.Options.Password,
            ["Callytics:Routes:700"] = flowId,
            ["Callytics:FlowStore"] = store,
            ["Callytics:Admin:Token"] = Token,
        };
        foreach (var (k, v) in extra ?? []) settings[k] = v;
        var host = await HostApp.BuildAsync(["--urls", "http://127.0.0.1:0"], b => b.Configuration.AddInMemoryCollection(settings));
        await host.StartAsync();
        await DialTests.WaitUntilAsync(() => sim.OpenSockets == 1, 5000);
        return host;
    }

    private static HttpClient Client(string url)
    {
        var http = new HttpClient { BaseAddress = new Uri(url) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        return http;
    }
}
