using System.Globalization;
using Callytics.TestSupport.CallCenter;
using Callytics.TestSupport.Servers;
using Xunit;

namespace Callytics.Benchmarks.CallCenter;

/// <summary>
/// <c>callcenter</c>: the end-to-end operator-match latency of the call center. Real runtime host
/// processes (a Stasis application each on one ARI simulator) share a redis-server and a PostgreSQL
/// started here on loopback; operators log in by PIN, callers queue and talk for a fixed time. The
/// latency runs from an operator's conversation ending (the caller leaves the bridge) to the operator
/// entering the bridge of the next waiting caller, both taken from the simulator's event times, so it
/// covers the host noticing the hang-up, the Redis match (Lua + pub/sub) and the ARI bridge requests.
/// Usage: <c>dotnet run -c Release --project bench/Callytics.Benchmarks -- callcenter [--callers 500]
/// [--operators 20] [--hosts 2] [--talk-ms 400] [--talk-jitter-ms 0] [--max-wait-ms 60000] [--arrival-ms 2500] [--warmup 60] [--worst 0]</c>
/// (<c>--warmup N</c>: callers served and left out before the measured ones; <c>--worst N</c> lists the N
/// slowest matches with their time into the run)
/// </summary>
public static class CallCenterBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var settings = new CallCenterLoadSettings
        {
            Callers = BenchCommandLine.Option(args, "--callers", 500),
            Operators = BenchCommandLine.Option(args, "--operators", 20),
            Hosts = BenchCommandLine.Option(args, "--hosts", 2),
            TalkMs = BenchCommandLine.Option(args, "--talk-ms", 400),
            TalkJitterMs = BenchCommandLine.Option(args, "--talk-jitter-ms", 0),
            // Long enough that every caller is served: each match then has a caller waiting.
            MaxWaitMs = BenchCommandLine.Option(args, "--max-wait-ms", 60_000),
            ArrivalMs = BenchCommandLine.Option(args, "--arrival-ms", 2500),
        };
        await using var redis = new AsyncLifetime<RedisServer>(new RedisServer());
        await using var postgres = new AsyncLifetime<PostgresServer>(new PostgresServer());
        await redis.StartAsync();
        await postgres.StartAsync();
        var loadBefore = BenchCommandLine.LoadAverage(3);
        await using var load = await CallCenterLoad.StartAsync(settings, redis.Value.ConnectionString, await postgres.Value.CreateDatabaseAsync("bench"));
        await load.LoginOperatorsAsync();
        // Measured in steady state, as a host that has been up for a while serves: the first burst of a
        // fresh process also pays for compiling the match path (see --warmup 0 and --worst).
        var warmup = BenchCommandLine.Option(args, "--warmup", 60);
        if (warmup > 0)
        {
            var warming = await load.PlaceCallersAsync(warmup);
            await CallCenterLoad.WaitEndedAsync(warming, TimeSpan.FromMilliseconds(settings.MaxWaitMs + 120_000));
            if (load.Analyse(warming).Problems is { Count: > 0 } warmProblems)
            {
                foreach (var problem in warmProblems.Take(10)) Console.WriteLine("  warm-up: " + problem);
                return 1;
            }
        }
        var callers = await load.PlaceCallersAsync();
        await CallCenterLoad.WaitEndedAsync(callers, TimeSpan.FromMilliseconds(settings.MaxWaitMs + 120_000));
        // Conversations are read from everything the simulator saw; the warm-up's are left out.
        var run = load.Analyse(callers).Only(callers.Select(c => c.Call.ChannelId).ToHashSet(StringComparer.Ordinal));
        var loadAfter = BenchCommandLine.LoadAverage(3);
        await load.HangUpOperatorsAsync();

        Console.WriteLine($"hosts={settings.Hosts} operators={settings.Operators} callers={settings.Callers} (after {warmup} warm-up callers) talk={settings.TalkMs}±{settings.TalkJitterMs} ms arrival={settings.ArrivalMs} ms max-wait={settings.MaxWaitMs} ms");
        Console.WriteLine($"served {run.Count(CallerFate.Served)}, timed out {run.Count(CallerFate.TimedOut)}, lost {run.Count(CallerFate.Lost)}, problems {run.Problems.Count}");
        foreach (var problem in run.Problems.Take(10)) Console.WriteLine("  " + problem);
        Console.WriteLine($"operator-match latency (conversation ended -> next caller's bridge) over {run.MatchLatencies.Count} matches: " +
            $"p50={Ms(run.LatencyPercentile(50))} ms p90={Ms(run.LatencyPercentile(90))} ms p99={Ms(run.LatencyPercentile(99))} ms max={Ms(run.LatencyPercentile(100))} ms");
        foreach (var (name, part) in Parts)
            Console.WriteLine($"  {name}: p50={Ms(run.LatencyPercentile(50, part))} ms p99={Ms(run.LatencyPercentile(99, part))} ms");
        PrintWorst(run, BenchCommandLine.Option(args, "--worst", 0));
        var ceiling = settings.Operators * 1000.0 / settings.TalkMs;
        Console.WriteLine($"throughput: {run.MatchesPerSecond:0.0} matches/s (the talk time caps it at {ceiling:0.0}/s)");
        Console.WriteLine($"load average before {loadBefore}, after {loadAfter}");
        return run.Problems.Count == 0 ? 0 : 1;
    }

    private static readonly (string Name, Func<MatchTiming, TimeSpan> Part)[] Parts =
    [
        ("caller left -> old bridge torn down (DELETE /bridges)", m => m.Teardown),
        ("torn down -> next bridge created (release, Redis match, pub/sub, POST /bridges)", m => m.Matching),
        ("created -> operator in it (addChannel)", m => m.Joining),
    ];

    /// <summary>The slowest matches with their time into the run: tells a cold start from bursts.</summary>
    private static void PrintWorst(CallCenterAnalysis run, int count)
    {
        if (count <= 0 || run.MatchLatencies.Count == 0) return;
        var start = run.MatchLatencies.Min(m => m.Free);
        Console.WriteLine($"  slowest {count} (time into the run: teardown + matching + joining):");
        foreach (var m in run.MatchLatencies.OrderByDescending(m => m.Total).Take(count))
            Console.WriteLine($"    +{Ms(m.Free - start)} ms: {Ms(m.Teardown)} + {Ms(m.Matching)} + {Ms(m.Joining)} = {Ms(m.Total)} ms");
    }

    private static string Ms(TimeSpan t) => t.TotalMilliseconds.ToString("0.0", CultureInfo.InvariantCulture);

    /// <summary>A test fixture used outside xunit: started here, disposed at the end.</summary>
    private sealed class AsyncLifetime<T>(T value) : IAsyncDisposable where T : IAsyncLifetime
    {
        public T Value => value;

        public Task StartAsync() => value.InitializeAsync();

        public async ValueTask DisposeAsync() => await value.DisposeAsync();
    }
}
