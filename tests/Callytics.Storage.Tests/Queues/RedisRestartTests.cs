using Callytics.Runtime.Storage.Common;
using Callytics.Runtime.Storage.Queues;
using Callytics.Storage.Tests.Fixtures;
using Callytics.TestSupport.Servers;
using StackExchange.Redis;

namespace Callytics.Storage.Tests.Queues;

/// <summary>
/// Redis killed with SIGKILL and restarted from its own disk (an RDB snapshot, or an append-only
/// file): it comes back with entries that stopped being true meanwhile (callers who hung up, an
/// operator marked busy with a conversation that ended, the match of that conversation). The hosts
/// must make it agree with what they hold, so the queue goes on serving. Each test owns its server.
/// </summary>
public sealed class RedisRestartTests : IAsyncLifetime
{
    private static readonly TimeSpan ShortLease = TimeSpan.FromMilliseconds(600);
    private readonly string _prefix = $"r{Guid.NewGuid():N}:";
    private readonly List<IAsyncDisposable> _owned = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var item in Enumerable.Reverse(_owned)) await item.DisposeAsync();
    }

    [Fact]
    public async Task After_a_restart_from_an_older_snapshot_the_caller_who_left_and_the_ended_match_are_gone_and_the_operator_serves_the_next_caller()
    {
        var server = await ServerAsync(RedisPersistence.Snapshot);
        var (callerHost, operatorHost, session, m1) = await C1WithTheOperatorAndC2WaitingAsync(server);

        await server.SnapshotAsync();              // Redis saves: c1 with op, c2 waiting
        Assert.True((await callerHost.LeaveAsync("q", "c2")).Removed); // c2 hangs up
        await callerHost.ReleaseOperatorAsync("op"); // c1's conversation ends
        await session.WhenReleased(m1).Within();
        await server.KillAsync();
        await server.StartAsync();                 // back from the snapshot: c2, op busy with c1, match:c1

        await AssertTheOperatorServesTheNextCallerAsync(server, callerHost, operatorHost, session, m1);
        Assert.Null(await callerHost.GetPositionAsync("q", "c2"));
        await AssertGoneAsync(server, "match:c1", "caller:c2");
    }

    [Fact]
    public async Task After_a_restart_from_the_append_only_file_what_ended_while_Redis_was_down_is_removed_and_the_operator_serves_the_next_caller()
    {
        var server = await ServerAsync(RedisPersistence.AppendOnly);
        var (callerHost, operatorHost, session, m1) = await C1WithTheOperatorAndC2WaitingAsync(server);

        await server.KillAsync(); // every write is in the append-only file
        // While Redis is down c2 hangs up and c1's conversation ends: the hosts cannot tell Redis.
        Assert.True((await callerHost.LeaveAsync("q", "c2")).Removed);
        await callerHost.ReleaseOperatorAsync("op");
        await server.StartAsync();

        await AssertTheOperatorServesTheNextCallerAsync(server, callerHost, operatorHost, session, m1);
        await AssertGoneAsync(server, "match:c1", "caller:c2");
    }

    [Fact]
    public async Task A_conversation_that_lasts_through_a_restart_keeps_its_operator_busy()
    {
        var server = await ServerAsync(RedisPersistence.AppendOnly);
        var (callerHost, operatorHost, session) = await OperatorOnItsHostAsync(server);
        var c1 = await callerHost.EnqueueCallerAsync("q", "c1");
        await c1.Matched.Within();
        await session.NextCallerAsync().Within();

        await server.KillAsync();
        await server.StartAsync();
        var c2 = await EnqueueWhenBackAsync(callerHost, "q", "c2");
        await Waits.UntilAsync(async () => (await operatorHost.GetOperatorAsync("op")) is { Available: false }, "the operator host wrote op back");
        await Task.Delay(ShortLease * 2); // reconciles and reclaim checks would have freed op by now

        Assert.False(c2.Matched.IsCompleted);
        Assert.Equal(1, await callerHost.GetPositionAsync("q", "c2"));
        await callerHost.ReleaseOperatorAsync("op");
        Assert.Equal("op", (await c2.Matched.Within()).OperatorId);
    }

    [Fact]
    public async Task Callers_who_arrive_while_Redis_is_down_wait_on_their_host_and_are_served_in_arrival_order_once_it_is_back()
    {
        var server = await ServerAsync(RedisPersistence.AppendOnly);
        var (callerHost, operatorHost, session) = await OperatorOnItsHostAsync(server);
        var busy = await callerHost.EnqueueCallerAsync("q", "c0");
        await busy.Matched.Within();
        await session.NextCallerAsync().Within(); // op talks with c0

        await server.KillAsync();
        // Refusing them would drop the call (the queue node had no answer but an exception).
        var c1 = await callerHost.EnqueueCallerAsync("q", "c1");
        var c2 = await callerHost.EnqueueCallerAsync("q", "c2");
        Assert.False(c1.Matched.IsCompleted);
        await server.StartAsync();
        await Waits.UntilAsync(async () => await TryAsync(() => callerHost.CountWaitingAsync("q")) == 2, "the caller host wrote c1 and c2 to Redis");

        Assert.Equal(1, await callerHost.GetPositionAsync("q", "c1"));
        Assert.Equal(2, await callerHost.GetPositionAsync("q", "c2"));
        await callerHost.ReleaseOperatorAsync("op"); // c0's conversation ends: op takes the first who came
        Assert.Equal("op", (await MatchedOrDescribeAsync(server, c1)).OperatorId);
        Assert.False(c2.Matched.IsCompleted);
    }

    [Fact]
    public async Task A_caller_who_arrives_while_Redis_is_still_loading_its_data_waits_on_their_host_and_is_served_once_it_has_loaded()
    {
        // Seen in the chaos soak (a CI run): after a restart Redis answers "-LOADING" to every command until
        // it has read its data back, seconds for a big one. The host took that for the call's own failure,
        // not for Redis being unavailable, and the caller was hung up without being served or timing out.
        var server = await ServerAsync(RedisPersistence.Snapshot);
        var (callerHost, operatorHost, session) = await OperatorOnItsHostAsync(server);
        await server.FillAsync(3000, _prefix + "filler:");
        await server.SnapshotAsync();
        await server.KillAsync();
        await server.StartLoadingSlowlyAsync(TimeSpan.FromMilliseconds(1)); // ~3 s of LOADING

        // The caller host's connection is back while Redis still loads: callers arrive then.
        await Waits.UntilAsync(() => Task.FromResult(callerHost.Problem is null), "the caller host reconnected");
        var arrived = new List<WaitingCaller>();
        while (await server.IsLoadingAsync())
        {
            arrived.Add(await callerHost.EnqueueCallerAsync("q", $"c{arrived.Count + 1}"));
            await Task.Delay(100);
        }
        Assert.NotEmpty(arrived);

        Assert.Equal("op", (await MatchedOrDescribeAsync(server, arrived[0])).OperatorId);
        Assert.Equal("c1", (await session.NextCallerAsync().Within()).CallerId);
    }

    [Fact]
    public async Task A_host_that_missed_a_match_while_its_subscription_was_down_learns_it_when_it_writes_its_operator_back_and_does_not_free_them()
    {
        // Seen in the chaos soak: after a Redis restart the operator's host had not heard of a match
        // (pub/sub messages are lost while the subscription reconnects) and wrote its operator back as
        // free, so the operator was matched again while talking: double-booked.
        var server = await ServerAsync(RedisPersistence.None);
        var callerHost = await HostAsync(server, "callers");
        var connection = await ConnectionMultiplexer.ConnectAsync(server.ConnectionString);
        _owned.Add(new AsyncDisposable(() => connection.CloseAsync())); // disposed after the state, which uses it
        var operatorHost = await RedisQueueState.StartAsync(connection, new RedisQueueOptions { KeyPrefix = _prefix, HostId = "operators", HostLease = ShortLease });
        _owned.Add(operatorHost);
        var session = await operatorHost.LoginOperatorAsync("op", "chan-op", ["q"]);
        await connection.GetSubscriber().UnsubscribeAllAsync(); // the operator host hears nothing from now on

        var c1 = await callerHost.EnqueueCallerAsync("q", "c1");
        Assert.Equal("op", (await c1.Matched.Within()).OperatorId);
        await operatorHost.ResyncAsync(); // as after a reconnect: it writes its operator back

        Assert.Equal("c1", (await session.NextCallerAsync().Within()).CallerId);
        var c2 = await callerHost.EnqueueCallerAsync("q", "c2");
        await Task.Delay(200);
        Assert.False(c2.Matched.IsCompleted, "op talks with c1 and must not be offered c2");
        Assert.Equal(1, await callerHost.GetPositionAsync("q", "c2"));
    }

    /// <summary>The answer, or -1 while Redis does not answer yet.</summary>
    private static async Task<int> TryAsync(Func<Task<int>> read)
    {
        try { return await read(); }
        catch (StorageUnavailableException) { return -1; }
        catch (RedisServerException) { return -1; }
    }

    [Fact]
    public async Task A_host_whose_operator_logged_in_again_through_another_host_does_not_take_the_operator_back_when_it_resyncs()
    {
        var server = await ServerAsync(RedisPersistence.None);
        var first = await HostAsync(server, "first");
        var second = await HostAsync(server, "second");
        var old = await first.LoginOperatorAsync("op", "chan-old", ["q"]);
        await Task.Delay(5); // the fence is the login time in milliseconds
        await second.LoginOperatorAsync("op", "chan-new", ["q"]);

        await first.ResyncAsync(); // as after a reconnect: it must not write its older login back

        Assert.Equal("chan-new", (await first.GetOperatorAsync("op"))!.ChannelId);
        await Assert.ThrowsAnyAsync<Exception>(() => old.NextCallerAsync().AsTask().Within()); // the old session was closed
        var caller = await first.EnqueueCallerAsync("q", "c1");
        Assert.Equal("chan-new", (await caller.Matched.Within()).OperatorChannelId);
    }

    /// <summary>Two hosts on <paramref name="server"/>, "callers" and "operators"; op is logged in to q through the operators' host.</summary>
    private async Task<(RedisQueueState CallerHost, RedisQueueState OperatorHost, OperatorSession Session)> OperatorOnItsHostAsync(RedisServer server)
    {
        var callerHost = await HostAsync(server, "callers");
        var operatorHost = await HostAsync(server, "operators");
        return (callerHost, operatorHost, await operatorHost.LoginOperatorAsync("op", "chan-op", ["q"]));
    }

    /// <summary>Two hosts on <paramref name="server"/>: op (on the operators' host) talks with c1; c2 waits.</summary>
    private async Task<(RedisQueueState CallerHost, RedisQueueState OperatorHost, OperatorSession Session, QueueMatch M1)> C1WithTheOperatorAndC2WaitingAsync(RedisServer server)
    {
        var (callerHost, operatorHost, session) = await OperatorOnItsHostAsync(server);
        var c1 = await callerHost.EnqueueCallerAsync("q", "c1");
        await callerHost.EnqueueCallerAsync("q", "c2");
        var m1 = await c1.Matched.Within();
        Assert.Equal("c1", (await session.NextCallerAsync().Within()).CallerId);
        return (callerHost, operatorHost, session, m1);
    }

    /// <summary>After the restart a new caller, c3, is matched with op (whose host noticed m1 ended) and nobody is left waiting.</summary>
    private async Task AssertTheOperatorServesTheNextCallerAsync(RedisServer server, RedisQueueState callerHost, RedisQueueState operatorHost, OperatorSession session, QueueMatch m1)
    {
        var c3 = await EnqueueWhenBackAsync(callerHost, "q", "c3");
        using var stop = new CancellationTokenSource();
        var watch = WatchLikeTheOperatorHostAsync(operatorHost, m1, stop.Token);

        Assert.Equal("op", (await MatchedOrDescribeAsync(server, c3)).OperatorId);
        Assert.Equal("c3", (await session.NextCallerAsync().Within()).CallerId);
        await stop.CancelAsync();
        await watch;
        Assert.Equal(0, await callerHost.CountWaitingAsync("q"));
    }

    [Fact]
    public async Task A_reconcile_keeps_the_match_of_a_caller_the_host_still_holds_as_waiting()
    {
        // Found by the chaos soak (an operator booked three times in 20 ms): a host's resync snapshots
        // its waiting callers, another host frees an operator who is matched with one of them, and the
        // reconcile, not knowing that match, took it for an ended conversation and freed the operator.
        var (db, Run) = await ScriptsOnTwoLiveHostsAsync();
        await Run(RedisQueueScripts.Enqueue, "q", "c1", "h1");            // c1 waits on host h1
        await Run(RedisQueueScripts.Login, "op", "chan-op", "h2", "", 1, "0", "", "q"); // op logs in on h2: matched with c1
        Assert.Equal("c1", (string?)await db.StringGetAsync(_prefix + "operator:op:busy"));

        // h1's resync took its snapshot before the match: c1 waiting, no conversation.
        await Run(RedisQueueScripts.Reconcile, "h1", "run", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() + 1, 1, "c1", 0);

        Assert.Equal("c1", (string?)await db.StringGetAsync(_prefix + "operator:op:busy"));
        Assert.True(await db.KeyExistsAsync(_prefix + "match:c1"));
        // Writing c1 back hands h1 the match it had not heard of.
        var fields = (RedisResult[])(await Run(RedisQueueScripts.Enqueue, "q", "c1", "h1"))!;
        Assert.Contains("op", fields.Select(f => (string?)f));
    }

    [Fact]
    public async Task An_operator_host_writing_back_a_conversation_that_ended_keeps_the_newer_match_Redis_holds()
    {
        // Found by the AOF restart test once the reconcile stopped dropping callers who arrived during it:
        // the caller's host ends c1's conversation and the operator is matched with c3 while the operator's
        // host still reconnects its subscription (both messages lost). Its write-back named c1 and took
        // the operator from c3, who was then never handed to the operator.
        var (db, Run) = await ScriptsOnTwoLiveHostsAsync();
        await Run(RedisQueueScripts.Login, "op", "chan-op", "h2", "", 1, "0", "", "q");
        await Run(RedisQueueScripts.Enqueue, "q", "c1", "h1");           // matched with op at once
        var c1At = (long)await db.HashGetAsync(_prefix + "match:c1", "at");
        await Task.Delay(5);                                              // match times are in milliseconds
        await Run(RedisQueueScripts.Release, "op", "h1", "c1");          // c1's host ends the conversation
        await Run(RedisQueueScripts.Enqueue, "q", "c3", "h1");           // op is matched with c3

        // h2 writes its login back as it sees it: busy with c1 (same fence, Redis restarted: not trusted).
        var answer = (RedisResult[])(await Run(RedisQueueScripts.Login, "op", "chan-op", "h2", "c1", 1, "0", c1At, "q"))!;

        Assert.Equal("c3", (string?)await db.StringGetAsync(_prefix + "operator:op:busy"));
        Assert.Equal("c3", (string?)answer[0]); // handed to h2 to deliver
    }

    /// <summary>
    /// A Redis without persistence where hosts h1 and h2 hold their leases, and a way to run one queue
    /// script as a host sends it (prefix and time first), to set up a race step by step.
    /// </summary>
    private async Task<(IDatabase Db, ScriptRun Run)> ScriptsOnTwoLiveHostsAsync()
    {
        var server = await ServerAsync(RedisPersistence.None);
        var redis = await ConnectionMultiplexer.ConnectAsync(server.ConnectionString);
        _owned.Add(new AsyncDisposable(() => redis.DisposeAsync().AsTask()));
        var db = redis.GetDatabase();
        foreach (var host in new[] { "h1", "h2" }) await db.StringSetAsync(_prefix + $"host:{host}:alive", "1");
        return (db, (script, args) => db.ScriptEvaluateAsync(script, null, [_prefix, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), .. args]));
    }

    private async Task<RedisServer> ServerAsync(RedisPersistence persistence)
    {
        var server = RedisServer.With(persistence);
        await server.InitializeAsync();
        _owned.Add(new AsyncDisposable(server.DisposeAsync));
        return server;
    }

    private async Task<RedisQueueState> HostAsync(RedisServer server, string host)
    {
        var state = await RedisQueueState.ConnectAsync(server.ConnectionString,
            new RedisQueueOptions { KeyPrefix = _prefix, HostId = host, HostLease = ShortLease });
        _owned.Add(state);
        return state;
    }

    /// <summary>A new caller arrives as soon as Redis answers again.</summary>
    private static async Task<WaitingCaller> EnqueueWhenBackAsync(IQueueState host, string queue, string caller)
    {
        var deadline = DateTime.UtcNow + Waits.Timeout;
        while (true)
        {
            try { return await host.EnqueueCallerAsync(queue, caller); }
            catch (StorageUnavailableException) when (DateTime.UtcNow < deadline) { await Task.Delay(50); }
        }
    }

    /// <summary>
    /// What the runtime host's operator side does during a conversation with another host's caller
    /// (OperatorLogins): asks each moment whether the operator can be reclaimed.
    /// </summary>
    private static async Task WatchLikeTheOperatorHostAsync(IQueueState operatorHost, QueueMatch match, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                if (await operatorHost.ReclaimOperatorAsync(match.OperatorId, match, ct)) return;
            }
            catch (StorageUnavailableException) { }
            catch (RedisServerException) { }
            try { await Task.Delay(200, ct); } catch (OperationCanceledException) { return; }
        }
    }

    /// <summary>The caller's match; on a timeout the failure lists every key of the test in Redis, to see what did not converge.</summary>
    private async Task<QueueMatch> MatchedOrDescribeAsync(RedisServer server, WaitingCaller caller)
    {
        try
        {
            return await caller.Matched.Within();
        }
        catch (TimeoutException)
        {
            await using var redis = await ConnectionMultiplexer.ConnectAsync(server.ConnectionString);
            var endpoint = redis.GetEndPoints().Single();
            var lines = new List<string>();
            foreach (var key in redis.GetServer(endpoint).Keys(pattern: _prefix + "*"))
            {
                var type = await redis.GetDatabase().KeyTypeAsync(key);
                var value = type switch
                {
                    RedisType.String => (string?)await redis.GetDatabase().StringGetAsync(key),
                    RedisType.Set => string.Join(",", await redis.GetDatabase().SetMembersAsync(key)),
                    RedisType.SortedSet => string.Join(",", await redis.GetDatabase().SortedSetRangeByRankAsync(key)),
                    RedisType.Hash => string.Join(",", (await redis.GetDatabase().HashGetAllAsync(key)).Select(e => $"{e.Name}={e.Value}")),
                    _ => type.ToString(),
                };
                lines.Add($"{((string)key!)[_prefix.Length..]} = {value}");
            }
            Assert.Fail($"{caller.CallerId} was not matched. Redis holds:\n{string.Join("\n", lines.Order())}");
            throw;
        }
    }

    private async Task AssertGoneAsync(RedisServer server, params string[] keys)
    {
        await using var redis = await ConnectionMultiplexer.ConnectAsync(server.ConnectionString);
        foreach (var key in keys)
            Assert.False(await redis.GetDatabase().KeyExistsAsync(_prefix + key), $"{key} is still in Redis");
    }

    private delegate Task<RedisResult> ScriptRun(string script, params RedisValue[] args);

    private sealed class AsyncDisposable(Func<Task> dispose) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await dispose();
    }
}
