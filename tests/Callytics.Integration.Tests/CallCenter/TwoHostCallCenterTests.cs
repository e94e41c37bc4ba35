using Callytics.TestSupport.CallCenter;
using Callytics.TestSupport.Servers;
using Xunit.Abstractions;

namespace Callytics.Integration.Tests.CallCenter;

/// <summary>
/// Two real runtime host processes on one Asterisk (the ARI simulator, one Stasis application per
/// host) share one Redis and one PostgreSQL: 20 operators log in by PIN and 500 callers queue.
/// Everything is checked from the simulator's records, i.e. from Asterisk's side.
/// </summary>
[Collection(ServersCollection.Name)]
public sealed class TwoHostCallCenterTests(PostgresServer postgres, ITestOutputHelper output) : IAsyncLifetime
{
    // A Redis of its own per test: the hosts use no key prefix and the simulator numbers channels from 1,
    // so a match a previous run left for "sim-7" must not meet this run's "sim-7".
    private readonly RedisServer _redis = new();

    public Task InitializeAsync() => _redis.InitializeAsync();

    public Task DisposeAsync() => _redis.DisposeAsync();

    [Fact]
    public async Task Five_hundred_callers_and_twenty_operators_on_two_hosts_are_each_served_once_or_time_out_and_no_operator_is_double_booked()
    {
        // 20 operators talking 400 ms each serve at most 50 callers a second; the last caller gives up
        // 7.5 s after the first arrived, so well over 100 of the 500 must take the timeout output.
        var settings = new CallCenterLoadSettings { Hosts = 2, Operators = 20, Callers = 500, TalkMs = 400, MaxWaitMs = 5000, ArrivalMs = 2500 };
        await using var load = await CallCenterLoad.StartAsync(settings, _redis.ConnectionString, await postgres.CreateDatabaseAsync("twohosts"));
        await load.LoginOperatorsAsync();

        var callers = await load.PlaceCallersAsync();
        await CallCenterLoad.WaitEndedAsync(callers, TimeSpan.FromSeconds(60));
        var run = load.Analyse(callers);
        output.WriteLine($"served {run.Count(CallerFate.Served)}, timed out {run.Count(CallerFate.TimedOut)}; match latency p50 {run.LatencyPercentile(50).TotalMilliseconds:F1} ms, p99 {run.LatencyPercentile(99).TotalMilliseconds:F1} ms over {run.MatchLatencies.Count}; {run.MatchesPerSecond:F1} matches/s");

        Assert.True(run.Problems.Count == 0, string.Join("\n", run.Problems.Take(20)) + "\n" + load.HostLogs);
        Assert.Equal(settings.Callers, run.Fates.Count);
        Assert.Equal(0, run.Count(CallerFate.Lost));
        Assert.Equal(run.Count(CallerFate.Served), run.Conversations.Count);
        Assert.True(run.Count(CallerFate.TimedOut) > 0, "the capacity bound says some callers must time out");
        // Every operator took callers, on either host: matching crosses hosts.
        Assert.Equal(load.OperatorChannels.Order(), run.Conversations.Select(c => c.Operator).Distinct().Order());
        Assert.Contains(run.Conversations, c => HostOf(load, c.Caller, callers) != HostOf(load, c.Operator, callers));
        Assert.Contains(run.Conversations, c => HostOf(load, c.Caller, callers) == HostOf(load, c.Operator, callers));

        // Redis agrees: nobody waits, every operator is free again, and hanging up logs them out.
        Assert.Equal(0, await load.WaitingCallersAsync());
        await CallCenterLoad.WaitUntilAsync(async () => (await load.AvailableOperatorsAsync()).Count == settings.Operators, TimeSpan.FromSeconds(10), "every operator is free again");
        await load.HangUpOperatorsAsync();
        await CallCenterLoad.WaitUntilAsync(async () => (await load.AvailableOperatorsAsync()).Count == 0, TimeSpan.FromSeconds(10), "every operator is logged out");
        await load.Sim.AssertNoLeaksAsync(5000);
    }

    [Fact]
    public async Task An_operator_on_one_host_is_back_on_hold_when_a_caller_of_the_other_host_hangs_up_and_takes_the_next_one()
    {
        var settings = new CallCenterLoadSettings { Hosts = 2, Operators = 1, Callers = 1, TalkMs = 300, MaxWaitMs = 10_000, ArrivalMs = 0 };
        await using var load = await CallCenterLoad.StartAsync(settings, _redis.ConnectionString, await postgres.CreateDatabaseAsync("holdagain"));
        await load.LoginOperatorsAsync();
        var (operatorHost, callerHost) = (load.Operators[0].Application, load.Applications.First(a => a != load.Operators[0].Application));
        var channel = load.Operators[0].Call!.ChannelId;
        int Moh(string method) => load.Sim.Requests.Count(r => r.Method == method && r.Path == $"/channels/{channel}/moh");
        Assert.Equal(operatorHost, load.Applications[0]);

        var first = await load.PlaceCallersAsync(1, callerHost);
        await CallCenterLoad.WaitEndedAsync(first, TimeSpan.FromSeconds(20));
        // Only the caller's host saw the conversation end; the operator's host learns it over Redis.
        await CallCenterLoad.WaitUntilAsync(() => Task.FromResult(Moh("POST") == 2), TimeSpan.FromSeconds(10), "the operator hears music on hold again");
        var second = await load.PlaceCallersAsync(1, callerHost);
        await CallCenterLoad.WaitEndedAsync(second, TimeSpan.FromSeconds(20));

        var run = load.Analyse(first.Concat(second));
        Assert.True(run.Problems.Count == 0, string.Join("\n", run.Problems) + "\n" + load.HostLogs);
        Assert.Equal(2, run.Count(CallerFate.Served));
        Assert.All(run.Conversations, c => Assert.Equal(channel, c.Operator));
        await CallCenterLoad.WaitUntilAsync(() => Task.FromResult(Moh("POST") == 3), TimeSpan.FromSeconds(10), "the operator is on hold after the second caller");
        Assert.Equal(2, Moh("DELETE"));
        await load.HangUpOperatorsAsync();
        await load.Sim.AssertNoLeaksAsync(5000);
    }

    [Fact]
    public async Task After_a_host_is_killed_its_callers_and_operators_are_never_matched_once_its_lease_lapses_and_the_other_host_serves_on()
    {
        // Talks of 600 ms keep callers of both hosts waiting when the host dies; the maximum wait outlasts the lease.
        var settings = new CallCenterLoadSettings { Hosts = 2, Operators = 10, Callers = 100, TalkMs = 600, MaxWaitMs = 12_000, ArrivalMs = 1000 };
        await using var load = await CallCenterLoad.StartAsync(settings, _redis.ConnectionString, await postgres.CreateDatabaseAsync("killedhost"));
        await load.LoginOperatorsAsync();
        var (survivor, killed) = (load.Applications[0], load.Applications[1]);

        var callers = await load.PlaceCallersAsync();
        await CallCenterLoad.WaitUntilAsync(async () => await load.WaitingCallersAsync() > 20, TimeSpan.FromSeconds(10), "callers wait on both hosts");
        await load.Hosts[1].KillAsync();
        // The lease (5 s) lapses at most 5 s after the kill; a match made just before may still be bridged a moment later.
        var lapsed = DateTimeOffset.UtcNow + RedisLease + TimeSpan.FromSeconds(3);
        await Task.Delay(lapsed - DateTimeOffset.UtcNow);
        // New callers after the lapse: only the survivor's operators may take them.
        var later = await load.PlaceCallersAsync(20, survivor);

        var survivors = callers.Where(c => c.Application == survivor).Concat(later).ToList();
        await CallCenterLoad.WaitEndedAsync(survivors, TimeSpan.FromSeconds(60));
        var run = load.Analyse(survivors);
        var deadChannels = callers.Where(c => c.Application == killed).Select(c => c.Call.ChannelId)
            .Concat(load.Operators.Where(o => o.Application == killed).Select(o => o.Call!.ChannelId)).ToHashSet();
        var late = run.Conversations.Where(c => c.Started > lapsed).ToList();
        output.WriteLine($"survivor's callers: served {run.Count(CallerFate.Served)}, timed out {run.Count(CallerFate.TimedOut)}; {late.Count} conversations after the lease lapsed");

        Assert.True(run.Problems.Count == 0, string.Join("\n", run.Problems.Take(20)) + "\n" + load.HostLogs);
        Assert.Equal(0, run.Count(CallerFate.Lost));
        Assert.Contains(late, c => later.Any(l => l.Call.ChannelId == c.Caller));
        Assert.DoesNotContain(late, c => deadChannels.Contains(c.Caller) || deadChannels.Contains(c.Operator));
        // The survivor's operators all come free again: none waits for a caller whose host is gone.
        var survivingOperators = load.Operators.Where(o => o.Application == survivor).Select(o => o.OperatorId).ToList();
        await CallCenterLoad.WaitUntilAsync(async () => (await load.AvailableOperatorsAsync()).IsSupersetOf(survivingOperators), TimeSpan.FromSeconds(10),
            "the surviving host's operators are all free again");
        Assert.Equal(0, await load.WaitingCallersAsync());

        // What the dead host held stays in Asterisk until the people hang up; nothing of it is matched meanwhile.
        foreach (var caller in callers.Where(c => c.Application == killed && !c.Call.Ended.IsCompleted))
            load.Sim.HangUpChannel(caller.Call.ChannelId);
        await load.HangUpOperatorsAsync();
        Assert.Empty(load.Sim.Channels);
    }

    /// <summary>RedisQueueOptions.HostLease's default, which the host uses.</summary>
    private static readonly TimeSpan RedisLease = new Callytics.Runtime.Storage.Queues.RedisQueueOptions().HostLease;

    private static string HostOf(CallCenterLoad load, string channel, IReadOnlyList<CallerLine> callers) =>
        load.Operators.FirstOrDefault(o => o.Call!.ChannelId == channel)?.Application
        ?? callers.First(c => c.Call.ChannelId == channel).Application;
}
