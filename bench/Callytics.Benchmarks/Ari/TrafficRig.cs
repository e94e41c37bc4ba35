using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Callytics.TestSupport.AriSimulator;
using Callytics.TestSupport.CallCenter;
using Callytics.TestSupport.Servers;

namespace Callytics.Benchmarks.Ari;

/// <summary>
/// <c>traffic-rig --flow FILE --origin ORIGIN</c>: the ARI simulator and a real host process serving
/// the flow on number 700 (extension 201 answers), for the editor's browser test of live traffic
/// (editor-web/e2e/traffic.e2e.ts). Prints one JSON line <c>{ url, token, flowId }</c>, then reads
/// commands from stdin: <c>call 1</c> places a call that presses 1 when the first prompt starts,
/// <c>call !</c> one that hangs up then, <c>call</c> one that waits; <c>end</c> hangs up what is left and stops.
/// Prints <c>ended &lt;channel&gt;</c> when a call ends.
/// </summary>
internal static class TrafficRig
{
    public static async Task<int> RunAsync(string[] args)
    {
        var flowFile = BenchCommandLine.Option(args, "--flow") ?? throw new ArgumentException("--flow FILE is required");
        var origin = BenchCommandLine.Option(args, "--origin") ?? "http://127.0.0.1";
        var json = await File.ReadAllTextAsync(flowFile);
        var flowId = JsonDocument.Parse(json).RootElement.GetProperty("id").GetString()!;
        var temp = ServerPaths.CreateTempDirectory("traffic-rig");
        try
        {
            await using var sim = await AriSimulator.StartAsync();
            sim.SetParty("PJSIP/201", DialedParty.Answers(afterMs: 5, talkMs: 100));
            var store = Path.Combine(temp, "flows");
            var token = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
            await using var host = await RuntimeHostProcess.StartAsync(sim.HostSettings(new Dictionary<string, string>
            {
                ["Callytics:FlowStore"] = store,
                ["Callytics:Routes:700"] = flowId,
                ["Callytics:Admin:Token"] = token,
                ["Callytics:Admin:AllowedOrigins:0"] = origin,
            }));
            await PublishAsync(host.BaseUrl, token, flowId, json);
            Console.WriteLine(JsonSerializer.Serialize(new { url = host.BaseUrl, token, flowId }));
            var calls = new List<SimCall>();
            var n = 0;
            while (await Console.In.ReadLineAsync() is { } line && line.Trim() != "end")
            {
                var parts = line.Trim().Split(' ', 2);
                if (parts[0] != "call") continue;
                var caller = new ScriptedCaller($"55500{n++}", "700");
                if (parts.Length > 1) caller = parts[1] == "!" ? caller.HangUpOn(CallerTrigger.PlaybackStarted, 1, delayMs: 5) : caller.PressOnPlayback(1, parts[1], delayMs: 5);
                var call = sim.PlaceCall(caller);
                calls.Add(call);
                _ = call.Ended.ContinueWith(_ => Console.WriteLine($"ended {call.ChannelId}"), TaskScheduler.Default);
            }
            foreach (var call in calls.Where(c => !c.Ended.IsCompleted)) sim.HangUpChannel(call.ChannelId);
            await Task.WhenAll(calls.Select(c => c.Ended)).WaitAsync(TimeSpan.FromSeconds(10));
            return 0;
        }
        finally
        {
            ServerPaths.DeleteDirectory(temp);
        }
    }

    /// <summary>Publishes the flow through the admin API, as an admin would, and waits until the host serves version 1.</summary>
    private static async Task PublishAsync(string url, string token, string flowId, string json)
    {
        using var http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromMinutes(2) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        (await http.PutAsync($"/api/flows/{flowId}/draft", new StringContent(json, Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();
        (await http.PostAsync($"/api/flows/{flowId}/publish", new StringContent("{\"message\":\"traffic rig\"}", Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();
        // The traffic route names the version the host serves once the hot swap has loaded it.
        for (var deadline = DateTime.UtcNow.AddSeconds(30); ; await Task.Delay(100))
        {
            var traffic = JsonNode.Parse(await http.GetStringAsync($"/api/flows/{flowId}/traffic"))!;
            if ((int)traffic["version"]! == 1) return;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"the host did not load version 1 of {flowId}");
        }
    }
}
