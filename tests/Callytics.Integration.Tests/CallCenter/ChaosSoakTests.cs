using System.Security.Cryptography;
using Callytics.Runtime.Storage;
using Callytics.TestSupport.CallCenter;
using Callytics.TestSupport.Servers;
using Xunit.Abstractions;

namespace Callytics.Integration.Tests.CallCenter;

/// <summary>
/// A bounded, seeded chaos soak (issue 13): two real host processes on one Asterisk (the ARI
/// simulator) with their own Redis (append-only file) and PostgreSQL take 200 queue callers and 20
/// voicemail callers while Redis is killed with SIGKILL and restarted from its disk, PostgreSQL is
/// stopped and started, every ARI event socket is dropped and one host is killed. What must hold:
/// every caller the surviving host holds is served or times out (then leaves a callback), and the
/// callers of the dead host are only left for their people to hang up; no operator is ever in two
/// conversations (read from the simulator's bridges); every callback and voicemail record is stored
/// exactly once; no call is stuck; the published flows are intact.
/// </summary>
public sealed class ChaosSoakTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Seed = 20261203;
    private readonly RedisServer _redis = RedisServer.With(RedisPersistence.AppendOnly);
    private readonly PostgresServer _postgres = new();

    public async Task InitializeAsync()
    {
        await _redis.InitializeAsync();
        await _postgres.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await _redis.DisposeAsync();
        await _postgres.DisposeAsync();
    }

    [Fact]
    public async Task Two_hosts_serve_200_callers_through_redis_and_postgres_restarts_a_dropped_event_socket_and_a_killed_host_and_lose_nothing()
    {
        var random = new Random(Seed);
        TimeSpan At(double seconds) => TimeSpan.FromSeconds(seconds + random.NextDouble() * 0.5);
        // 6 operators talking 500 ms serve about 12 callers a second; after the kill, 3 serve 6 a second
        // while 8 a second arrive, so callers time out and leave callbacks.
        var settings = new CallCenterLoadSettings
        {
            Hosts = 2, Operators = 6, Callers = 120, TalkMs = 500, TalkJitterMs = 200, MaxWaitMs = 6000, ArrivalMs = 10_000, CallbackOnTimeout = true,
        };
        var database = await _postgres.CreateDatabaseAsync("chaos");
        await using var load = await CallCenterLoad.StartAsync(settings, _redis.ConnectionString, database);
        var published = HashFolder(load.FlowStore);
        await load.LoginOperatorsAsync();
        var (survivor, doomed) = (load.Applications[0], load.Applications[1]);
        var faults = new List<string>();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        async Task Until(TimeSpan at) { if (at > clock.Elapsed) await Task.Delay(at - clock.Elapsed); }
        void Log(string fault) => faults.Add($"{clock.Elapsed.TotalSeconds,5:F1} s  {fault}");

        var phaseA = load.PlaceCallersAsync(settings.Callers);
        await Until(At(0.5));
        var voicemail = load.PlaceVoicemailCallers(10, first: 0, application: survivor).ToList();
        await Until(At(2));
        await _redis.KillAsync(); Log("redis-server killed (SIGKILL)");
        await Until(At(3.5));
        await _redis.StartAsync(); Log("redis-server restarted from its append-only file");
        await Until(At(5));
        await _postgres.StopAsync(); Log("PostgreSQL stopped");
        await Task.Delay(300);
        voicemail.AddRange(load.PlaceVoicemailCallers(10, first: 10, application: survivor)); // recorded while PostgreSQL is down
        await Until(At(7.5));
        await _postgres.StartAsync(); Log("PostgreSQL started");
        await Until(At(8.5));
        var dropped = DateTimeOffset.UtcNow;
        load.Sim.DropEventSockets(); Log("every ARI event socket dropped");
        await CallCenterLoad.WaitUntilAsync(() => Task.FromResult(load.Sim.OpenSockets == 2), TimeSpan.FromSeconds(10), "both hosts reconnected");
        var reconnected = DateTimeOffset.UtcNow; Log("both hosts reconnected");
        var callers = (await phaseA).ToList();
        await load.Hosts[1].KillAsync(); Log("host 2 killed");
        callers.AddRange(await load.PlaceCallersAsync(80, survivor, first: settings.Callers)); Log("80 more callers, to host 1");

        // The surviving host's callers all end by themselves; what is left belongs to the dead host.
        var survivors = callers.Where(c => c.Application == survivor).Concat(voicemail).ToList();
        try
        {
            await CallCenterLoad.WaitEndedAsync(survivors, TimeSpan.FromSeconds(90));
        }
        catch (TimeoutException e)
        {
            var stuck = survivors.Where(c => !c.Call.Ended.IsCompleted).Select(c => Describe(load, c));
            Assert.Fail($"{e.Message}\n{string.Join("\n", stuck)}\n{string.Join("\n", faults)}\n{load.HostLogs}");
        }
        // Calls that arrived while their host's socket was down never reached it: Asterisk's Stasis()
        // fails and hangs them up (NoApplicationOnBothTests). Only those of the reconnect gap may be so.
        var refused = callers.Where(c => !load.Sim.Events.Any(e => e.Type == "StasisStart" && e.Key == c.Call.ChannelId)).ToList();
        Assert.All(refused, c => Assert.InRange(load.Sim.Events.First(e => e.Key == c.Call.ChannelId).At, dropped, reconnected));
        var leftovers = callers.Where(c => !c.Call.Ended.IsCompleted).ToList();
        Assert.All(leftovers, c => Assert.Equal(doomed, c.Application));
        foreach (var caller in leftovers) load.Sim.HangUpChannel(caller.Call.ChannelId); // abandoned: their host is gone
        var accounted = callers.Except(leftovers).Except(refused).ToList();
        var run = load.Analyse(accounted);
        output.WriteLine(string.Join("\n", faults));
        output.WriteLine($"seed {Seed}: {callers.Count} queue callers: served {run.Count(CallerFate.Served)}, timed out {run.Count(CallerFate.TimedOut)}, " +
            $"abandoned with the dead host {leftovers.Count}, refused by Asterisk while their host reconnected {refused.Count}; {voicemail.Count} voicemail callers; {clock.Elapsed.TotalSeconds:F0} s");

        // Every caller served or timed out; no operator in two conversations at once (the simulator's bridges).
        if (run.Problems.Count > 0)
        {
            // The test output is printed last, after the host logs the assertion carries, so a CI log cut to its tail still shows what went wrong.
            var involved = callers.Concat(load.Operators.Select(o => new CallerLine(o.Call!, o.Application)))
                .Where(c => run.Problems.Any(p => p.Contains(c.Call.ChannelId + " ", StringComparison.Ordinal) || p.Contains(c.Call.ChannelId + ",", StringComparison.Ordinal)))
                .Select(c => Describe(load, c));
            var what = string.Join("\n", run.Problems.Take(20)) + "\n" + string.Join("\n", involved);
            output.WriteLine("PROBLEMS\n" + what);
            Assert.Fail(load.HostLogs + "\n" + string.Join("\n", faults) + "\n" + what);
        }
        Assert.Equal(0, run.Count(CallerFate.Lost));
        Assert.True(run.Count(CallerFate.Served) > 100, $"only {run.Count(CallerFate.Served)} served");

        // Callbacks and voicemail records: exactly once each, including those written while PostgreSQL was down.
        await using var storage = await StorageFactory.OpenAsync(new StorageOptions { Postgres = database, Directory = ServerPaths.CreateTempDirectory("chaos-read") });
        var timedOut = accounted.Where(c => run.Fates[c.Call.ChannelId] == CallerFate.TimedOut).Select(c => c.Call.Script.CallerNumber).ToList();
        await CallCenterLoad.WaitUntilAsync(async () => (await storage.Callbacks.ListAsync()).Count >= timedOut.Count, TimeSpan.FromSeconds(30), "every callback is stored");
        var callbacks = (await storage.Callbacks.ListAsync()).Select(c => c.Request.Number).ToList();
        Assert.Equal(callbacks.Count, callbacks.Distinct().Count());
        Assert.Subset(callbacks.ToHashSet(), timedOut.ToHashSet());
        await CallCenterLoad.WaitUntilAsync(async () => (await storage.Voicemail.ListAsync(load.Mailbox)).Count >= voicemail.Count, TimeSpan.FromSeconds(30),
            "every voicemail record is stored (the spool replays what was recorded while PostgreSQL was down)");
        var messages = (await storage.Voicemail.ListAsync(load.Mailbox)).Select(m => m.CallerId).Order().ToList();
        Assert.Equal(voicemail.Select(v => v.Call.Script.CallerNumber).Order(), messages);

        // No stuck call once the people hang up; the published flows are what was published.
        await load.HangUpOperatorsAsync(survivor);
        foreach (var line in load.Operators.Where(o => o.Application == doomed)) load.Sim.HangUpChannel(line.Call!.ChannelId);
        await CallCenterLoad.WaitUntilAsync(() => Task.FromResult(load.Sim.Channels.Count == 0), TimeSpan.FromSeconds(10), "no channel is left");
        Assert.Equal(published, HashFolder(load.FlowStore));
    }

    /// <summary>What the simulator saw of one call: its events and the requests about it, for failure messages.</summary>
    private static string Describe(CallCenterLoad load, CallerLine c) =>
        $"{c.Call.ChannelId} {c.Call.Script.CallerNumber} → {c.Call.Script.DialedNumber} on {c.Application}, played {string.Join(", ", c.Call.Played)}; " +
        $"events: {string.Join(", ", load.Sim.Events.Where(v => v.Key == c.Call.ChannelId).Select(v => $"{v.At:HH:mm:ss.fff} {v.Type} {v.BridgeId}"))}; " +
        $"requests: {string.Join(", ", load.Sim.Requests.Where(r => r.Path.Contains(c.Call.ChannelId, StringComparison.Ordinal) || r.Query.Any(q => q.Value.Contains(c.Call.ChannelId, StringComparison.Ordinal))).Select(r => $"{r.At:HH:mm:ss.fff} {r.Method} {r.Path}?{string.Join("&", r.Query.Select(q => q.Key + "=" + q.Value))} {r.Status}"))}";

    /// <summary>Every file of <paramref name="folder"/> with its SHA-256, in path order.</summary>
    private static string HashFolder(string folder) => string.Join("\n",
        Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
            .Select(f => $"{Path.GetRelativePath(folder, f)} {Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f)))}"));
}
