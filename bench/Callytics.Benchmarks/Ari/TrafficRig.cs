using System.Globalization;
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
/// <c>traffic-rig --flow FILE [--flow FILE…] [--route NUMBER=FLOW…] [--call-center] --origin ORIGIN</c>: the ARI
/// simulator and a real host process serving the flows (the first on number 700 unless routes are given;
/// extension 201 answers), for the editor's browser tests of live traffic and of the console
/// (editor-web/e2e/traffic.e2e.ts, console-calls.e2e.ts). With <c>--call-center</c> the host's storage is a
/// real PostgreSQL and Redis, started here; with <c>--storage-folder</c> a folder (queues in process). Prints one JSON line <c>{ url, token, flowId }</c>, then reads
/// commands from stdin: <c>call 1</c> places a call to 700 that presses 1 when the first prompt starts,
/// <c>call !</c> one that hangs up then, <c>call</c> one that waits;
/// <c>dial CALLER NUMBER [press DIGITS] [speak SECONDS]</c> a call from CALLER to NUMBER that presses DIGITS
/// when the first prompt starts and speaks SECONDS of audio into the first recording, then presses #;
/// <c>hangup CALLER</c> hangs up that caller's calls; <c>end</c> hangs up what is left and stops.
/// Prints <c>ended &lt;channel&gt;</c> when a call ends.
/// </summary>
internal static class TrafficRig
{
    public static async Task<int> RunAsync(string[] args)
    {
        var flowFiles = Options(args, "--flow");
        if (flowFiles.Count == 0) throw new ArgumentException("--flow FILE is required");
        var origin = BenchCommandLine.Option(args, "--origin") ?? "http://127.0.0.1";
        var flows = new List<(string Id, string Json)>();
        foreach (var file in flowFiles)
        {
            var json = await File.ReadAllTextAsync(file);
            flows.Add((JsonDocument.Parse(json).RootElement.GetProperty("id").GetString()!, json));
        }
        var routes = Options(args, "--route").Select(r => r.Split('=', 2)).ToDictionary(r => r[0], r => r[1]);
        if (routes.Count == 0) routes["700"] = flows[0].Id;
        var temp = ServerPaths.CreateTempDirectory("traffic-rig");
        RedisServer? redis = null;
        PostgresServer? postgres = null;
        try
        {
            await using var sim = await AriSimulator.StartAsync();
            sim.SetParty("PJSIP/201", DialedParty.Answers(afterMs: 5, talkMs: 100));
            var token = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
            var settings = new Dictionary<string, string>
            {
                ["Callytics:FlowStore"] = Path.Combine(temp, "flows"),
                ["Callytics:Admin:Token"] = token,
                ["Callytics:Admin:AllowedOrigins:0"] = origin,
            };
            foreach (var (number, flowId) in routes) settings[$"Callytics:Routes:{number}"] = flowId;
            if (args.Contains("--call-center"))
            {
                // The real servers, as the integration tests use them: nothing of the call center is faked.
                redis = new RedisServer();
                postgres = new PostgresServer();
                await redis.InitializeAsync();
                await postgres.InitializeAsync();
                settings["Storage:Redis"] = redis.ConnectionString;
                settings["Storage:Postgres"] = await postgres.CreateDatabaseAsync("rig");
                settings["Storage:Directory"] = Path.Combine(temp, "storage");
            }
            else if (args.Contains("--storage-folder"))
                settings["Storage:Directory"] = Path.Combine(temp, "storage"); // the call center in a folder, queues in process
            await using var host = await RuntimeHostProcess.StartAsync(sim.HostSettings(settings));
            foreach (var (id, json) in flows) await PublishAsync(host.BaseUrl, token, id, json);
            Console.WriteLine(JsonSerializer.Serialize(new { url = host.BaseUrl, token, flowId = flows[0].Id }));
            var calls = new List<SimCall>();
            var n = 0;
            while (await Console.In.ReadLineAsync() is { } line && line.Trim() != "end")
            {
                var parts = line.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (parts is ["hangup", var who])
                {
                    foreach (var call in calls.Where(c => c.Script.CallerNumber == who && !c.Ended.IsCompleted)) sim.HangUpChannel(call.ChannelId);
                    continue;
                }
                ScriptedCaller caller;
                if (parts is ["dial", var from, var to, ..])
                    caller = Scripted(new ScriptedCaller(from, to), parts[3..]);
                else if (parts is ["call", ..])
                {
                    caller = new ScriptedCaller($"55500{n++}", "700");
                    if (parts.Length > 1) caller = parts[1] == "!" ? caller.HangUpOn(CallerTrigger.PlaybackStarted, 1, delayMs: 5) : caller.PressOnPlayback(1, parts[1], delayMs: 5);
                }
                else
                    continue;
                var placed = sim.PlaceCall(caller);
                calls.Add(placed);
                _ = placed.Ended.ContinueWith(_ => Console.WriteLine($"ended {placed.ChannelId}"), TaskScheduler.Default);
            }
            foreach (var call in calls.Where(c => !c.Ended.IsCompleted)) sim.HangUpChannel(call.ChannelId);
            await Task.WhenAll(calls.Select(c => c.Ended)).WaitAsync(TimeSpan.FromSeconds(10));
            return 0;
        }
        finally
        {
            if (redis is not null) await redis.DisposeAsync();
            if (postgres is not null) await postgres.DisposeAsync();
            ServerPaths.DeleteDirectory(temp);
        }
    }

    /// <summary>The <c>press DIGITS</c> / <c>speak SECONDS</c> steps of a <c>dial</c> command.</summary>
    private static ScriptedCaller Scripted(ScriptedCaller caller, string[] steps)
    {
        for (var i = 0; i + 1 < steps.Length; i += 2)
            caller = steps[i] switch
            {
                "press" => caller.PressOnPlayback(1, steps[i + 1], delayMs: 5),
                // Speaks, then presses # to end the message once the audio is over (the rig runs on the wall clock).
                "speak" => caller.SpeakWhenRecording(1, double.Parse(steps[i + 1], CultureInfo.InvariantCulture), delayMs: 5)
                    .PressWhenRecording(1, "#", delayMs: (int)(double.Parse(steps[i + 1], CultureInfo.InvariantCulture) * 1000) + 200),
                _ => throw new ArgumentException($"unknown step '{steps[i]}' (press or speak)"),
            };
        return caller;
    }

    /// <summary>Every value of a repeatable option.</summary>
    private static List<string> Options(string[] args, string name) =>
        [.. args.Select((a, i) => (a, i)).Where(p => p.a == name && p.i + 1 < args.Length).Select(p => args[p.i + 1])];

    /// <summary>Publishes the flow through the admin API, as an admin would, and waits until the host serves version 1.</summary>
    private static async Task PublishAsync(string url, string token, string flowId, string json)
    {
        using var http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromMinutes(2) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        (await http.PutAsync($"/api/flows/{flowId}/draft", new StringContent(json, Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();
        var published = await http.PostAsync($"/api/flows/{flowId}/publish", new StringContent("{\"message\":\"traffic rig\"}", Encoding.UTF8, "application/json"));
        if (!published.IsSuccessStatusCode)
            throw new InvalidOperationException($"publishing {flowId}: {(int)published.StatusCode} {await published.Content.ReadAsStringAsync()}");
        // The traffic route names the version the host serves once the hot swap has loaded it.
        for (var deadline = DateTime.UtcNow.AddSeconds(30); ; await Task.Delay(100))
        {
            var traffic = JsonNode.Parse(await http.GetStringAsync($"/api/flows/{flowId}/traffic"))!;
            if ((int)traffic["version"]! == 1) return;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"the host did not load version 1 of {flowId}");
        }
    }
}
