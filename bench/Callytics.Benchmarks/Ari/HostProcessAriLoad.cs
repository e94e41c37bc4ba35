using System.Diagnostics;
using System.Globalization;
using System.Text;
using Callytics.TestSupport;
using Callytics.TestSupport.AriSimulator;
using Callytics.TestSupport.CallCenter;
using Callytics.TestSupport.Flows;
using Callytics.TestSupport.Http;
using Callytics.TestSupport.Servers;
using Microsoft.AspNetCore.Http;

namespace Callytics.Benchmarks.Ari;

/// <summary>
/// The default <c>ari-load</c> mode: the real runtime host (Callytics.Runtime.Host.dll, its own
/// process, server GC as shipped unless <c>--host-gc workstation</c>) loads the benchmark flow compiled into a flow store, while the
/// ARI simulator, the loopback HTTP server and the call placement stay in this process — as with
/// a real Asterisk, the simulator's GC pauses and CPU no longer stop the host's threads. The
/// figures come from the host's own <c>/metrics</c> and from <c>/proc/&lt;pid&gt;/stat</c>.
/// </summary>
internal static class HostProcessAriLoad
{
    /// <summary>What one run measured (for comparisons run side by side).</summary>
    /// <param name="Passed">Every call ended and nothing was left behind.</param>
    /// <param name="P99Ms">Reaction p99, interpolated in its histogram bucket.</param>
    /// <param name="HeapPerCallKiB">Host managed heap per active call (upper bound).</param>
    /// <param name="Calls">Concurrent calls at the plateau.</param>
    /// <param name="Publish">What the publish made during the run answered and how long it took (null: none).</param>
    internal sealed record Figures(bool Passed, double P99Ms, double HeapPerCallKiB, double Calls, string? Publish = null);

    public static async Task<int> RunAsync(AriLoadHarness.Settings s) => (await MeasureAsync(s)).Passed ? 0 : 1;

    /// <summary>One run: the report printed (and appended to --out), the figures returned.</summary>
    internal static async Task<Figures> MeasureAsync(AriLoadHarness.Settings s)
    {
        var temp = ServerPaths.CreateTempDirectory("ari-load");
        try
        {
            return await RunInAsync(s, temp);
        }
        finally
        {
            ServerPaths.DeleteDirectory(temp);
            // Back to the host's priority, or the next run's host (comparisons) would inherit the lower one.
            if (s.LoadNice != 0) LoadGeneratorPriority.Set(0);
        }
    }

    private static async Task<Figures> RunInAsync(AriLoadHarness.Settings s, string temp)
    {
        await using var sim = await AriSimulator.StartAsync(new AriSimulatorOptions { MediaDuration = TimeSpan.FromMilliseconds(s.PromptMs) });
        sim.SetParty("PJSIP/201", DialedParty.Answers(afterMs: 200, talkMs: s.TalkMs));
        await using var web = await LoopbackHttpServer.StartAsync(c => c.Response.WriteAsync("{\"ok\":true}"));
        // The child inherits this process's environment: server GC as shipped, or workstation GC (--host-gc workstation).
        Environment.SetEnvironmentVariable("DOTNET_gcServer", s.HostGc == "server" ? "1" : "0");
        foreach (var setting in s.HostEnv)
            Environment.SetEnvironmentVariable(setting[..setting.IndexOf('=', StringComparison.Ordinal)], setting[(setting.IndexOf('=', StringComparison.Ordinal) + 1)..]);
        if (s.GcLog is not null)
        {
            Environment.SetEnvironmentVariable("DOTNET_STARTUP_HOOKS", typeof(StartupHook).Assembly.Location);
            Environment.SetEnvironmentVariable("CALLYTICS_BENCH_GC_LOG", s.GcLog);
        }
        var store = Path.Combine(temp, "flows");
        FlowHarness.Build(MenuLookupTransferFlow.Json(web.BaseUrl)).WriteTo(store);
        var token = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
        await using var host = await RuntimeHostProcess.StartAsync(sim.HostSettings(new Dictionary<string, string>
        {
            ["Callytics:FlowStore"] = store,
            ["Callytics:Routes:100"] = MenuLookupTransferFlow.FlowId,
            ["Callytics:Outbound:AllowLoopback"] = "true", // the flow's web service is a loopback server
            // Per-call information lines would cost more than the calls; warnings stay.
            ["Logging:LogLevel:Default"] = "Warning",
            ["Callytics:Traffic:Enabled"] = s.Traffic ? "true" : "false",
            ["Callytics:Admin:Token"] = token,
        }));
        var hostPid = host.HostProcessId ?? throw new InvalidOperationException("The host's process id was not found in /proc.");
        // After the host started, so that the host does not inherit it.
        if (s.LoadNice != 0) LoadGeneratorPriority.Set(s.LoadNice);
        using var http = new HttpClient { BaseAddress = new Uri(host.BaseUrl), Timeout = TimeSpan.FromSeconds(30) };

        // A call placed before the host's event socket is open is hung up, as Asterisk does.
        while (sim.OpenSockets == 0)
            await Task.Delay(10);
        await AriLoadHarness.WarmUpAsync(sim, s.TalkMs);
        var loadBefore = BenchCommandLine.LoadAverage();
        var before = HostMetrics.Parse(await http.GetStringAsync("/metrics"));
        var simProcess = Process.GetCurrentProcess();
        var simCpuStart = simProcess.TotalProcessorTime;
        var hostCpuStart = HostMetrics.ProcessCpu(hostPid);
        var wall = Stopwatch.StartNew();
        var timeline = new SlowReactionTimeline(http);

        // The publish starts with the calls, so that its compile overlaps their whole run.
        var publish = s.PublishNodes > 0 ? PublishAsync(host.BaseUrl, token, s.PublishNodes, timeline) : Task.FromResult<string?>(null);
        var calls = await AriLoadHarness.PlaceCallsAsync(sim, s, wall);
        var placingSeconds = wall.Elapsed.TotalSeconds;
        var plateau = await SamplePlateauAsync(http);

        var all = Task.WhenAll(calls.Select(c => c.Ended));
        var finished = await Task.WhenAny(all, Task.Delay(TimeSpan.FromMinutes(3))) == all;
        wall.Stop();
        simProcess.Refresh();
        var simCpu = simProcess.TotalProcessorTime - simCpuStart;
        var hostCpu = HostMetrics.ProcessCpu(hostPid) - hostCpuStart;
        await AriLoadHarness.WaitUntilIdleAsync(async () => HostMetrics.Parse(await http.GetStringAsync("/metrics")).Value("callytics_active_calls") == 0);
        var after = HostMetrics.Parse(await http.GetStringAsync("/metrics"));
        var leaks = sim.LeakReport();
        var loadAfter = BenchCommandLine.LoadAverage();
        var ended = calls.Count(c => c.Ended.IsCompleted);
        var completedFlow = AriLoadHarness.WalkedTheFlow(calls);

        var reactions = after.Buckets(HostMetrics.Reaction).Zip(before.Buckets(HostMetrics.Reaction), (a, b) => (a.Bound, Count: a.Count - b.Count)).ToList();
        var samples = reactions[^1].Count;
        var maxBefore = before.Value("callytics_ari_reaction_max_seconds");
        var maxAfter = after.Value("callytics_ari_reaction_max_seconds");
        // The idle heap is what the last GC after the warm-up left, garbage included: with server GC's larger
        // budgets it can exceed the plateau, so the difference is no bound. The whole plateau heap per call is.
        var idleHeap = before.Value("callytics_managed_heap_bytes");
        var boundByDifference = plateau.MinHeap > idleHeap;
        var heapPerCall = (boundByDifference ? plateau.MinHeap - idleHeap : plateau.MinHeap) / Math.Max(1, plateau.Calls);
        var wallSeconds = wall.Elapsed.TotalSeconds;
        var published = await publish;
        var slowTimes = await timeline.StopAsync();

        var report = new StringBuilder();
        report.AppendLine(CultureInfo.InvariantCulture, $"## ARI host under load, host in its own process, traffic counters {(s.Traffic ? "on" : "off")} ({DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC)");
        report.AppendLine();
        report.AppendLine(CultureInfo.InvariantCulture, $"Machine: {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}. Load average (1 min) when the run started / ended: {loadBefore} / {loadAfter} — the machine is shared, so a load far above the core count means the figures include waiting for a core.");
        report.AppendLine(CultureInfo.InvariantCulture, $"Command: `{s.Command}`");
        report.AppendLine();
        report.AppendLine(CultureInfo.InvariantCulture, $"The real host (`Callytics.Runtime.Host.dll`, its own process, {s.HostGc} GC{(s.HostEnv.Count > 0 ? ", environment " + string.Join(" ", s.HostEnv) : "")}{(s.LoadNice != 0 ? $"; the load generator at nice {s.LoadNice}, the host at 0" : "")}) runs the flow menu → webhook → http_request (loopback HTTP server) → transfer to extension 201 (an agent who answers after 200 ms and talks) → goodbye prompt, compiled by the compiler from flow JSON into a flow store it loads. The ARI simulator, the HTTP server and the call placement run in the benchmark process, as Asterisk would run beside the host. The figures come from the host's `/metrics` (scraped after a warm-up and after the run; the difference is the measured run) and from `/proc/<pid>/stat`.");
        report.AppendLine();
        report.AppendLine("| measure | value |");
        report.AppendLine("|---|---|");
        report.AppendLine(CultureInfo.InvariantCulture, $"| calls placed / ended / walked the whole flow | {s.Calls} / {ended} / {completedFlow} |");
        report.AppendLine(CultureInfo.InvariantCulture, $"| new calls accepted per second (placing {s.Calls} calls took {placingSeconds:F1} s; calls started by the host in the run: {after.Value("callytics_calls_started_total") - before.Value("callytics_calls_started_total"):F0}) | {s.Calls / placingSeconds:F0} |");
        report.AppendLine(CultureInfo.InvariantCulture, $"| concurrent calls at the plateau (host's callytics_active_calls) | {plateau.Calls:F0} |");
        report.AppendLine(CultureInfo.InvariantCulture, $"| reaction p50 (ARI event, or http_request answer, arriving → the call's next ARI request; histogram bucket holding it) | {HostMetrics.Quantile(reactions, 0.50)} |");
        report.AppendLine(CultureInfo.InvariantCulture, $"| reaction p99 | {HostMetrics.Quantile(reactions, 0.99)} |");
        report.AppendLine(CultureInfo.InvariantCulture, $"| reaction max ({samples} samples) | {HostMetrics.MaxText(reactions, maxBefore, maxAfter)} |");
        report.AppendLine(CultureInfo.InvariantCulture, $"| CPU of the host process | {hostCpu.TotalSeconds / wallSeconds * 100:F0} % of one core ({hostCpu.TotalSeconds:F1} s in {wallSeconds:F1} s) |");
        report.AppendLine(CultureInfo.InvariantCulture, $"| CPU of the simulator process (simulator, HTTP server, call placement) | {simCpu.TotalSeconds / wallSeconds * 100:F0} % of one core ({simCpu.TotalSeconds:F1} s) |");
        report.AppendLine(CultureInfo.InvariantCulture, $"| host managed heap per active call (upper bound, see below) | {heapPerCall / 1024.0:F1} KiB ({plateau.MinHeap / 1048576.0:F1} MiB at the plateau vs {idleHeap / 1048576.0:F1} MiB idle{(boundByDifference ? ", the difference" : ", more than the plateau: the whole plateau heap")} per call; whole plateau heap per call {plateau.MinHeap / Math.Max(1, plateau.Calls) / 1024.0:F1} KiB; {after.Value("callytics_gc_collections_total") - before.Value("callytics_gc_collections_total"):F0} GCs in the run) |");
        report.AppendLine(CultureInfo.InvariantCulture, $"| host GC pauses in the run (callytics_gc_pause_seconds_total) | {(after.Value("callytics_gc_pause_seconds_total") - before.Value("callytics_gc_pause_seconds_total")) * 1000:F0} ms in {after.Value("callytics_gc_collections_total") - before.Value("callytics_gc_collections_total"):F0} GCs, of which {after.Value("callytics_gc_collections_gen1_total") - before.Value("callytics_gc_collections_gen1_total"):F0} of generation 1 or 2 and {after.Value("callytics_gc_collections_gen2_total") - before.Value("callytics_gc_collections_gen2_total"):F0} full |");
        report.AppendLine(CultureInfo.InvariantCulture, $"| leak check after the run (simulator) / host calls still active | {leaks ?? "nothing left"} / {after.Value("callytics_active_calls"):F0} |");
        report.AppendLine(CultureInfo.InvariantCulture, $"| reactions over 5 ms, per half second of the run (from the host's histogram, scraped every 0.5 s) | {slowTimes} |");
        if (s.GcLog is not null)
            report.AppendLine(CultureInfo.InvariantCulture, $"| host GCs from the whole host's life, one line each in {s.GcLog} (--gc-log) | {GcLogSummary.Of(s.GcLog)} |");
        if (published is not null)
            report.AppendLine(CultureInfo.InvariantCulture, $"| a {s.PublishNodes:N0}-node flow published through the admin API, started with the first call (the run lasted {wallSeconds:F1} s) | {published} |");
        report.AppendLine();
        report.AppendLine("Percentiles are read from the host's `callytics_ari_reaction_seconds` histogram (the bucket counts after the run minus those after the warm-up): the value lies in the bucket shown, whose bounds are 0.25 ms apart between 1 and 2.5 ms, 0.5 ms apart up to 5 ms and 1 ms apart up to 10 ms; the figure given first is linearly interpolated in that bucket. The host keeps no per-sample list (that would cost memory and a lock on the call path in production); the exact maximum comes from the host's `callytics_ari_reaction_max_seconds` gauge, which is lifetime, so when the warm-up set it the measured run's maximum is given as its bucket instead.");
        report.AppendLine();
        report.AppendLine("Heap per call: the host's `callytics_managed_heap_bytes` gauge is the heap as the last GC left it (`GCMemoryInfo.HeapSizeBytes` minus fragmentation) — no GC can be forced from outside, so it includes garbage in generations the last GC did not collect. The plateau figure is the lowest of the values sampled every 100 ms over 2 s once all calls are placed (the lowest is the one closest to the live heap), minus the idle value after the warm-up, divided by the calls in progress: an upper bound of the live heap per call.");
        Console.WriteLine(report);
        if (s.Output is not null)
            await File.AppendAllTextAsync(s.Output, report + "\n");
        return new Figures(finished && leaks is null && (published is null || published.StartsWith("201", StringComparison.Ordinal)),
            HostMetrics.QuantileSeconds(reactions, 0.99) * 1000, heapPerCall / 1024.0, plateau.Calls, published);
    }

    /// <summary>
    /// Saves a generated <paramref name="nodes"/>-node flow as a draft and publishes it through the
    /// admin API, as an admin would; returns the publish's status and how long it took.
    /// </summary>
    private static async Task<string?> PublishAsync(string url, string token, int nodes, SlowReactionTimeline timeline)
    {
        using var admin = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromMinutes(5) };
        admin.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        var json = LargeFlowGenerator.Generate(nodes);
        var id = $"generated-{nodes.ToString(CultureInfo.InvariantCulture)}";
        var clock = Stopwatch.StartNew();
        (await admin.PutAsync($"/api/flows/{id}/draft", new StringContent(json, Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();
        timeline.Mark("draft saved");
        using var answer = await admin.PostAsync($"/api/flows/{id}/publish", new StringContent("{\"message\":\"benchmark\"}", Encoding.UTF8, "application/json"));
        timeline.Mark("publish answered");
        return $"{(int)answer.StatusCode} in {clock.Elapsed.TotalSeconds:F1} s";
    }

    /// <summary>Once every call is placed they are all in the menu, the lookup or the conversation: sample the host.</summary>
    private static async Task<(double Calls, double MinHeap)> SamplePlateauAsync(HttpClient http)
    {
        double calls = 0, minHeap = double.MaxValue;
        for (var i = 0; i < 20; i++)
        {
            var m = HostMetrics.Parse(await http.GetStringAsync("/metrics"));
            calls = Math.Max(calls, m.Value("callytics_active_calls"));
            minHeap = Math.Min(minHeap, m.Value("callytics_managed_heap_bytes"));
            await Task.Delay(100);
        }
        return (calls, minHeap);
    }
}
