using System.Diagnostics;
using System.Globalization;
using System.Text;
using Callytics.Runtime.Ari.Calls;
using Callytics.Runtime.Host;
using Callytics.Runtime.Host.Calls;
using Callytics.Runtime.Host.Flows;
using Callytics.TestSupport.AriSimulator;
using Callytics.TestSupport.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Callytics.Benchmarks.Ari;

/// <summary>
/// <c>ari-load</c>: many concurrent calls walking menu → http_request → transfer with scripted
/// digits. By default the real host runs in its own process (<see cref="HostProcessAriLoad"/>);
/// <c>--in-process</c> runs the host (HostApp) and the ARI simulator in this one process, for
/// comparison. Measures the time from an ARI event arriving to the host's next ARI request
/// (p50/p99), CPU, managed memory per active call and the rate at which new calls are accepted.
/// </summary>
public static class AriLoadHarness
{
    internal sealed class Settings
    {
        public int Calls = 2000;
        public int Rate = 250;
        public int TalkMs = 10_000;
        public int PromptMs = 1000;
        public bool InProcess;
        public string HostGc = "server";
        /// <summary><c>--host-env NAME=VALUE</c> (repeatable): more environment for the host process, e.g. a GC setting to try.</summary>
        public List<string> HostEnv = [];
        public string? Output;
        /// <summary>
        /// <c>--load-nice N</c>: after the host has started, this process (the simulator, the HTTP server and the
        /// call placement: the load generator) runs at niceness N, as if it ran on a machine of its own. 0: as started.
        /// </summary>
        public int LoadNice;
        /// <summary><c>--gc-log FILE</c>: the host writes one line per GC (generation, reason, pause, promoted) to FILE (see <c>StartupHook</c>) and the report sums it up.</summary>
        public string? GcLog;
        /// <summary>The host's traffic counters (Callytics:Traffic:Enabled); on, as shipped, unless a comparison turns them off.</summary>
        public bool Traffic = true;
        /// <summary><c>--traffic-compare N</c>: N pairs of runs without and with the counters (SideBySideBenchmark).</summary>
        public int TrafficPairs;
        /// <summary>Nodes of the flow published through the admin API while the calls run (0: none).</summary>
        public int PublishNodes;
        /// <summary><c>--publish-compare N</c>: N pairs of runs without and with a publish of <see cref="PublishNodes"/> nodes meanwhile.</summary>
        public int PublishPairs;

        public string Command => $"dotnet run -c Release --project bench/Callytics.Benchmarks -- ari-load{(InProcess ? " --in-process" : HostGc == "server" ? "" : " --host-gc " + HostGc)} --calls {Calls} --rate {Rate} --talk-ms {TalkMs} --prompt-ms {PromptMs}{(TrafficPairs > 0 ? $" --traffic-compare {TrafficPairs}" : "")}{(PublishPairs > 0 ? $" --publish-compare {PublishPairs} --publish-nodes {PublishNodes}" : "")}{string.Concat(HostEnv.Select(e => " --host-env " + e))}{(LoadNice != 0 ? $" --load-nice {LoadNice}" : "")}{(GcLog is not null ? " --gc-log " + GcLog : "")}";
    }

    /// <summary>
    /// Records reaction times into preallocated arrays (no locks on the call path). Samples that
    /// overlap the harness's own forced GC (to weigh the heap) are left out: that pause is the
    /// harness's, not the host's.
    /// </summary>
    private sealed class ReactionRecorder(int capacity) : IReactionObserver
    {
        private readonly long[] _ticks = new long[capacity];
        private readonly long[] _ends = new long[capacity];
        private int _count;

        public void OnReaction(TimeSpan reaction)
        {
            var i = Interlocked.Increment(ref _count) - 1;
            if (i >= _ticks.Length)
                return;
            _ticks[i] = reaction.Ticks;
            _ends[i] = Stopwatch.GetTimestamp();
        }

        public long[] Sorted(long excludeFrom, long excludeTo)
        {
            var n = Math.Min(Volatile.Read(ref _count), _ticks.Length);
            var kept = new List<long>(n);
            for (var i = 0; i < n; i++)
            {
                var end = _ends[i];
                var start = end - (long)(_ticks[i] / (double)TimeSpan.TicksPerSecond * Stopwatch.Frequency);
                if (end < excludeFrom || start > excludeTo)
                    kept.Add(_ticks[i]);
            }
            kept.Sort();
            return [.. kept];
        }
    }

    public static async Task<int> RunAsync(string[] args)
    {
        var s = Parse(args);
        if (s.TrafficPairs > 0) return await SideBySideBenchmark.TrafficAsync(s);
        if (s.PublishPairs > 0) return await SideBySideBenchmark.PublishAsync(s);
        return s.InProcess ? await RunInProcessAsync(s) : await HostProcessAriLoad.RunAsync(s);
    }

    private static async Task<int> RunInProcessAsync(Settings s)
    {
        await using var sim = await AriSimulator.StartAsync(new AriSimulatorOptions { MediaDuration = TimeSpan.FromMilliseconds(s.PromptMs) });
        sim.SetParty("PJSIP/201", DialedParty.Answers(afterMs: 200, talkMs: s.TalkMs));
        await using var web = await LoopbackHttpServer.StartAsync(c => c.Response.WriteAsync("{\"ok\":true}"));
        var flows = new InMemoryFlowSource();
        flows.Publish(new MenuLookupTransferMachine(1, web.BaseUrl + "/lookup", web.BaseUrl + "/hook"));
        var reactions = new ReactionRecorder(s.Calls * 16);
        await using var host = await HostApp.BuildAsync(["--urls", "http://127.0.0.1:0"], b =>
        {
            b.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Callytics:Ari:BaseUrl"] = sim.BaseUrl,
                ["Callytics:Ari:User"] = sim.Options.User,
                ["Callytics:Ari:Password"] = sim.Options.Password,
                ["Callytics:Ari:Application"] = sim.Options.Application,
                ["Callytics:Routes:100"] = "menu-demo",
                ["Callytics:Outbound:AllowLoopback"] = "true", // the flow's web service is a loopback server
            });
            b.Logging.SetMinimumLevel(LogLevel.Warning);
            b.Services.AddSingleton<IFlowSource>(flows);
            b.Services.AddSingleton<IReactionObserver>(reactions);
        });
        await host.StartAsync();
        while (sim.OpenSockets == 0)
            await Task.Delay(10);
        var callHost = host.Services.GetRequiredService<CallHost>();

        await WarmUpAsync(sim, s.TalkMs);
        var loadBefore = BenchCommandLine.LoadAverage();
        var baseline = SettledHeap();
        var process = Process.GetCurrentProcess();
        var cpuStart = process.TotalProcessorTime;
        var wall = Stopwatch.StartNew();

        var calls = await PlaceCallsAsync(sim, s, wall);
        var placingSeconds = wall.Elapsed.TotalSeconds;

        // Every call is now in the menu, the lookup or the conversation: the plateau.
        var peakCalls = callHost.ActiveCalls;
        var gcFrom = Stopwatch.GetTimestamp();
        var peakHeap = SettledHeap();
        var gcTo = Stopwatch.GetTimestamp();
        var peakCallsAfter = callHost.ActiveCalls;

        var all = Task.WhenAll(calls.Select(c => c.Ended));
        var finished = await Task.WhenAny(all, Task.Delay(TimeSpan.FromMinutes(3))) == all;
        wall.Stop();
        process.Refresh();
        var cpu = process.TotalProcessorTime - cpuStart;
        var leaks = sim.LeakReport();
        var loadAfter = BenchCommandLine.LoadAverage();
        var ended = calls.Count(c => c.Ended.IsCompleted);
        var completedFlow = WalkedTheFlow(calls);

        var sorted = reactions.Sorted(gcFrom, gcTo);
        var report = new StringBuilder();
        report.AppendLine(CultureInfo.InvariantCulture, $"## ARI host under load ({DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC)");
        report.AppendLine();
        report.AppendLine(CultureInfo.InvariantCulture, $"Machine: {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}, workstation GC. Load average (1 min) when the run started / ended: {loadBefore} / {loadAfter} — the machine is shared, so a load far above the core count means the figures include waiting for a core.");
        report.AppendLine(CultureInfo.InvariantCulture, $"Command: `{s.Command}`");
        report.AppendLine();
        report.AppendLine("The host (HostApp: CallHost, CallEngine, AriCallChannel, AriClient over HttpClient and ClientWebSocket) and the ARI simulator run in the same process on loopback; the flow is menu → http_request (loopback HTTP server) → transfer to an agent who answers after 200 ms and talks, then a goodbye prompt.");
        report.AppendLine();
        report.AppendLine("| measure | value |");
        report.AppendLine("|---|---|");
        report.AppendLine(CultureInfo.InvariantCulture, $"| calls placed / ended / walked the whole flow | {s.Calls} / {ended} / {completedFlow} |");
        report.AppendLine(CultureInfo.InvariantCulture, $"| new calls accepted per second (placing {s.Calls} calls took {placingSeconds:F1} s) | {s.Calls / placingSeconds:F0} |");
        report.AppendLine(CultureInfo.InvariantCulture, $"| concurrent calls at the plateau | {peakCalls}–{peakCallsAfter} |");
        report.AppendLine(CultureInfo.InvariantCulture, $"| reaction: ARI event (or http_request answer) arriving → the call's next ARI request, p50 | {Ms(Percentile(sorted, 0.50))} ms |");
        report.AppendLine(CultureInfo.InvariantCulture, $"| reaction p99 | {Ms(Percentile(sorted, 0.99))} ms |");
        report.AppendLine(CultureInfo.InvariantCulture, $"| reaction max ({sorted.Length} samples; those overlapping the harness's one forced GC left out) | {Ms(sorted.Length == 0 ? 0 : sorted[^1])} ms |");
        report.AppendLine(CultureInfo.InvariantCulture, $"| CPU (host + simulator), average over the run | {cpu.TotalSeconds / wall.Elapsed.TotalSeconds * 100:F0} % of one core ({cpu.TotalSeconds:F1} s CPU in {wall.Elapsed.TotalSeconds:F1} s) |");
        report.AppendLine(CultureInfo.InvariantCulture, $"| managed heap per active call (host + simulator state) | {(peakHeap - baseline) / 1024.0 / Math.Max(1, peakCalls):F1} KiB |");
        report.AppendLine(CultureInfo.InvariantCulture, $"| leak check after the run | {(leaks ?? "nothing left")} |");
        report.AppendLine();
        report.AppendLine("Memory per call is the settled managed heap (after a full GC) at the plateau minus the settled heap before the first call, divided by the calls in progress; it includes the simulator's own per-call state (channels, playbacks, bridges), so the host's share is lower.");
        Console.WriteLine(report);
        if (s.Output is not null)
            await File.WriteAllTextAsync(s.Output, "# ARI benchmark\n\n" + report);
        await host.StopAsync();
        return finished && leaks is null ? 0 : 1;
    }

    /// <summary>Places the calls at <see cref="Settings.Rate"/> per second; each presses 1 during the menu prompt.</summary>
    internal static async Task<List<SimCall>> PlaceCallsAsync(AriSimulator sim, Settings s, Stopwatch wall)
    {
        var calls = new List<SimCall>(s.Calls);
        for (var i = 0; i < s.Calls; i++)
        {
            var due = TimeSpan.FromSeconds((double)i / s.Rate);
            if (wall.Elapsed < due)
                await Task.Delay(due - wall.Elapsed);
            calls.Add(sim.PlaceCall(new ScriptedCaller($"555{i:D6}", "100").PressOnPlayback(1, "1", delayMs: 50)));
        }
        return calls;
    }

    /// <summary>Calls that heard the menu and, after the transfer, the goodbye prompt.</summary>
    internal static int WalkedTheFlow(IEnumerable<SimCall> calls) =>
        calls.Count(c => c.Played.Count == 2 && c.Played[1] == "sound:thanks");

    /// <summary>A few calls first so JIT and connection pools are warm before measuring.</summary>
    internal static async Task WarmUpAsync(AriSimulator sim, int talkMs)
    {
        // The warm-up walks what the measured calls walk (menu → webhook → lookup → transfer → thanks, with
        // a short conversation) and a few the goodbye way, so the measured run does not pay for the first
        // JIT compile of those paths or the first connections to the web service: until session 5 it only
        // pressed 9 (goodbye), and the slow reactions of every run clustered in its first seconds.
        sim.SetParty("PJSIP/201", DialedParty.Answers(afterMs: 20, talkMs: 200));
        try
        {
            var warm = Enumerable.Range(0, 40).Select(i => sim.PlaceCall(new ScriptedCaller($"999{i:D4}", "100").PressOnPlayback(1, i % 4 == 3 ? "9" : "1"))).ToList();
            await Task.WhenAll(warm.Select(c => c.Ended)).WaitAsync(TimeSpan.FromSeconds(30));
        }
        finally
        {
            sim.SetParty("PJSIP/201", DialedParty.Answers(afterMs: 200, talkMs: talkMs));
        }
    }

    /// <summary>Waits (up to 30 s) until <paramref name="idle"/> holds.</summary>
    internal static async Task WaitUntilIdleAsync(Func<Task<bool>> idle)
    {
        var clock = Stopwatch.StartNew();
        while (!await idle() && clock.Elapsed < TimeSpan.FromSeconds(30))
            await Task.Delay(100);
    }

    private static long SettledHeap()
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    private static long Percentile(long[] sorted, double p) =>
        sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

    private static string Ms(long ticks) => (ticks / (double)TimeSpan.TicksPerMillisecond).ToString("F3", CultureInfo.InvariantCulture);

    internal static Settings Parse(string[] args)
    {
        var s = new Settings();
        s.InProcess = args.Contains("--in-process");
        for (var i = 0; i < args.Length - 1; i++)
        {
            var value = args[i + 1];
            switch (args[i])
            {
                case "--calls": s.Calls = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--rate": s.Rate = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--talk-ms": s.TalkMs = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--prompt-ms": s.PromptMs = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--out": s.Output = value; break;
                case "--traffic-compare": s.TrafficPairs = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--publish-compare": s.PublishPairs = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--publish-nodes": s.PublishNodes = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--gc-log": s.GcLog = Path.GetFullPath(value); break;
                case "--load-nice": s.LoadNice = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--host-gc": s.HostGc = value == "workstation" ? value : "server"; break;
                case "--host-env" when value.Contains('=', StringComparison.Ordinal): s.HostEnv.Add(value); break;
                case "--host-env": throw new ArgumentException($"--host-env takes NAME=VALUE, not '{value}'");
            }
        }
        return s;
    }
}
