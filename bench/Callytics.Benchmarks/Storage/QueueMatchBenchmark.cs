using System.Collections.Concurrent;
using System.Diagnostics;
using Callytics.Runtime.Storage.Queues;
using Callytics.TestSupport.Servers;

namespace Callytics.Benchmarks.Storage;

/// <summary>
/// Operator-match latency and throughput of <see cref="RedisQueueState"/>: two hosts share one real
/// redis-server (started here on loopback unless <c>--redis</c> names one); one holds the callers, the
/// other the operators. Latency is measured from an operator becoming free (the release call, or the
/// login for the first caller) to the caller's host holding the match, which is when it can create the bridge.
/// Usage: <c>dotnet run -c Release --project bench/Callytics.Benchmarks -- queue-match [callers] [operators] [--redis host:port]</c>
/// </summary>
public static class QueueMatchBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var numbers = args.Where(a => int.TryParse(a, out _)).Select(int.Parse).ToArray();
        var callers = numbers.ElementAtOrDefault(0) is > 0 and var c ? c : 500;
        var operators = numbers.ElementAtOrDefault(1) is > 0 and var o ? o : 20;
        var redisIndex = Array.IndexOf(args, "--redis");
        RedisServer? server = null;
        var redis = redisIndex >= 0 && redisIndex + 1 < args.Length ? args[redisIndex + 1] : null;
        if (redis is null)
        {
            server = new RedisServer();
            await server.InitializeAsync();
            redis = server.ConnectionString;
        }
        try
        {
            var result = await MeasureAsync(redis, callers, operators);
            Console.WriteLine($"callers={callers} operators={operators} hosts=2");
            Console.WriteLine($"match latency (operator free -> caller host has the match): p50={result.P50:0.00} ms p99={result.P99:0.00} ms max={result.Max:0.00} ms");
            Console.WriteLine($"throughput: {result.PerSecond:0} matches/s ({callers} matches in {result.Elapsed.TotalMilliseconds:0} ms)");
            return 0;
        }
        finally
        {
            if (server is not null) await server.DisposeAsync();
        }
    }

    private sealed record Result(double P50, double P99, double Max, double PerSecond, TimeSpan Elapsed);

    private static async Task<Result> MeasureAsync(string redis, int callerCount, int operatorCount)
    {
        var prefix = $"bench{Guid.NewGuid():N}:";
        await using var callerHost = await RedisQueueState.ConnectAsync(redis, new RedisQueueOptions { KeyPrefix = prefix, HostId = "callers" });
        await using var operatorHost = await RedisQueueState.ConnectAsync(redis, new RedisQueueOptions { KeyPrefix = prefix, HostId = "operators" });
        // When each caller's host got its match; the operator's side pairs it with the moment it became free.
        var arrivedAt = new ConcurrentDictionary<string, Task<long>>();
        var latencies = new ConcurrentBag<double>();

        var waiting = new List<Task>();
        for (var i = 0; i < callerCount; i++)
        {
            var caller = await callerHost.EnqueueCallerAsync("bench", $"c{i}");
            var arrived = caller.Matched.ContinueWith(_ => Stopwatch.GetTimestamp(), TaskContinuationOptions.ExecuteSynchronously);
            arrivedAt[caller.CallerId] = arrived;
            waiting.Add(arrived);
        }

        var clock = Stopwatch.StartNew();
        var served = 0;
        var workers = Enumerable.Range(0, operatorCount).Select(i => Task.Run(async () =>
        {
            var id = $"op{i}";
            var freeSince = Stopwatch.GetTimestamp();
            var session = await operatorHost.LoginOperatorAsync(id, $"chan-{id}", ["bench"]);
            while (Volatile.Read(ref served) < callerCount)
            {
                using var wait = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
                QueueMatch match;
                try { match = await session.NextCallerAsync(wait.Token); }
                catch (OperationCanceledException) { continue; }
                latencies.Add(Stopwatch.GetElapsedTime(freeSince, await arrivedAt[match.CallerId]).TotalMilliseconds);
                Interlocked.Increment(ref served);
                freeSince = Stopwatch.GetTimestamp();
                await operatorHost.ReleaseOperatorAsync(id);
            }
        })).ToArray();
        await Task.WhenAll(waiting).WaitAsync(TimeSpan.FromMinutes(5));
        clock.Stop();
        await Task.WhenAll(workers);

        var sorted = latencies.Order().ToArray();
        double Percentile(double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
        return new Result(Percentile(0.50), Percentile(0.99), sorted[^1], callerCount / clock.Elapsed.TotalSeconds, clock.Elapsed);
    }
}
