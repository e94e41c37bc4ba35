using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Callytics.Runtime.Ari.Client;
using Callytics.Runtime.Ari.Events;
using Callytics.TestSupport;
using Callytics.TestSupport.AriSimulator;
using Callytics.TestSupport.CallCenter;
using Callytics.TestSupport.Http;
using Callytics.TestSupport.Servers;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;

namespace Callytics.Benchmarks.Ari;

/// <summary>
/// <c>ari-asterisk</c>: the real runtime host (<c>Callytics.Runtime.Host.dll</c> in its own process, as
/// shipped) against a real Asterisk 22.10.1 (<see cref="AsteriskServer"/>): N concurrent Local-channel
/// calls walk the compiled flow menu (real playback of hello-world, DTMF 1) → webhook → http_request
/// (loopback) → transfer to an agent who answers and hangs up after 1 s → a closing prompt. The caller
/// side (originating, pressing the key, its own event socket) runs in this process, so the host's CPU
/// (from <c>/proc/&lt;pid&gt;/stat</c>) is its own, reported beside Asterisk's; the reaction times come
/// from the host's <c>/metrics</c> histogram.
/// </summary>
public static class AsteriskAriLoad
{
    private const string FlowId = MenuLookupTransferFlow.FlowId;

    /// <summary>The benchmark flow with sounds the core sound set has; the agent (301) answers and hangs up after 1 s.</summary>
    private static string Flow(string baseUrl) => MenuLookupTransferFlow.Json(baseUrl, new MenuLookupTransferFlow.Media(
        Menu: "hello-world", Thanks: "auth-thankyou", Nobody: "beeperr", Failed: "beeperr", Goodbye: "goodbye", Agent: "301", LookupTimeoutMs: 2000, RingMs: 10000));

    private sealed class Caller(AriClient client, string id) : ICallEventTarget
    {
        public readonly TaskCompletionSource Ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public string Id => id;

        public void Deliver(AriEvent evt)
        {
            if (evt is StasisStartEvent)
                _ = PressAsync();
            else if (evt is ChannelDestroyedEvent or StasisEndEvent)
                Ended.TrySetResult();
        }

        // The menu prompt is playing by now; the key interrupts it.
        private async Task PressAsync()
        {
            await Task.Delay(300);
            try { await client.SendDtmfAsync(id, "1", CancellationToken.None); }
            catch (AriRequestException) { }
        }
    }

    public static async Task<int> RunAsync(string[] args)
    {
        var calls = 200;
        var rate = 50;
        string? output = null;
        for (var i = 0; i < args.Length - 1; i++)
        {
            if (args[i] == "--calls") calls = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
            if (args[i] == "--rate") rate = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
            if (args[i] == "--out") output = args[i + 1];
        }
        var temp = ServerPaths.CreateTempDirectory("ari-asterisk");
        var token = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
        var asterisk = new AsteriskServer();
        await asterisk.InitializeAsync();
        try
        {
            var hooks = 0;
            await using var web = await LoopbackHttpServer.StartAsync(c =>
            {
                if (c.Request.Path.StartsWithSegments("/hook")) Interlocked.Increment(ref hooks);
                return c.Response.WriteAsync("{\"ok\":true}");
            });
            var store = Path.Combine(temp, "flows");
            FlowHarness.Build(Flow(web.BaseUrl)).WriteTo(store);
            var catalog = Path.Combine(temp, "catalog.json");
            await File.WriteAllTextAsync(catalog, $$"""
                { "endpoints": { "extension": "Local/{value}@{{AsteriskServer.WorldContext}}", "pstn": "Local/{number}@{{AsteriskServer.WorldContext}}", "sip_uri": "Local/{value}@{{AsteriskServer.WorldContext}}" } }
                """);
            await using var host = await RuntimeHostProcess.StartAsync(new Dictionary<string, string>
            {
                ["Callytics:Ari:BaseUrl"] = asterisk.BaseUrl,
                ["Callytics:Ari:User"] = asterisk.User,
                ["Callytics:Ari:Password"] = asterisk.Password,
                ["Callytics:Ari:Application"] = asterisk.Application,
                ["Callytics:FlowStore"] = store,
                ["Callytics:Catalog"] = catalog,
                ["Callytics:Routes:100"] = FlowId,
                ["Callytics:Outbound:AllowLoopback"] = "true", // the flow's web service is a loopback server
                ["Logging:LogLevel:Default"] = "Warning",
                ["Callytics:Admin:Token"] = token,
            });
            var hostPid = host.HostProcessId ?? throw new InvalidOperationException("The host's process id was not found in /proc.");
            using var metrics = new HttpClient { BaseAddress = new Uri(host.BaseUrl) };
            metrics.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);

            using var http = new HttpClient();
            var options = new AriOptions { BaseUrl = asterisk.BaseUrl, User = asterisk.User, Password = asterisk.Password, Application = asterisk.CallerApplication };
            var client = new AriClient(http, options);
            var router = new AriEventRouter();
            using var cts = new CancellationTokenSource();
            var stream = new AriEventStream(options, router, NullLogger.Instance);
            var streamTask = stream.RunAsync(cts.Token);
            await stream.FirstConnection.WaitAsync(TimeSpan.FromSeconds(10));

            // The host's first calls JIT its call path: not part of the measured run.
            var (warm, _) = await PlaceAsync(client, router, 10, 10, "warm");
            if (!await AllEndedAsync(warm)) Console.Error.WriteLine("warning: a warm-up call did not end in 3 minutes");
            await Task.Delay(500);

            var asteriskPid = FindAsteriskPid();
            var loadBefore = BenchCommandLine.LoadAverage();
            var before = HostMetrics.Parse(await metrics.GetStringAsync("/metrics"));
            var self = Process.GetCurrentProcess();
            var benchCpu0 = self.TotalProcessorTime;
            var hostCpu0 = HostMetrics.ProcessCpu(hostPid);
            var astCpu0 = ProcessCpu(asteriskPid);
            var hooks0 = Volatile.Read(ref hooks);
            var wall = Stopwatch.StartNew();
            var (placed, refused) = await PlaceAsync(client, router, calls, rate, "bench");
            // CPU is read each time a call ends: when a call is stuck, the figures stop at the last call that
            // ended, so the minutes spent waiting for the stuck one do not add idle time to either process.
            var ended = -1;
            var cpu = (Wall: TimeSpan.Zero, Host: TimeSpan.Zero, Asterisk: TimeSpan.Zero, Bench: TimeSpan.Zero);
            while (wall.Elapsed < TimeSpan.FromMinutes(3))
            {
                var now = placed.Count(c => c.Ended.Task.IsCompleted);
                if (now != ended)
                {
                    ended = now;
                    self.Refresh();
                    cpu = (wall.Elapsed, HostMetrics.ProcessCpu(hostPid) - hostCpu0, ProcessCpu(asteriskPid) - astCpu0, self.TotalProcessorTime - benchCpu0);
                }
                if (ended == placed.Count) break;
                await Task.Delay(100);
            }
            var finished = ended == placed.Count;
            var (_, hostCpu, astCpu, benchCpu) = cpu;
            // Where the calls that did not end are, by the host's own account.
            var stuck = finished ? "" : await metrics.GetStringAsync($"/api/flows/{FlowId}/traffic?window=all");
            var after = HostMetrics.Parse(await metrics.GetStringAsync("/metrics"));
            var (channels, bridges) = await asterisk.LeftoversAsync(10000);
            var loadAfter = BenchCommandLine.LoadAverage();
            await cts.CancelAsync();
            try { await streamTask; } catch (OperationCanceledException) { }

            var reactions = after.Buckets(HostMetrics.Reaction).Zip(before.Buckets(HostMetrics.Reaction), (a, b) => (a.Bound, Count: a.Count - b.Count)).ToList();
            var walked = Volatile.Read(ref hooks) - hooks0;
            var share = astCpu.TotalMilliseconds > 0 ? hostCpu.TotalMilliseconds / astCpu.TotalMilliseconds * 100 : double.NaN;
            var report = new StringBuilder();
            report.AppendLine(CultureInfo.InvariantCulture, $"## Host (own process) against a real Asterisk 22.10.1 ({DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC)");
            report.AppendLine();
            report.AppendLine(CultureInfo.InvariantCulture, $"Machine: {Environment.ProcessorCount} cores (shared), {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}. Load average (1 min) start / end: {loadBefore} / {loadAfter}.");
            report.AppendLine(CultureInfo.InvariantCulture, $"Command: `dotnet run -c Release --project bench/Callytics.Benchmarks -- ari-asterisk --calls {calls} --rate {rate}`");
            report.AppendLine();
            report.AppendLine("The real host (`Callytics.Runtime.Host.dll`, its own process, server GC as shipped) runs the compiled flow menu (hello-world, real playback; the caller presses 1 during it) → webhook → http_request (loopback HTTP server) → transfer to extension 301 on Asterisk (answers, hangs up after 1 s) → a closing prompt. The caller side (originating `Local/100@callytics-in`, its own ARI event socket, the key press) and the HTTP server run in the benchmark process. CPU times from `/proc/<pid>/stat` over the measured run (after 10 warm-up calls); reactions from the host's `callytics_ari_reaction_seconds` histogram.");
            report.AppendLine();
            report.AppendLine("| measure | value |");
            report.AppendLine("|---|---|");
            report.AppendLine(CultureInfo.InvariantCulture, $"| calls placed / refused by Asterisk / ended in time / walked to the webhook | {calls} / {refused} / {placed.Count(c => c.Ended.Task.IsCompleted)} / {walked} |");
            report.AppendLine(CultureInfo.InvariantCulture, $"| wall time until the last call ended | {cpu.Wall.TotalSeconds:F1} s |");
            report.AppendLine(CultureInfo.InvariantCulture, $"| CPU of the host process per call | {hostCpu.TotalMilliseconds / calls:F1} ms ({hostCpu.TotalSeconds:F1} s) |");
            report.AppendLine(CultureInfo.InvariantCulture, $"| CPU of Asterisk per call | {astCpu.TotalMilliseconds / calls:F1} ms ({astCpu.TotalSeconds:F1} s) |");
            report.AppendLine(CultureInfo.InvariantCulture, $"| **host's CPU as a share of Asterisk's** (target ≤ 10 %) | {share:F1} % |");
            report.AppendLine(CultureInfo.InvariantCulture, $"| CPU of the benchmark process (caller side, HTTP server) per call, not counted above | {benchCpu.TotalMilliseconds / calls:F1} ms |");
            report.AppendLine(CultureInfo.InvariantCulture, $"| reaction ARI event → next host request, p50 / p99 ({reactions[^1].Count:F0} samples; interpolated in the histogram bucket) | {HostMetrics.Quantile(reactions, 0.50)} / {HostMetrics.Quantile(reactions, 0.99)} |");
            report.AppendLine(CultureInfo.InvariantCulture, $"| left on Asterisk after the run | {channels.Count} channels, {bridges.Count} bridges{(channels.Count > 0 ? ": " + string.Join(", ", channels) : "")} |");
            report.AppendLine(CultureInfo.InvariantCulture, $"| host calls still active after the run | {after.Value("callytics_active_calls"):F0} |");
            if (!finished) report.AppendLine().AppendLine(CultureInfo.InvariantCulture, $"Calls that did not end, from the host's traffic route: `{stuck}`");
            Console.WriteLine(report);
            if (output is not null) await File.WriteAllTextAsync(output, report.ToString());
            return finished && refused == 0 && channels.Count == 0 && bridges.Count == 0 ? 0 : 1;
        }
        finally
        {
            await asterisk.DisposeAsync();
            ServerPaths.DeleteDirectory(temp);
        }
    }

    /// <summary>Originates <paramref name="count"/> calls into the inbound context at <paramref name="rate"/> per second.</summary>
    private static async Task<(List<Caller> Placed, int Refused)> PlaceAsync(AriClient client, AriEventRouter router, int count, int rate, string prefix)
    {
        var wall = Stopwatch.StartNew();
        var placed = new List<Caller>(count);
        var refused = 0;
        for (var i = 0; i < count; i++)
        {
            var due = TimeSpan.FromSeconds((double)i / rate);
            if (wall.Elapsed < due) await Task.Delay(due - wall.Elapsed);
            var caller = new Caller(client, $"{prefix}-{i}");
            router.AddChannel(caller.Id, caller);
            placed.Add(caller);
            try { await client.OriginateAsync($"Local/100@{AsteriskServer.InboundContext}", caller.Id, "caller", $"555{i:D6}", 60, CancellationToken.None); }
            catch (AriRequestException e)
            {
                Console.Error.WriteLine($"originate {caller.Id}: {e.Message}");
                refused++;
                caller.Ended.TrySetResult();
            }
        }
        return (placed, refused);
    }

    private static async Task<bool> AllEndedAsync(List<Caller> callers)
    {
        var all = Task.WhenAll(callers.Select(c => c.Ended.Task));
        return await Task.WhenAny(all, Task.Delay(TimeSpan.FromMinutes(3))) == all;
    }

    private static int? FindAsteriskPid()
    {
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            try
            {
                var cmd = File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ');
                if (cmd.Contains("sbin/asterisk", StringComparison.Ordinal) && cmd.Contains("callytics-asterisk-", StringComparison.Ordinal) && !cmd.StartsWith("/bin/sh", StringComparison.Ordinal))
                    return pid;
            }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
        return null;
    }

    private static TimeSpan ProcessCpu(int? pid)
    {
        if (pid is null) return TimeSpan.Zero;
        var fields = File.ReadAllText($"/proc/{pid}/stat").Split(')')[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds(ticks / 100.0);
    }
}
