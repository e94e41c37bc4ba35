using Callytics.Runtime.Storage.Common;
using StackExchange.Redis;

namespace Callytics.Runtime.Storage.Queues;

/// <summary>
/// Queue state in Redis, shared by several runtime hosts. Every change runs as one Lua script that
/// also makes any match it enables (see <see cref="RedisQueueScripts"/>); matches are pushed to the
/// hosts concerned over pub/sub, so nothing polls. Each host holds a lease key renewed by a
/// heartbeat; entries of a host whose lease lapsed are skipped and dropped by the next match.
/// After a Redis restart or a lapsed lease the host writes its waiting callers and logged-in
/// operators back (resync), so nobody stays stuck in a queue that Redis forgot.
/// </summary>
public sealed class RedisQueueState : IQueueState
{
    private readonly IConnectionMultiplexer _redis;
    private readonly bool _ownsConnection;
    private readonly RedisQueueOptions _options;
    private readonly TimeProvider _time;
    private readonly MatchDispatcher _dispatcher = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly SemaphoreSlim _resyncGate = new(1, 1);
    private Task _heartbeat = Task.CompletedTask;
    private long _callerOrder;

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

    private async Task StartAsync()
    {
        await RunAsync(() => _redis.GetSubscriber().SubscribeAsync(Key($"host:{HostId}:matches"), (_, message) => OnMatchMessage(message))).ConfigureAwait(false);
        await RenewLeaseAsync().ConfigureAwait(false);
        _redis.ConnectionRestored += (_, _) => _ = ResyncQuietlyAsync();
        _heartbeat = Task.Run(HeartbeatLoopAsync);
    }

    /// <inheritdoc />
    public async Task<WaitingCaller> EnqueueCallerAsync(string queueId, string callerId, CancellationToken ct = default)
    {
        StorageIds.Require(queueId, "queue id");
        StorageIds.Require(callerId, "caller id");
        var caller = _dispatcher.AddCaller(queueId, callerId);
        caller.Order = Interlocked.Increment(ref _callerOrder);
        try
        {
            await RegisterCallerAsync(caller).ConfigureAwait(false);
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
        StorageIds.Require(callerId, "caller id");
        var result = (RedisResult[])(await EvalAsync(RedisQueueScripts.Leave, queueId, callerId).ConfigureAwait(false))!;
        if (result.Length == 1 && (string?)result[0] == "removed")
        {
            _dispatcher.RemoveCaller(callerId);
            return new LeaveResult(true, null);
        }
        var match = ParseMatchFields(callerId, result);
        if (match is not null) _dispatcher.Deliver(match);
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
        StorageIds.Require(channelId, "channel id");
        var queues = QueueArguments.RequireQueues(queueIds);
        var session = _dispatcher.AddOperator(operatorId, channelId, queues);
        await RegisterOperatorAsync(session, busyWith: null).ConfigureAwait(false);
        return session;
    }

    /// <inheritdoc />
    public async Task ReleaseOperatorAsync(string operatorId, CancellationToken ct = default)
    {
        StorageIds.Require(operatorId, "operator id");
        var lastCaller = _dispatcher.CurrentCallerOf(operatorId);
        try
        {
            var result = (RedisResult[])(await EvalAsync(RedisQueueScripts.Release, operatorId, HostId).ConfigureAwait(false))!;
            // Matched again at once: hand the next caller over here (the published copy arrives later
            // and is ignored), ahead of the end of the last conversation.
            if (result.Length > 0 && ParseMatchFields((string)result[0]!, result[1..]) is { } next)
                _dispatcher.Deliver(next);
        }
        finally
        {
            // Over for this host's side even when Redis is unreachable; the resync restores the rest.
            _dispatcher.MarkReleasedFrom(operatorId, lastCaller);
        }
    }

    /// <inheritdoc />
    public async Task<bool> ReclaimOperatorAsync(string operatorId, QueueMatch match, CancellationToken ct = default)
    {
        StorageIds.Require(operatorId, "operator id");
        ArgumentNullException.ThrowIfNull(match);
        if ((int)await EvalAsync(RedisQueueScripts.Reclaim, operatorId, match.CallerId).ConfigureAwait(false) != 1)
            return false;
        _dispatcher.MarkReleasedFrom(operatorId, match.CallerId);
        return true;
    }

    /// <inheritdoc />
    public async Task LogoutOperatorAsync(string operatorId, CancellationToken ct = default)
    {
        StorageIds.Require(operatorId, "operator id");
        _dispatcher.RemoveOperator(operatorId);
        await EvalAsync(RedisQueueScripts.Logout, operatorId).ConfigureAwait(false);
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

    /// <summary>
    /// Writes this host's waiting callers and logged-in operators back into Redis and collects
    /// matches made while notifications could not arrive. Runs by itself after a reconnect or a lapsed lease.
    /// </summary>
    public async Task ResyncAsync()
    {
        await _resyncGate.WaitAsync().ConfigureAwait(false);
        try
        {
            await RenewLeaseAsync().ConfigureAwait(false);
            foreach (var session in _dispatcher.Operators)
                await RegisterOperatorAsync(session, session.InConversation ? session.CurrentCaller : null).ConfigureAwait(false);
            foreach (var caller in _dispatcher.Callers.OrderBy(c => c.Order))
                await RegisterCallerAsync(caller).ConfigureAwait(false);
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
            await _redis.GetSubscriber().UnsubscribeAsync(Key($"host:{HostId}:matches")).ConfigureAwait(false);
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

    private async Task RegisterCallerAsync(WaitingCaller caller)
    {
        var fields = (RedisResult[])(await EvalAsync(RedisQueueScripts.Enqueue, caller.QueueId, caller.CallerId, HostId).ConfigureAwait(false))!;
        var match = ParseMatchFields(caller.CallerId, fields);
        if (match is not null) _dispatcher.Deliver(match);
    }

    private Task RegisterOperatorAsync(OperatorSession session, string? busyWith)
    {
        var args = new List<RedisValue> { session.OperatorId, session.ChannelId, HostId, busyWith ?? "" };
        args.AddRange(session.Queues.Select(q => (RedisValue)q));
        return EvalAsync(RedisQueueScripts.Login, args.ToArray());
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
        catch (Exception e) when (e is RedisConnectionException or RedisTimeoutException)
        {
            throw new StorageUnavailableException($"Redis is unavailable: {e.Message}", e);
        }
    }

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
                    if (await RenewLeaseAsync().ConfigureAwait(false)) await ResyncQuietlyAsync().ConfigureAwait(false);
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
        if (parts.Length is not (5 or 6) || !long.TryParse(parts[4], out var at)) return;
        _dispatcher.Deliver(new QueueMatch(parts[0], parts[1], parts[2], parts[3], DateTimeOffset.FromUnixTimeMilliseconds(at), parts.ElementAtOrDefault(5)));
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
