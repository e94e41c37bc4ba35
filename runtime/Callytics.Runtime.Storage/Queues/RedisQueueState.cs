using Callytics.Runtime.Contract;
using Callytics.Runtime.Storage.Common;
using StackExchange.Redis;

namespace Callytics.Runtime.Storage.Queues;

/// <summary>
/// Queue state in Redis, shared by several runtime hosts. Every change runs as one Lua script that
/// also makes any match it enables (see <see cref="RedisQueueScripts"/>); matches are pushed to the
/// hosts concerned over pub/sub, so nothing polls. Each host holds a lease key renewed by a
/// heartbeat; entries of a host whose lease lapsed are skipped and dropped by the next match.
/// After a Redis restart (noticed by a reconnect, a lapsed lease or a new Redis run id) the host
/// makes Redis agree with what it holds (<see cref="ResyncAsync"/>): with persistence Redis may come
/// back with callers that hung up, operators marked busy with conversations that ended and matches
/// long over; without it, with nothing. Either way the state converges.
/// </summary>
public sealed class RedisQueueState : IQueueState, IStorageHealth
{
    private readonly IConnectionMultiplexer _redis;
    private readonly bool _ownsConnection;
    private readonly RedisQueueOptions _options;
    private readonly TimeProvider _time;
    private readonly MatchDispatcher _dispatcher = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly SemaphoreSlim _resyncGate = new(1, 1);
    // Held while the conversations are read and the reconcile is sent, and while one is ended and its
    // release sent: commands on one connection run in the order sent, so a reconcile never writes back a
    // conversation whose release Redis already ran (a stale match naming an operator who moved on).
    private readonly Lock _conversationWrites = new();
    // Matches of this host's callers until the caller's side releases the operator: the conversations
    // this host vouches for when it reconciles, and how a published copy of a match this host no
    // longer holds (a ghost brought back by a restart from disk) is told from a live one.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, QueueMatch> _conversations = new(StringComparer.Ordinal);
    private Task _heartbeat = Task.CompletedTask;
    private long _callerOrder;
    private volatile bool _resyncNeeded;
    private volatile string _runId = "";
    // The Redis run that holds everything this host wrote: set once a start or a resync completed (a
    // resync cut short by Redis still loading its data must not count, or the next one trusts a Redis
    // that never got this host's entries back).
    private volatile string _writtenRunId = "";
    private volatile bool _subscribed;

    private RedisQueueState(IConnectionMultiplexer redis, bool ownsConnection, RedisQueueOptions options)
    {
        _redis = redis;
        _ownsConnection = ownsConnection;
        _options = options;
        _time = options.Time ?? TimeProvider.System;
        HostId = StorageIds.Require(options.HostId ?? $"host-{Guid.NewGuid():N}", "host id");
        if (options.HostLease < TimeSpan.FromMilliseconds(300))
            throw new ArgumentException("The host lease must be at least 300 ms.", nameof(options));
    }

    /// <inheritdoc />
    public string HostId { get; }

    /// <summary>Connects to Redis (StackExchange.Redis configuration string, e.g. <c>127.0.0.1:6379</c>) and starts the host's lease.</summary>
    /// <exception cref="StorageUnavailableException">Redis cannot be reached.</exception>
    public static async Task<RedisQueueState> ConnectAsync(string configuration, RedisQueueOptions? options = null)
    {
        var config = ConfigurationOptions.Parse(configuration);
        config.AbortOnConnectFail = false;
        // Back within a second of a Redis restart (the default backs off exponentially to many
        // seconds): queues stall while the host is not connected, so retry at a steady pace.
        config.ReconnectRetryPolicy ??= new LinearRetry(500);
        var redis = await ConnectionMultiplexer.ConnectAsync(config).ConfigureAwait(false);
        try
        {
            return await StartAsync(redis, ownsConnection: true, options ?? new RedisQueueOptions()).ConfigureAwait(false);
        }
        catch
        {
            redis.Dispose();
            throw;
        }
    }

    /// <summary>Uses an existing connection (not disposed with this object) and starts the host's lease.</summary>
    public static Task<RedisQueueState> StartAsync(IConnectionMultiplexer redis, RedisQueueOptions? options = null) =>
        StartAsync(redis, ownsConnection: false, options ?? new RedisQueueOptions());

    private static async Task<RedisQueueState> StartAsync(IConnectionMultiplexer redis, bool ownsConnection, RedisQueueOptions options)
    {
        var state = new RedisQueueState(redis, ownsConnection, options);
        await state.StartAsync().ConfigureAwait(false);
        return state;
    }

    /// <inheritdoc />
    public string Name => "redis";

    /// <inheritdoc />
    public string? Problem => _redis.IsConnected ? null : "Redis is not connected";

    private async Task StartAsync()
    {
        try
        {
            await SubscribeAsync().ConfigureAwait(false);
            _runId = await ReadRunIdAsync().ConfigureAwait(false);
            await RenewLeaseAsync().ConfigureAwait(false);
            _writtenRunId = _runId; // nothing held yet: nothing to write
        }
        catch (StorageUnavailableException) when (_options.StartWhileDown)
        {
            _resyncNeeded = true; // the heartbeat subscribes, takes the lease and writes entries back once Redis answers
        }
        // A dropped connection may mean a Redis restart (from disk or empty): reconcile either way.
        _redis.ConnectionRestored += (_, _) => { _resyncNeeded = true; _ = ResyncQuietlyAsync(); };
        _heartbeat = Task.Run(HeartbeatLoopAsync);
    }

    /// <inheritdoc />
    public async Task<WaitingCaller> EnqueueCallerAsync(string queueId, string callerId, CancellationToken ct = default)
    {
        StorageIds.Require(queueId, "queue id");
        StorageIds.RequireChannel(callerId, "caller id");
        var caller = _dispatcher.AddCaller(queueId, callerId);
        caller.Order = Interlocked.Increment(ref _callerOrder);
        try
        {
            // Known to be down: no point waiting out the client's backlog timeout in silence.
            if (!_redis.IsConnected)
                throw new StorageUnavailableException("Redis is unavailable: not connected.");
            await RegisterCallerAsync(caller).ConfigureAwait(false);
        }
        catch (StorageUnavailableException)
        {
            // The caller waits on this host instead of losing the call: the reconcile once Redis is
            // back writes every caller this host holds to Redis in arrival order (ResyncAsync), and a
            // caller whose maximum wait passes first simply leaves (LeaveAsync copes with Redis down).
            _resyncNeeded = true;
        }
        catch
        {
            _dispatcher.RemoveCaller(callerId);
            throw;
        }
        return caller;
    }

    /// <inheritdoc />
    public async Task<LeaveResult> LeaveAsync(string queueId, string callerId, CancellationToken ct = default)
    {
        StorageIds.Require(queueId, "queue id");
        StorageIds.RequireChannel(callerId, "caller id");
        RedisResult[] result;
        try
        {
            result = (RedisResult[])(await EvalAsync(RedisQueueScripts.Leave, queueId, callerId).ConfigureAwait(false))!;
        }
        catch (StorageUnavailableException)
        {
            // The caller is gone whatever Redis says: forgotten here, it is removed from Redis (and an
            // operator matched with it meanwhile freed) when this host reconciles after Redis returns.
            _dispatcher.RemoveCaller(callerId);
            _resyncNeeded = true;
            return new LeaveResult(true, null);
        }
        if (result.Length == 1 && (string?)result[0] == "removed")
        {
            _dispatcher.RemoveCaller(callerId);
            return new LeaveResult(true, null);
        }
        var match = ParseMatchFields(callerId, result);
        if (match is not null) Deliver(match);
        else _dispatcher.RemoveCaller(callerId);
        return new LeaveResult(false, match);
    }

    /// <inheritdoc />
    public async Task<int?> GetPositionAsync(string queueId, string callerId, CancellationToken ct = default)
    {
        StorageIds.Require(queueId, "queue id");
        var rank = await RunAsync(() => Database.SortedSetRankAsync(Key($"queue:{queueId}:callers"), callerId)).ConfigureAwait(false);
        return rank is null ? null : (int)rank.Value + 1;
    }

    /// <inheritdoc />
    public async Task<int> CountWaitingAsync(string queueId, CancellationToken ct = default)
    {
        StorageIds.Require(queueId, "queue id");
        return (int)await RunAsync(() => Database.SortedSetLengthAsync(Key($"queue:{queueId}:callers"))).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<OperatorSession> LoginOperatorAsync(string operatorId, string channelId, IReadOnlyList<string> queueIds, CancellationToken ct = default)
    {
        StorageIds.Require(operatorId, "operator id");
        StorageIds.RequireChannel(channelId, "channel id");
        var queues = QueueArguments.RequireQueues(queueIds);
        var session = _dispatcher.AddOperator(operatorId, channelId, queues);
        session.Fence = _time.GetUtcNow().ToUnixTimeMilliseconds();
        if (!await RegisterOperatorAsync(session, busyWith: null, sameRun: false).ConfigureAwait(false))
        {
            _dispatcher.RemoveOperator(operatorId, session);
            throw new StorageConflictException($"Operator '{operatorId}' logged in through another host more recently.");
        }
        return session;
    }

    /// <inheritdoc />
    public async Task ReleaseOperatorAsync(string operatorId, CancellationToken ct = default)
    {
        StorageIds.Require(operatorId, "operator id");
        var lastCaller = _dispatcher.CurrentCallerOf(operatorId);
        // The conversation this host's caller had with the operator: it ends here, so a release
        // repeated late, or replayed by a reconcile, cannot free the operator from a later caller.
        Task<RedisResult> release;
        lock (_conversationWrites)
        {
            var conversation = _conversations.Values.FirstOrDefault(m => m.OperatorId == operatorId);
            if (conversation is not null) _conversations.TryRemove(conversation.CallerId, out _);
            release = EvalAsync(RedisQueueScripts.Release, operatorId, HostId, conversation?.CallerId ?? lastCaller ?? "");
        }
        try
        {
            var result = (RedisResult[])(await release.ConfigureAwait(false))!;
            // Matched again at once: hand the next caller over here (the published copy arrives later
            // and is ignored), ahead of the end of the last conversation.
            if (result.Length > 0 && ParseMatchFields((string)result[0]!, result[1..]) is { } next)
                Deliver(next);
        }
        catch (StorageUnavailableException)
        {
            // The conversation is over here; the reconcile after Redis returns frees the operator
            // there (this host no longer vouches for the match).
            _resyncNeeded = true;
        }
        finally
        {
            _dispatcher.MarkReleasedFrom(operatorId, lastCaller);
        }
    }

    /// <inheritdoc />
    public async Task<bool> ReclaimOperatorAsync(string operatorId, QueueMatch match, CancellationToken ct = default)
    {
        StorageIds.Require(operatorId, "operator id");
        ArgumentNullException.ThrowIfNull(match);
        if ((int)await EvalAsync(RedisQueueScripts.Reclaim, operatorId, match.CallerId, match.CallerHostId ?? "", _runId).ConfigureAwait(false) != 1)
            return false;
        _dispatcher.MarkReleasedFrom(operatorId, match.CallerId);
        return true;
    }

    /// <inheritdoc />
    public async Task LogoutOperatorAsync(string operatorId, CancellationToken ct = default)
    {
        StorageIds.Require(operatorId, "operator id");
        _dispatcher.RemoveOperator(operatorId);
        await EvalAsync(RedisQueueScripts.Logout, operatorId, HostId).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<string>> GetAvailableOperatorsAsync(string queueId, CancellationToken ct = default)
    {
        StorageIds.Require(queueId, "queue id");
        var members = await RunAsync(() => Database.SetMembersAsync(Key($"queue:{queueId}:operators"))).ConfigureAwait(false);
        return members.Select(m => (string)m!).ToArray();
    }

    /// <inheritdoc />
    public async Task<OperatorPresence?> GetOperatorAsync(string operatorId, CancellationToken ct = default)
    {
        StorageIds.Require(operatorId, "operator id");
        var result = (RedisResult[])(await EvalAsync(RedisQueueScripts.Presence, operatorId).ConfigureAwait(false))!;
        if (result.Length == 0) return null;
        var queues = result.Skip(2).Select(r => (string)r!).ToArray();
        return new OperatorPresence(operatorId, (string)result[0]!, queues, string.IsNullOrEmpty((string?)result[1]));
    }

    /// <inheritdoc />
    public async Task<QueueSnapshot> GetSnapshotAsync(string queueId, CancellationToken ct = default)
    {
        StorageIds.Require(queueId, "queue id");
        var result = (RedisResult[])(await EvalAsync(RedisQueueScripts.Snapshot, queueId).ConfigureAwait(false))!;
        var at = (string?)result[3];
        var oldest = string.IsNullOrEmpty(at)
            ? TimeSpan.Zero
            : _time.GetUtcNow() - DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(at, System.Globalization.CultureInfo.InvariantCulture));
        return new QueueSnapshot((int)result[0], (int)result[1], (int)result[2], Math.Max(0, (long)oldest.TotalMilliseconds));
    }

    /// <summary>
    /// Makes Redis agree with what this host holds, then collects matches made while notifications could
    /// not arrive: removes this host's callers, operators and matches that are no longer true (one
    /// script, <see cref="RedisQueueScripts.Reconcile"/>), then writes its waiting callers (in their
    /// order) and logged-in operators back. Runs by itself after a reconnect, a lapsed lease or a new
    /// Redis run id; each host does it for its own entries, and a match another host makes meanwhile
    /// with an entry this host has not yet removed is undone when it arrives here (see <see cref="Deliver"/>).
    /// </summary>
    public async Task ResyncAsync()
    {
        await _resyncGate.WaitAsync().ConfigureAwait(false);
        try
        {
            _resyncNeeded = false;
            if (!_subscribed) await SubscribeAsync().ConfigureAwait(false);
            _runId = await ReadRunIdAsync().ConfigureAwait(false);
            // The same Redis run since this host last wrote its entries (a lapsed lease, a reconnect): Redis
            // lost nothing, and its busy marks are newer than this host's view (see RedisQueueScripts.Login).
            var sameRun = _writtenRunId.Length > 0 && _writtenRunId == _runId;
            await RenewLeaseAsync().ConfigureAwait(false);
            // Read before the lists: whoever arrives or logs in through this host after it is not in them,
            // and the reconcile leaves such entries alone.
            var cutoff = _time.GetUtcNow().ToUnixTimeMilliseconds();
            var callers = _dispatcher.Callers.OrderBy(c => c.Order).ToArray();
            var operators = _dispatcher.Operators.ToArray();
            var args = new List<RedisValue> { HostId, _runId, cutoff, callers.Length };
            args.AddRange(callers.Select(c => (RedisValue)c.CallerId));
            args.Add(operators.Length);
            args.AddRange(operators.Select(o => (RedisValue)o.OperatorId));
            Task<RedisResult> reconcile;
            lock (_conversationWrites)
            {
                foreach (var m in _conversations.Values)
                    args.AddRange([m.CallerId, m.QueueId, m.OperatorId, m.OperatorChannelId, m.MatchedAt.ToUnixTimeMilliseconds()]);
                reconcile = EvalAsync(RedisQueueScripts.Reconcile, args.ToArray());
            }
            await reconcile.ConfigureAwait(false);
            // Everyone held now, not only at the cut-off: a lapsed lease let other hosts drop this host's
            // waiting callers and free operators meanwhile, including ones that came after the lists.
            // Each is checked just before its write is sent: one who logged out, or a caller matched meanwhile
            // (and maybe already served: its match record gone), written back was a ghost operator, or a
            // caller queued and served a second time. This host's own later writes (the logout, the end of
            // that conversation) go out on the same connection after this one, so none can slip between.
            foreach (var session in _dispatcher.Operators.ToArray())
            {
                if (!_dispatcher.Holds(session)) continue;
                if (!await RegisterOperatorAsync(session, session.InConversation ? session.CurrentMatch : null, sameRun).ConfigureAwait(false))
                    _dispatcher.RemoveOperator(session.OperatorId, session); // a newer login elsewhere holds the operator
            }
            foreach (var caller in _dispatcher.Callers.OrderBy(c => c.Order).ToArray())
            {
                if (!_dispatcher.HoldsCaller(caller.CallerId)) continue;
                await RegisterCallerAsync(caller).ConfigureAwait(false);
                // Left while this ran (its leave may have reached Redis before the write-back).
                if (!_dispatcher.HoldsCaller(caller.CallerId) && !caller.Matched.IsCompleted)
                    await EvalAsync(RedisQueueScripts.Leave, caller.QueueId, caller.CallerId).ConfigureAwait(false);
            }
            _writtenRunId = _runId;
        }
        catch
        {
            _resyncNeeded = true;
            throw;
        }
        finally
        {
            _resyncGate.Release();
        }
    }

    /// <summary>Stops the heartbeat and gives up the lease, so this host's entries are no longer matched.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_stopping.IsCancellationRequested) return;
        _stopping.Cancel();
        await _heartbeat.ConfigureAwait(false);
        try
        {
            await Database.KeyDeleteAsync(Key($"host:{HostId}:alive")).ConfigureAwait(false);
            await _redis.GetSubscriber().UnsubscribeAsync(MatchChannel).ConfigureAwait(false);
        }
        catch (RedisException)
        {
            // Redis is gone: the lease expires by itself.
        }
        foreach (var session in _dispatcher.Operators) session.Close();
        if (_ownsConnection) _redis.Dispose();
        _stopping.Dispose();
    }

    private IDatabase Database => _redis.GetDatabase();

    private string Key(string key) => _options.KeyPrefix + key;

    private RedisChannel MatchChannel => RedisChannel.Literal(Key($"host:{HostId}:matches"));

    private async Task SubscribeAsync()
    {
        await RunAsync(() => _redis.GetSubscriber().SubscribeAsync(MatchChannel, (_, message) => OnMatchMessage(message))).ConfigureAwait(false);
        _subscribed = true;
    }

    /// <summary>The id Redis gives itself at each start: a new one means it restarted, from disk or empty.</summary>
    private async Task<string> ReadRunIdAsync()
    {
        var info = (string?)await RunAsync(() => Database.ExecuteAsync("INFO", "server")).ConfigureAwait(false) ?? "";
        foreach (var line in info.Split('\n'))
            if (line.StartsWith("run_id:", StringComparison.Ordinal)) return line["run_id:".Length..].Trim();
        throw new StorageUnavailableException("Redis answered INFO without a run_id.");
    }

    private async Task RegisterCallerAsync(WaitingCaller caller)
    {
        var fields = (RedisResult[])(await EvalAsync(RedisQueueScripts.Enqueue, caller.QueueId, caller.CallerId, HostId).ConfigureAwait(false))!;
        var match = ParseMatchFields(caller.CallerId, fields);
        if (match is not null) Deliver(match);
    }

    /// <param name="session">The login.</param>
    /// <param name="busyWith">The match of the conversation this host sees the operator in, if any.</param>
    /// <param name="sameRun">Redis has run since this host last wrote its entries: its busy mark wins over <paramref name="busyWith"/>.</param>
    /// <returns>False when a newer login of the operator through another host holds it (fencing).</returns>
    private async Task<bool> RegisterOperatorAsync(OperatorSession session, QueueMatch? busyWith, bool sameRun)
    {
        var args = new List<RedisValue>
        {
            session.OperatorId, session.ChannelId, HostId, busyWith?.CallerId ?? "", session.Fence, sameRun ? "1" : "0",
            busyWith is null ? "" : busyWith.MatchedAt.ToUnixTimeMilliseconds(),
        };
        args.AddRange(session.Queues.Select(q => (RedisValue)q));
        var result = await EvalAsync(RedisQueueScripts.Login, args.ToArray()).ConfigureAwait(false);
        if (result.Resp2Type == ResultType.Array)
        {
            // A match this host had not heard of (its message was lost in a reconnect): the operator talks.
            var fields = (RedisResult[])result!;
            if (fields.Length > 0 && ParseMatchFields((string)fields[0]!, fields[1..]) is { } match)
                Deliver(match);
            return true;
        }
        return (int)result >= 0;
    }

    /// <summary>
    /// Hands a match to this host's caller and operator. A published match for a caller of this host
    /// that it neither holds nor talks with is a ghost (a caller Redis brought back from disk after it
    /// hung up, matched before this host's reconcile removed it): its operator is freed at once.
    /// </summary>
    private void Deliver(QueueMatch match, bool published = false)
    {
        if (_dispatcher.HoldsCaller(match.CallerId))
            _conversations[match.CallerId] = match;
        else if (published && match.CallerHostId == HostId && !_conversations.ContainsKey(match.CallerId))
        {
            _ = ReleaseGhostQuietlyAsync(match);
            return;
        }
        _dispatcher.Deliver(match);
    }

    private async Task ReleaseGhostQuietlyAsync(QueueMatch ghost)
    {
        try
        {
            var result = (RedisResult[])(await EvalAsync(RedisQueueScripts.Release, ghost.OperatorId, HostId, ghost.CallerId).ConfigureAwait(false))!;
            if (result.Length > 0 && ParseMatchFields((string)result[0]!, result[1..]) is { } next) Deliver(next);
            _dispatcher.MarkReleasedFrom(ghost.OperatorId, ghost.CallerId);
        }
        catch (Exception e) when (e is StorageUnavailableException or RedisException or ObjectDisposedException)
        {
            _resyncNeeded = true; // the reconcile frees the operator (this host does not vouch for the match)
        }
    }

    private Task<RedisResult> EvalAsync(string script, params RedisValue[] args)
    {
        var all = new RedisValue[args.Length + 2];
        all[0] = _options.KeyPrefix;
        all[1] = _time.GetUtcNow().ToUnixTimeMilliseconds();
        args.CopyTo(all, 2);
        return RunAsync(() => Database.ScriptEvaluateAsync(script, null, all));
    }

    private static async Task<T> RunAsync<T>(Func<Task<T>> action)
    {
        try
        {
            return await action().ConfigureAwait(false);
        }
        catch (Exception e) when (e is RedisConnectionException or RedisTimeoutException || IsTransientServerError(e))
        {
            throw new StorageUnavailableException($"Redis is unavailable: {e.Message}", e);
        }
    }

    /// <summary>
    /// Errors Redis answers while it cannot serve for now, though connected: reading its data back after a
    /// restart (<c>LOADING</c>, seconds for a big data set), a long script (<c>BUSY</c>), a replica cut off from
    /// its primary or written to after a failover (<c>MASTERDOWN</c>, <c>READONLY</c>). They are Redis being
    /// unavailable, handled as a dropped connection is (callers wait on their host), not a failure of the call.
    /// </summary>
    private static bool IsTransientServerError(Exception e) =>
        e is RedisServerException { Message: var m }
        && (m.StartsWith("LOADING", StringComparison.Ordinal) || m.StartsWith("BUSY", StringComparison.Ordinal)
            || m.StartsWith("MASTERDOWN", StringComparison.Ordinal) || m.StartsWith("READONLY", StringComparison.Ordinal));

    private static Task RunAsync(Func<Task> action) => RunAsync(async () => { await action().ConfigureAwait(false); return true; });

    /// <returns>True when the lease had lapsed, so Redis may have lost or dropped this host's entries.</returns>
    private async Task<bool> RenewLeaseAsync() =>
        (int)await EvalAsync(RedisQueueScripts.Heartbeat, HostId, (long)_options.HostLease.TotalMilliseconds).ConfigureAwait(false) == 1;

    private async Task HeartbeatLoopAsync()
    {
        using var timer = new PeriodicTimer(_options.HostLease / 3, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(_stopping.Token).ConfigureAwait(false))
            {
                try
                {
                    var lapsed = await RenewLeaseAsync().ConfigureAwait(false);
                    if (lapsed || _resyncNeeded || await ReadRunIdAsync().ConfigureAwait(false) != _runId)
                        await ResyncQuietlyAsync().ConfigureAwait(false);
                }
                catch (Exception e) when (e is StorageUnavailableException or RedisException or ObjectDisposedException)
                {
                    // Redis is down (or the connection closed under us): resync runs when it is back.
                }
            }
        }
        catch (OperationCanceledException) { }
    }

    private async Task ResyncQuietlyAsync()
    {
        try { await ResyncAsync().ConfigureAwait(false); }
        catch (StorageUnavailableException) { /* Still down; the next restore or heartbeat tries again. */ }
        catch (RedisException) { }
        catch (ObjectDisposedException) { }
    }

    private void OnMatchMessage(RedisValue message)
    {
        var parts = ((string?)message ?? "").Split('\n');
        if (parts is ["!released", var operatorId, var callerId])
        {
            _dispatcher.MarkReleasedFrom(operatorId, callerId);
            return;
        }
        if (parts is ["!moved", var movedId, var fenceText] && long.TryParse(fenceText, out var fence))
        {
            // A newer login through another host took the operator over: this session is over.
            _dispatcher.RemoveOperatorOlderThan(movedId, fence);
            return;
        }
        if (parts.Length is not (5 or 6) || !long.TryParse(parts[4], out var at)) return;
        Deliver(new QueueMatch(parts[0], parts[1], parts[2], parts[3], DateTimeOffset.FromUnixTimeMilliseconds(at), parts.ElementAtOrDefault(5)), published: true);
    }

    private static QueueMatch? ParseMatchFields(string callerId, RedisResult[] fields)
    {
        if (fields.Length < 2) return null;
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < fields.Length; i += 2) map[(string)fields[i]!] = (string)fields[i + 1]!;
        return new QueueMatch(
            map.GetValueOrDefault("queue", ""),
            callerId,
            map.GetValueOrDefault("operator", ""),
            map.GetValueOrDefault("channel", ""),
            DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(map.GetValueOrDefault("at", "0"), System.Globalization.CultureInfo.InvariantCulture)),
            map.GetValueOrDefault("chost"));
    }
}
