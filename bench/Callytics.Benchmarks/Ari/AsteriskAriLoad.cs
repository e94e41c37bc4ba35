using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Callytics.Runtime.Ari.Calls;
using Callytics.Runtime.Ari.Client;
using Callytics.Runtime.Ari.Events;
using Callytics.Runtime.Catalog;
using Callytics.Runtime.Contract;
using Callytics.Runtime.Host;
using Callytics.Runtime.Host.Flows;
using Callytics.TestSupport.Http;
using Callytics.TestSupport.Servers;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Callytics.Benchmarks.Ari;

/// <summary>
/// <c>ari-asterisk</c>: the host (in this process) against a real Asterisk 22.10.1 (<see cref="AsteriskServer"/>):
/// N concurrent Local-channel calls walk menu (real playback of hello-world, DTMF 1) → http_request (loopback)
/// → transfer to an agent who answers and hangs up after 1 s → goodbye. Reports the host's CPU per call beside
/// Asterisk's (from /proc), the reaction time from an ARI event to the host's next request, and leaks.
/// </summary>
public static class AsteriskAriLoad
{
    private sealed class Machine(string lookupUrl) : IFlowMachine
    {
        public FlowIdentity Identity { get; } = new("menu-demo", 1, "bench");
        public string StartNode => "menu";

        public Effect Step(CallState state, Outcome outcome, IStepContext context) => (state.Node, outcome) switch
        {
            ("menu", EnterOutcome) => new ReadDigitsEffect([Prompt.Sound("hello-world")], true, 1, "", 5000, 1000),
            ("menu", DigitsOutcome { Digits: "1" }) => Go(state, context, "lookup"),
            ("menu", _) => new HangupEffect(Prompt.Sound("beep")),
            ("lookup", EnterOutcome) => new HttpRequestEffect("GET", lookupUrl, [], null, 2000),
            ("lookup", HttpOutcome { IsSuccess: true }) => Go(state, context, "agent"),
            ("lookup", _) => new HangupEffect(Prompt.Sound("beep")),
            ("agent", EnterOutcome) => new DialEffect([new DialTarget(DestinationType.Extension, "301", null)], DialStrategy.Simultaneous, 10000, 20000, false, false),
            ("agent", DialOutcome { Result: DialResult.Completed }) => new HangupEffect(Prompt.Sound("beep")),
            ("agent", _) => new HangupEffect(null),
            _ => throw new InvalidOperationException("no node " + state.Node),
        };

        private Effect Go(CallState state, IStepContext context, string node)
        {
            state.Enter(node);
            return Step(state, Outcome.Enter, context);
        }
    }

    private sealed class Reactions : IReactionObserver
    {
        public readonly ConcurrentQueue<long> Ticks = new();
        public void OnReaction(TimeSpan reaction) => Ticks.Enqueue(reaction.Ticks);
    }

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
        var asterisk = new AsteriskServer();
        await asterisk.InitializeAsync();
        try
        {
            await using var web = await LoopbackHttpServer.StartAsync(c => c.Response.WriteAsync("{\"ok\":true}"));
            var flows = new InMemoryFlowSource();
            flows.Publish(new Machine(web.BaseUrl + "/lookup"));
            var reactions = new Reactions();
            var catalog = new FlowCatalog(new Dictionary<string, string>(), new Dictionary<string, string>(), new Dictionary<string, Trunk>(),
                new Dictionary<string, string> { ["extension"] = $"Local/{{value}}@{AsteriskServer.WorldContext}", ["pstn"] = $"Local/{{number}}@{AsteriskServer.WorldContext}", ["sip_uri"] = $"Local/{{value}}@{AsteriskServer.WorldContext}" });
            await using var host = await HostApp.BuildAsync(["--urls", "http://127.0.0.1:0"], b =>
            {
                b.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
                {
                    ["Callytics:Ari:BaseUrl"] = asterisk.BaseUrl,
                    ["Callytics:Ari:User"] = asterisk.User,
                    ["Callytics:Ari:Password"] = asterisk.Password,
                    ["Callytics:Ari:Application"] = asterisk.Application,
                    ["Callytics:Routes:100"] = "menu-demo",
                });
                b.Logging.SetMinimumLevel(LogLevel.Warning);
                b.Services.AddSingleton<IFlowSource>(flows);
                b.Services.AddSingleton<IReactionObserver>(reactions);
                b.Services.AddSingleton(catalog);
            });
            await host.StartAsync();

            using var http = new HttpClient();
            var options = new AriOptions { BaseUrl = asterisk.BaseUrl, User = asterisk.User, Password = asterisk.Password, Application = asterisk.CallerApplication };
            var client = new AriClient(http, options);
            var router = new AriEventRouter();
            using var cts = new CancellationTokenSource();
            var stream = new AriEventStream(options, router, NullLogger.Instance);
            var streamTask = stream.RunAsync(cts.Token);
            await stream.FirstConnection.WaitAsync(TimeSpan.FromSeconds(10));
            await Task.Delay(500);

            var asteriskPid = FindAsteriskPid();
            var loadBefore = BenchCommandLine.LoadAverage();
            var self = Process.GetCurrentProcess();
            var hostCpu0 = self.TotalProcessorTime;
            var astCpu0 = ProcessCpu(asteriskPid);
            var wall = Stopwatch.StartNew();
            var placed = new List<Caller>(calls);
            for (var i = 0; i < calls; i++)
            {
                var due = TimeSpan.FromSeconds((double)i / rate);
                if (wall.Elapsed < due) await Task.Delay(due - wall.Elapsed);
                var caller = new Caller(client, $"bench-{i}");
                router.AddChannel(caller.Id, caller);
                placed.Add(caller);
                try { await client.OriginateAsync($"Local/100@{AsteriskServer.InboundContext}", caller.Id, "caller", $"555{i:D6}", 60, CancellationToken.None); }
                catch (AriRequestException e) { Console.Error.WriteLine($"originate {i}: {e.Message}"); caller.Ended.TrySetResult(); }
            }
            var all = Task.WhenAll(placed.Select(c => c.Ended.Task));
            var finished = await Task.WhenAny(all, Task.Delay(TimeSpan.FromMinutes(3))) == all;
            wall.Stop();
            self.Refresh();
            var hostCpu = self.TotalProcessorTime - hostCpu0;
            var astCpu = ProcessCpu(asteriskPid) - astCpu0;
            var (channels, bridges) = await asterisk.LeftoversAsync(10000);
            var loadAfter = BenchCommandLine.LoadAverage();
            await cts.CancelAsync();
            try { await streamTask; } catch (OperationCanceledException) { }

            var sorted = reactions.Ticks.ToArray();
            Array.Sort(sorted);
            string Ms(double p) => sorted.Length == 0 ? "n/a" : (sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)] / (double)TimeSpan.TicksPerMillisecond).ToString("F2", CultureInfo.InvariantCulture);
            var report = new StringBuilder();
            report.AppendLine(CultureInfo.InvariantCulture, $"## Host against a real Asterisk 22.10.1 ({DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC)");
            report.AppendLine();
            report.AppendLine(CultureInfo.InvariantCulture, $"Machine: {Environment.ProcessorCount} cores (shared), {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}. Load average (1 min) start / end: {loadBefore} / {loadAfter}.");
            report.AppendLine(CultureInfo.InvariantCulture, $"Command: `dotnet run -c Release --project bench/Callytics.Benchmarks -- ari-asterisk --calls {calls} --rate {rate}`");
            report.AppendLine();
            report.AppendLine("| measure | value |");
            report.AppendLine("|---|---|");
            report.AppendLine(CultureInfo.InvariantCulture, $"| calls placed / ended in time | {calls} / {placed.Count(c => c.Ended.Task.IsCompleted)} |");
            report.AppendLine(CultureInfo.InvariantCulture, $"| wall time | {wall.Elapsed.TotalSeconds:F1} s |");
            report.AppendLine(CultureInfo.InvariantCulture, $"| CPU of this process (host + the bench's caller side) per call | {hostCpu.TotalMilliseconds / calls:F1} ms |");
            report.AppendLine(CultureInfo.InvariantCulture, $"| CPU of Asterisk per call | {astCpu.TotalMilliseconds / calls:F1} ms |");
            report.AppendLine(CultureInfo.InvariantCulture, $"| host share of Asterisk's cost | {(astCpu.TotalMilliseconds > 0 ? hostCpu.TotalMilliseconds / astCpu.TotalMilliseconds * 100 : 0):F0} % |");
            report.AppendLine(CultureInfo.InvariantCulture, $"| reaction ARI event → next host request, p50 / p99 ({sorted.Length} samples) | {Ms(0.50)} / {Ms(0.99)} ms |");
            report.AppendLine(CultureInfo.InvariantCulture, $"| left on Asterisk after the run | {channels.Count} channels, {bridges.Count} bridges |");
            Console.WriteLine(report);
            if (output is not null) await File.WriteAllTextAsync(output, report.ToString());
            await host.StopAsync();
            return finished && channels.Count == 0 && bridges.Count == 0 ? 0 : 1;
        }
        finally
        {
            await asterisk.DisposeAsync();
        }
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
