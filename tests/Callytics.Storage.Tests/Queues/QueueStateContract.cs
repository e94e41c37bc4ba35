using Callytics.Runtime.Contract;
using Callytics.Runtime.Storage.Queues;
using Callytics.Storage.Tests.Fixtures;
using Callytics.Storage.Tests.Operators;

namespace Callytics.Storage.Tests.Queues;

/// <summary>The behaviour every <see cref="IQueueState"/> must show; one subclass per implementation.</summary>
public abstract class QueueStateContract : IAsyncLifetime
{
    private readonly List<IQueueState> _hosts = [];

    /// <summary>Creates a host sharing state with the other hosts of this test.</summary>
    protected abstract Task<IQueueState> CreateStateAsync();

    /// <summary>As <see cref="CreateStateAsync()"/>, with the clock the state stamps arrivals with.</summary>
    protected abstract Task<IQueueState> CreateStateAsync(TimeProvider time);

    protected async Task<IQueueState> NewHostAsync()
    {
        var host = await CreateStateAsync();
        _hosts.Add(host);
        return host;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var host in _hosts) await host.DisposeAsync();
    }

    [Fact]
    public async Task A_snapshot_counts_operators_logged_in_and_free_and_callers_waiting_with_the_oldest_wait()
    {
        // Whole milliseconds: Redis keeps arrival times in Unix ms.
        var clock = new ManualClock(DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()));
        var state = await CreateStateAsync(clock);
        _hosts.Add(state);
        Assert.Equal(new QueueSnapshot(0, 0, 0, 0), await state.GetSnapshotAsync("sales"));

        await state.LoginOperatorAsync("alice", "chan-alice", ["sales", "support"]);
        await state.LoginOperatorAsync("bob", "chan-bob", ["sales"]);
        Assert.Equal(new QueueSnapshot(2, 2, 0, 0), await state.GetSnapshotAsync("sales"));
        Assert.Equal(new QueueSnapshot(1, 1, 0, 0), await state.GetSnapshotAsync("support"));

        // Both operators take a caller: still logged in, no longer free; the third caller waits.
        await (await state.EnqueueCallerAsync("sales", "c1")).Matched.Within();
        await (await state.EnqueueCallerAsync("sales", "c2")).Matched.Within();
        await state.EnqueueCallerAsync("sales", "c3");
        clock.Advance(TimeSpan.FromSeconds(40));
        await state.EnqueueCallerAsync("sales", "c4");
        clock.Advance(TimeSpan.FromSeconds(20));
        Assert.Equal(new QueueSnapshot(2, 0, 2, 60_000), await state.GetSnapshotAsync("sales"));
        Assert.Equal(new QueueSnapshot(1, 0, 0, 0), await state.GetSnapshotAsync("support"));

        // The first waiting caller hangs up: the oldest wait is now the second one's.
        Assert.True((await state.LeaveAsync("sales", "c3")).Removed);
        Assert.Equal(new QueueSnapshot(2, 0, 1, 20_000), await state.GetSnapshotAsync("sales"));

        // A logout leaves the count; a snapshot changed nothing (c4 still waits at position 1).
        await state.LogoutOperatorAsync("bob");
        Assert.Equal(new QueueSnapshot(1, 0, 1, 20_000), await state.GetSnapshotAsync("sales"));
        Assert.Equal(1, await state.GetPositionAsync("sales", "c4"));
        Assert.Equal(new QueueSnapshot(0, 0, 0, 0), await state.GetSnapshotAsync("nobody"));
    }

    [Fact]
    public async Task A_waiting_caller_is_matched_when_an_operator_logs_in()
    {
        var state = await NewHostAsync();
        var caller = await state.EnqueueCallerAsync("sales", "c1");
        Assert.False(caller.Matched.IsCompleted);
        Assert.Equal(1, await state.CountWaitingAsync("sales"));

        var session = await state.LoginOperatorAsync("alice", "chan-alice", ["sales"]);

        var match = await caller.Matched.Within();
        Assert.Equal(new[] { "sales", "c1", "alice", "chan-alice" }, new[] { match.QueueId, match.CallerId, match.OperatorId, match.OperatorChannelId });
        Assert.Equal(match, await session.NextCallerAsync().Within());
        Assert.Equal(0, await state.CountWaitingAsync("sales"));
        Assert.Empty(await state.GetAvailableOperatorsAsync("sales"));
    }

    [Fact]
    public async Task A_match_names_the_caller_s_host_and_an_operator_whose_caller_s_host_lives_is_never_reclaimed()
    {
        var state = await NewHostAsync();
        var session = await state.LoginOperatorAsync("carol", "chan-carol", ["sales"]);
        var caller = await state.EnqueueCallerAsync("sales", "c1");
        var match = await caller.Matched.Within();
        Assert.Equal(state.HostId, match.CallerHostId);
        Assert.Equal(match, await session.NextCallerAsync().Within());

        Assert.False(await state.ReclaimOperatorAsync("carol", match));

        Assert.False((await state.GetOperatorAsync("carol"))!.Available);
        Assert.Empty(await state.GetAvailableOperatorsAsync("sales"));
    }

    [Fact]
    public async Task A_caller_arriving_while_an_operator_is_free_is_matched_at_once()
    {
        var state = await NewHostAsync();
        var session = await state.LoginOperatorAsync("bob", "chan-bob", ["support"]);
        Assert.Equal(["bob"], await state.GetAvailableOperatorsAsync("support"));

        var caller = await state.EnqueueCallerAsync("support", "c1");

        Assert.Equal("bob", (await caller.Matched.Within()).OperatorId);
        Assert.Equal("c1", (await session.NextCallerAsync().Within()).CallerId);
        Assert.Null(await state.GetPositionAsync("support", "c1"));
    }

    [Fact]
    public async Task Callers_are_served_first_in_first_out_and_positions_move_up()
    {
        var state = await NewHostAsync();
        var callers = new List<WaitingCaller>();
        foreach (var id in new[] { "c1", "c2", "c3", "c4" }) callers.Add(await state.EnqueueCallerAsync("q", id));
        Assert.Equal([1, 2, 3, 4], await PositionsAsync(state, "q", "c1", "c2", "c3", "c4"));

        var session = await state.LoginOperatorAsync("op", "chan-op", ["q"]);
        var served = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            served.Add((await session.NextCallerAsync().Within()).CallerId);
            if (i == 0) Assert.Equal([null, 1, 2, 3], await PositionsAsync(state, "q", "c1", "c2", "c3", "c4"));
            await state.ReleaseOperatorAsync("op");
        }

        Assert.Equal(["c1", "c2", "c3", "c4"], served);
        Assert.All(callers, c => Assert.True(c.Matched.IsCompletedSuccessfully));
    }

    [Fact]
    public async Task A_busy_operator_is_not_given_a_second_caller_until_released()
    {
        var state = await NewHostAsync();
        var session = await state.LoginOperatorAsync("op", "chan-op", ["q"]);
        var first = await state.EnqueueCallerAsync("q", "c1");
        await first.Matched.Within();

        var second = await state.EnqueueCallerAsync("q", "c2");
        Assert.Equal(1, await state.GetPositionAsync("q", "c2"));
        Assert.False((await state.GetOperatorAsync("op"))!.Available);
        Assert.False(second.Matched.IsCompleted);

        await state.ReleaseOperatorAsync("op");

        Assert.Equal("op", (await second.Matched.Within()).OperatorId);
        Assert.Equal("c1", (await session.NextCallerAsync().Within()).CallerId);
        Assert.Equal("c2", (await session.NextCallerAsync().Within()).CallerId);
    }

    [Fact]
    public async Task Releasing_with_nobody_waiting_ends_the_operator_s_conversation_and_frees_them()
    {
        var state = await NewHostAsync();
        var session = await state.LoginOperatorAsync("op", "chan-op", ["q"]);
        await state.EnqueueCallerAsync("q", "c1");
        var match = await session.NextCallerAsync().Within();
        var ended = session.WhenReleased(match);
        Assert.False(ended.IsCompleted);
        Assert.True(session.InConversation);

        await state.ReleaseOperatorAsync("op");

        await ended.Within();
        Assert.False(session.InConversation);
        Assert.True((await state.GetOperatorAsync("op"))!.Available);
    }

    [Fact]
    public async Task Releasing_with_a_caller_waiting_hands_the_next_caller_over_before_the_last_conversation_ends()
    {
        var state = await NewHostAsync();
        var session = await state.LoginOperatorAsync("op", "chan-op", ["q"]);
        await state.EnqueueCallerAsync("q", "c1");
        var first = await session.NextCallerAsync().Within();
        var second = await state.EnqueueCallerAsync("q", "c2");
        var ended = session.WhenReleased(first);

        await state.ReleaseOperatorAsync("op");

        await ended.Within();
        // Readable the moment the last conversation is over: the operator goes straight on, without hold.
        var pending = session.NextCallerAsync();
        Assert.True(pending.IsCompletedSuccessfully);
        var next = await pending;
        Assert.Equal("c2", next.CallerId);
        Assert.True(session.InConversation);
        Assert.False(session.WhenReleased(next).IsCompleted);
        Assert.Equal("op", (await second.Matched.Within()).OperatorId);
    }

    [Fact]
    public async Task A_caller_who_leaves_is_removed_at_once_and_never_matched()
    {
        var state = await NewHostAsync();
        var gone = await state.EnqueueCallerAsync("q", "c1");
        var stays = await state.EnqueueCallerAsync("q", "c2");

        var result = await state.LeaveAsync("q", "c1");

        Assert.True(result.Removed);
        Assert.Null(await state.GetPositionAsync("q", "c1"));
        Assert.Equal(1, await state.GetPositionAsync("q", "c2"));
        var session = await state.LoginOperatorAsync("op", "chan-op", ["q"]);
        Assert.Equal("c2", (await stays.Matched.Within()).CallerId);
        Assert.Equal("c2", (await session.NextCallerAsync().Within()).CallerId);
        Assert.False(gone.Matched.IsCompleted);
    }

    [Fact]
    public async Task Leaving_after_the_match_reports_the_operator_instead_of_removing()
    {
        var state = await NewHostAsync();
        await state.LoginOperatorAsync("op", "chan-op", ["q"]);
        var caller = await state.EnqueueCallerAsync("q", "c1");
        await caller.Matched.Within();

        var result = await state.LeaveAsync("q", "c1");

        Assert.False(result.Removed);
        Assert.Equal("op", result.Match?.OperatorId);
    }

    [Fact]
    public async Task An_operator_in_several_queues_takes_one_caller_at_a_time()
    {
        var state = await NewHostAsync();
        var session = await state.LoginOperatorAsync("op", "chan-op", ["a", "b"]);
        Assert.Equal(["op"], await state.GetAvailableOperatorsAsync("a"));
        Assert.Equal(["op"], await state.GetAvailableOperatorsAsync("b"));

        var inA = await state.EnqueueCallerAsync("a", "ca");
        var inB = await state.EnqueueCallerAsync("b", "cb");

        Assert.Equal("ca", (await session.NextCallerAsync().Within()).CallerId);
        Assert.Empty(await state.GetAvailableOperatorsAsync("b"));
        Assert.Equal(1, await state.GetPositionAsync("b", "cb"));
        await state.ReleaseOperatorAsync("op");
        Assert.Equal("cb", (await inB.Matched.Within()).CallerId);
        Assert.True(inA.Matched.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task Logout_removes_the_operator_from_every_queue()
    {
        var state = await NewHostAsync();
        await state.LoginOperatorAsync("op", "chan-op", ["a", "b"]);
        var presence = await state.GetOperatorAsync("op");
        Assert.Equal("chan-op", presence!.ChannelId);
        Assert.Equal(["a", "b"], presence.Queues.Order());
        Assert.True(presence.Available);

        await state.LogoutOperatorAsync("op");

        Assert.Null(await state.GetOperatorAsync("op"));
        Assert.Empty(await state.GetAvailableOperatorsAsync("a"));
        Assert.Empty(await state.GetAvailableOperatorsAsync("b"));
        var caller = await state.EnqueueCallerAsync("a", "c1");
        await state.ReleaseOperatorAsync("op");
        Assert.Equal(1, await state.GetPositionAsync("a", "c1"));
        Assert.False(caller.Matched.IsCompleted);
    }

    [Fact]
    public async Task Logging_in_again_replaces_the_queues_and_channel()
    {
        var state = await NewHostAsync();
        await state.LoginOperatorAsync("op", "chan-1", ["a"]);
        await state.LoginOperatorAsync("op", "chan-2", ["b"]);

        Assert.Empty(await state.GetAvailableOperatorsAsync("a"));
        Assert.Equal(["op"], await state.GetAvailableOperatorsAsync("b"));
        Assert.Equal("chan-2", (await state.GetOperatorAsync("op"))!.ChannelId);
    }

    [Theory]
    [InlineData("")]
    [InlineData("a b")]
    [InlineData("../x")]
    [InlineData("q\nx")]
    public async Task Invalid_ids_are_refused_with_a_clear_error(string bad)
    {
        var state = await NewHostAsync();
        var error = await Assert.ThrowsAsync<ArgumentException>(() => state.EnqueueCallerAsync(bad, "c1"));
        Assert.Contains("queue id", error.Message);
        await Assert.ThrowsAsync<ArgumentException>(() => state.LoginOperatorAsync("op", "chan", [bad]));
        await Assert.ThrowsAsync<ArgumentException>(() => state.LoginOperatorAsync("op", "chan", []));
    }

    [Fact]
    public async Task The_halves_of_an_Asterisk_Local_channel_wait_and_log_in_and_are_matched()
    {
        // A real Asterisk names a Local channel's halves "<id>;1" and "<id>;2"; calls routed through
        // Local/ reach the host on one of them (seen on Asterisk 22: operator logins were refused).
        var state = await NewHostAsync();
        await state.LoginOperatorAsync("op", "caller-0f3a;2", ["q"]);
        var caller = await state.EnqueueCallerAsync("q", "caller-77b1;2");

        var match = await caller.Matched.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(("op", "caller-0f3a;2"), (match.OperatorId, match.OperatorChannelId));
    }

    [Theory]
    [InlineData("chan;")]
    [InlineData("chan;x")]
    [InlineData("chan:1")]
    [InlineData("chan\n;2")]
    [InlineData(";2")]
    public async Task A_channel_id_is_an_id_with_at_most_a_Local_half_number_after_it(string bad)
    {
        var state = await NewHostAsync();
        var error = await Assert.ThrowsAsync<ArgumentException>(() => state.LoginOperatorAsync("op", bad, ["q"]));
        Assert.Contains("channel id", error.Message);
        Assert.Contains("caller id", (await Assert.ThrowsAsync<ArgumentException>(() => state.EnqueueCallerAsync("q", bad))).Message);
    }

    [Fact]
    public async Task A_caller_id_cannot_wait_twice()
    {
        var state = await NewHostAsync();
        await state.EnqueueCallerAsync("q", "c1");
        await Assert.ThrowsAsync<InvalidOperationException>(() => state.EnqueueCallerAsync("q", "c1"));
        Assert.Equal(1, await state.CountWaitingAsync("q"));
    }

    [Fact]
    public async Task Concurrent_callers_and_operators_are_each_matched_once()
    {
        var state = await NewHostAsync();
        var ledger = new MatchLedger();
        var operators = Enumerable.Range(0, 4).Select(i => $"op{i}").ToArray();
        var workers = new List<Task>();
        foreach (var op in operators)
        {
            var session = await state.LoginOperatorAsync(op, $"chan-{op}", ["q"]);
            workers.Add(ledger.ServeAsync(state, session, 100));
        }

        var callers = await Task.WhenAll(Enumerable.Range(0, 100).Select(i => Task.Run(() => state.EnqueueCallerAsync("q", $"c{i}"))));
        var matches = await Task.WhenAll(callers.Select(c => c.Matched)).WaitAsync(Waits.Timeout);
        await Task.WhenAll(workers).WaitAsync(Waits.Timeout);

        ledger.AssertEachCallerServedOnce(matches, 100);
        Assert.Equal(0, await state.CountWaitingAsync("q"));
    }

    private static async Task<int?[]> PositionsAsync(IQueueState state, string queue, params string[] callers)
    {
        var positions = new int?[callers.Length];
        for (var i = 0; i < callers.Length; i++) positions[i] = await state.GetPositionAsync(queue, callers[i]);
        return positions;
    }
}
