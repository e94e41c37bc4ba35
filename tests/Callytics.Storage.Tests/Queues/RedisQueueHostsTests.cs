using System.Globalization;
using Callytics.Runtime.Storage.Queues;
using Callytics.Storage.Tests.Fixtures;
using Callytics.TestSupport;
using Callytics.TestSupport.Servers;
using StackExchange.Redis;

namespace Callytics.Storage.Tests.Queues;

/// <summary>Several hosts sharing one real Redis: atomic matching, dead hosts, a Redis restart.</summary>
[Collection(RedisCollection.Name)]
public sealed class RedisQueueHostsTests(RedisServer redis) : IAsyncLifetime
{
    private static readonly TimeSpan ShortLease = TimeSpan.FromMilliseconds(600);
    private readonly string _prefix = $"h{Guid.NewGuid():N}:";
    private readonly List<IAsyncDisposable> _owned = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var item in Enumerable.Reverse(_owned)) await item.DisposeAsync();
    }

    [Fact]
    public Task Four_hosts_match_400_callers_to_6_operators_without_double_booking_or_loss() =>
        FourHostsServe400CallersAsync(callerSpacing: TimeSpan.Zero, lapses: 0);

    /// <summary>
    /// A host that stalls longer than its lease (a long GC pause, a starved VM: a loaded CI machine made the
    /// 600 ms lease lapse) is taken for dead meanwhile: other hosts drop its waiting callers and its free
    /// operators, and it writes them back once it runs again. Deleting a lease key is what the other hosts
    /// then see. Before the fix this lost callers, left operators busy with conversations that had ended,
    /// queued a caller already served a second time and booked operators twice (it failed 7 runs of 7).
    /// </summary>
    [Fact]
    public Task Hosts_whose_lease_lapses_mid_run_lose_no_caller_and_book_no_operator_twice() =>
        FourHostsServe400CallersAsync(callerSpacing: TimeSpan.FromMilliseconds(3), lapses: 20);

    /// <summary>
    /// 400 callers spread over four hosts and six operators, each conversation ended by the caller's host
    /// as the runtime does (the host that bridged them); optionally one host's lease lapses every 50 ms.
    /// </summary>
    private async Task FourHostsServe400CallersAsync(TimeSpan callerSpacing, int lapses)
    {
        const int callerCount = 400;
        var hosts = new List<RedisQueueState>();
        for (var i = 0; i < 4; i++) hosts.Add(await HostAsync(redis, $"host{i}"));
        IQueueState CallerHost(QueueMatch m) => hosts[int.Parse(m.CallerHostId!["host".Length..], CultureInfo.InvariantCulture)];
        await using var reader = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        var ledger = new MatchLedger(m => OtherLiveMatchAsync(reader, m));
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var operators = new List<Task>();
        for (var i = 0; i < 6; i++)
        {
            var host = hosts[i % hosts.Count];
            var session = await host.LoginOperatorAsync($"op{i}", $"chan-op{i}", ["sales"]);
            operators.Add(Task.Run(() => ledger.ServeAsync(host, session, callerCount, stop.Token, releaseOn: CallerHost)));
        }
        var lapsing = Task.Run(async () =>
        {
            for (var k = 0; k < lapses; k++)
            {
                await Task.Delay(50);
                await reader.GetDatabase().KeyDeleteAsync($"{_prefix}host:host{k % hosts.Count}:alive");
            }
        });

        var callers = await Task.WhenAll(Enumerable.Range(0, callerCount).Select(i => Task.Run(async () =>
        {
            await Task.Delay(callerSpacing * i);
            return await hosts[i % hosts.Count].EnqueueCallerAsync("sales", $"caller{i}");
        })));
        var matches = await Task.WhenAll(callers.Select(c => c.Matched)).WaitAsync(TimeSpan.FromSeconds(60));
        await Task.WhenAll(operators).WaitAsync(TimeSpan.FromSeconds(60));
        await lapsing;

        ledger.AssertEachCallerServedOnce(matches, callerCount);
        Assert.Equal(0, await hosts[0].CountWaitingAsync("sales"));
        // A host whose lease lapsed writes its free operators back at its next heartbeat.
        await Waits.UntilAsync(async () => (await hosts[1].GetAvailableOperatorsAsync("sales")).Count == 6, "all six operators are free again");
    }

    /// <summary>
    /// Double booking as Redis holds it: another caller's live match record naming the operator, or the
    /// operator's busy mark naming someone else, when <paramref name="match"/> was just delivered.
    /// </summary>
    private async Task<string?> OtherLiveMatchAsync(ConnectionMultiplexer reader, QueueMatch match)
    {
        var db = reader.GetDatabase();
        var busy = (string?)await db.StringGetAsync($"{_prefix}operator:{match.OperatorId}:busy");
        if (busy != match.CallerId)
            return $"{match.OperatorId} was handed {match.CallerId} but Redis marks them busy with '{busy}'";
        var server = reader.GetServer(reader.GetEndPoints()[0]);
        await foreach (var key in server.KeysAsync(pattern: _prefix + "match:*"))
        {
            if ((string?)key == $"{_prefix}match:{match.CallerId}") continue;
            if ((string?)await db.HashGetAsync(key, "operator") == match.OperatorId)
                return $"{match.OperatorId} was handed {match.CallerId} while Redis still holds {((string)key!)[_prefix.Length..]} for them";
        }
        return null;
    }

    [Fact]
    public async Task Callers_of_a_dead_host_are_never_matched_and_leave_the_queue()
    {
        var doomedConnection = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        var doomed = await RedisQueueState.StartAsync(doomedConnection, Options("doomed"));
        await doomed.EnqueueCallerAsync("q", "ghost1");
        await doomed.EnqueueCallerAsync("q", "ghost2");
        var survivor = await HostAsync(redis, "survivor");
        var live = await survivor.EnqueueCallerAsync("q", "live");
        Assert.Equal(3, await survivor.GetPositionAsync("q", "live"));

        doomedConnection.Close(allowCommandsToComplete: false); // the process died: no clean-up, its lease simply stops being renewed
        await Task.Delay(ShortLease * 2);
        var session = await survivor.LoginOperatorAsync("op", "chan-op", ["q"]);

        Assert.Equal("live", (await live.Matched.Within()).CallerId);
        Assert.Equal("live", (await session.NextCallerAsync().Within()).CallerId);
        Assert.Equal(0, await survivor.CountWaitingAsync("q"));
    }

    [Fact]
    public async Task Callers_held_by_a_killed_host_process_are_not_matched_to_operators()
    {
        var survivor = await HostAsync(redis, "survivor");
        WaitingCaller live;
        using (var doomed = ProbeProcess.Start("queue-callers", redis.ConnectionString, _prefix, "killed-host", "q", "3"))
        {
            await doomed.WaitForLineAsync("READY");
            live = await survivor.EnqueueCallerAsync("q", "live");
            Assert.Equal(4, await survivor.GetPositionAsync("q", "live"));
            await doomed.KillAsync();
        }
        await Task.Delay(ShortLease * 2);

        var session = await survivor.LoginOperatorAsync("op", "chan-op", ["q"]);

        Assert.Equal("live", (await session.NextCallerAsync().Within()).CallerId);
        Assert.Equal("live", (await live.Matched.Within()).CallerId);
        Assert.Equal(0, await survivor.CountWaitingAsync("q"));
    }

    [Fact]
    public async Task Operators_of_a_dead_host_are_never_given_callers()
    {
        var doomedConnection = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        var doomed = await RedisQueueState.StartAsync(doomedConnection, Options("doomed"));
        await doomed.LoginOperatorAsync("ghost-op", "chan-ghost", ["q"]);
        doomedConnection.Close(allowCommandsToComplete: false);
        await Task.Delay(ShortLease * 2);

        var survivor = await HostAsync(redis, "survivor");
        var caller = await survivor.EnqueueCallerAsync("q", "c1");
        Assert.Equal(1, await survivor.GetPositionAsync("q", "c1"));
        Assert.Null(await survivor.GetOperatorAsync("ghost-op"));

        await survivor.LoginOperatorAsync("live-op", "chan-live", ["q"]);
        Assert.Equal("live-op", (await caller.Matched.Within()).OperatorId);
    }

    [Fact]
    public async Task An_operator_matched_with_the_caller_of_a_host_that_died_is_reclaimed_once_its_lease_lapses_and_serves_the_next_caller()
    {
        var doomedConnection = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        var doomed = await RedisQueueState.StartAsync(doomedConnection, Options("doomed"));
        await doomed.EnqueueCallerAsync("q", "ghost");
        var survivor = await HostAsync(redis, "survivor");
        var session = await survivor.LoginOperatorAsync("op", "chan-op", ["q"]);
        var stranded = await session.NextCallerAsync().Within();
        Assert.Equal(("ghost", "doomed"), (stranded.CallerId, stranded.CallerHostId));
        Assert.False(await survivor.ReclaimOperatorAsync("op", stranded)); // its host lives: it will bridge them

        doomedConnection.Close(allowCommandsToComplete: false); // killed before bridging: nobody will release the operator
        var next = await survivor.EnqueueCallerAsync("q", "live");
        await Waits.UntilAsync(() => survivor.ReclaimOperatorAsync("op", stranded), "the operator is reclaimed after the lease lapsed");

        Assert.Equal("op", (await next.Matched.Within()).OperatorId);
        Assert.Equal("live", (await session.NextCallerAsync().Within()).CallerId);
        Assert.False(await survivor.ReclaimOperatorAsync("op", stranded)); // the operator moved on
        Assert.False((await survivor.GetOperatorAsync("op"))!.Available);
    }

    [Fact]
    public async Task The_caller_s_host_releasing_the_operator_ends_the_conversation_on_the_operator_s_host()
    {
        var operatorHost = await HostAsync(redis, "operators");
        var callerHost = await HostAsync(redis, "callers");
        var session = await operatorHost.LoginOperatorAsync("op", "chan-op", ["q"]);
        var caller = await callerHost.EnqueueCallerAsync("q", "c1");
        var match = await session.NextCallerAsync().Within();
        Assert.Equal("callers", (await caller.Matched.Within()).CallerHostId);
        var ended = session.WhenReleased(match);

        await callerHost.ReleaseOperatorAsync("op");

        // Told over Redis: the operator's host puts them back on hold between callers.
        await ended.Within();
        Assert.False(session.InConversation);
        Assert.Equal(["op"], await callerHost.GetAvailableOperatorsAsync("q"));
    }

    [Fact]
    public async Task A_match_made_by_another_host_reaches_both_hosts()
    {
        var callerHost = await HostAsync(redis, "callers");
        var operatorHost = await HostAsync(redis, "operators");
        var caller = await callerHost.EnqueueCallerAsync("q", "c1");

        var session = await operatorHost.LoginOperatorAsync("op", "chan-op", ["q"]);

        Assert.Equal("op", (await caller.Matched.Within()).OperatorId);
        Assert.Equal("c1", (await session.NextCallerAsync().Within()).CallerId);
        Assert.False((await callerHost.GetOperatorAsync("op"))!.Available);
    }

    [Fact]
    public async Task After_a_Redis_restart_waiting_callers_and_operators_are_written_back()
    {
        var server = new RedisServer();
        await server.InitializeAsync();
        _owned.Add(new AsyncDisposable(server.DisposeAsync));
        var callerHost = await HostAsync(server, "callers");
        var operatorHost = await HostAsync(server, "operators");
        var first = await callerHost.EnqueueCallerAsync("q", "c1");
        var second = await callerHost.EnqueueCallerAsync("q", "c2");
        var session = await operatorHost.LoginOperatorAsync("op", "chan-op", ["q"]);
        Assert.Equal("c1", (await session.NextCallerAsync().Within()).CallerId);

        await server.RestartAsync(); // empty: every key is gone

        await Waits.UntilAsync(async () => await TryAsync(() => callerHost.GetPositionAsync("q", "c2")) == 1, "the caller host re-queued c2");
        await Waits.UntilAsync(async () => await TryAsync(() => operatorHost.GetOperatorAsync("op")) is { Available: false }, "the operator host wrote the busy operator back");
        Assert.False(second.Matched.IsCompleted);
        await operatorHost.ReleaseOperatorAsync("op");
        Assert.Equal("op", (await second.Matched.Within()).OperatorId);
        Assert.True(first.Matched.IsCompletedSuccessfully);
    }

    private RedisQueueOptions Options(string host) => new() { KeyPrefix = _prefix, HostId = host, HostLease = ShortLease };

    private async Task<RedisQueueState> HostAsync(RedisServer server, string host)
    {
        var state = await RedisQueueState.ConnectAsync(server.ConnectionString, Options(host));
        _owned.Add(state);
        return state;
    }

    private static async Task<T?> TryAsync<T>(Func<Task<T>> read)
    {
        try { return await read(); }
        catch (Runtime.Storage.Common.StorageUnavailableException) { return default; }
    }

    private sealed class AsyncDisposable(Func<Task> dispose) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await dispose();
    }
}
