using Callytics.Runtime.Contract;
using Callytics.Runtime.Storage.Common;

namespace Callytics.Runtime.Storage.Queues;

/// <summary>
/// Queue state held in this process: the default for a single runtime host. One lock guards the
/// whole state, so matching is atomic by construction.
/// </summary>
public sealed class InProcessQueueState : IQueueState
{
    private readonly object _gate = new();
    private readonly Dictionary<string, QueueEntries> _queues = new(StringComparer.Ordinal);
    private readonly Dictionary<string, OperatorEntry> _operators = new(StringComparer.Ordinal);
    private readonly MatchDispatcher _dispatcher = new();
    private readonly TimeProvider _time;

    /// <summary>Creates an empty queue state.</summary>
    /// <param name="time">The clock for match times; the system clock when null.</param>
    public InProcessQueueState(TimeProvider? time = null) => _time = time ?? TimeProvider.System;

    /// <inheritdoc />
    public string HostId { get; } = "local";

    /// <inheritdoc />
    public Task<WaitingCaller> EnqueueCallerAsync(string queueId, string callerId, CancellationToken ct = default)
    {
        StorageIds.Require(queueId, "queue id");
        StorageIds.RequireChannel(callerId, "caller id");
        var caller = _dispatcher.AddCaller(queueId, callerId);
        List<QueueMatch> matches;
        lock (_gate)
        {
            var queue = Queue(queueId);
            queue.Callers.AddLast(callerId);
            queue.Arrived[callerId] = _time.GetUtcNow();
            matches = MatchLocked(queueId);
        }
        Deliver(matches);
        return Task.FromResult(caller);
    }

    /// <inheritdoc />
    public Task<LeaveResult> LeaveAsync(string queueId, string callerId, CancellationToken ct = default)
    {
        StorageIds.Require(queueId, "queue id");
        StorageIds.RequireChannel(callerId, "caller id");
        lock (_gate)
        {
            var queue = Queue(queueId);
            if (queue.Callers.Remove(callerId))
            {
                queue.Arrived.Remove(callerId);
                _dispatcher.RemoveCaller(callerId);
                return Task.FromResult(new LeaveResult(true, null));
            }
            return Task.FromResult(new LeaveResult(false, queue.Matched.Find(callerId)));
        }
    }

    /// <inheritdoc />
    public Task<int?> GetPositionAsync(string queueId, string callerId, CancellationToken ct = default)
    {
        StorageIds.Require(queueId, "queue id");
        lock (_gate)
        {
            var position = 1;
            foreach (var waiting in Queue(queueId).Callers)
            {
                if (waiting == callerId) return Task.FromResult<int?>(position);
                position++;
            }
            return Task.FromResult<int?>(null);
        }
    }

    /// <inheritdoc />
    public Task<int> CountWaitingAsync(string queueId, CancellationToken ct = default)
    {
        StorageIds.Require(queueId, "queue id");
        lock (_gate) return Task.FromResult(Queue(queueId).Callers.Count);
    }

    /// <inheritdoc />
    public Task<OperatorSession> LoginOperatorAsync(string operatorId, string channelId, IReadOnlyList<string> queueIds, CancellationToken ct = default)
    {
        StorageIds.Require(operatorId, "operator id");
        StorageIds.RequireChannel(channelId, "channel id");
        var queues = QueueArguments.RequireQueues(queueIds);
        var session = _dispatcher.AddOperator(operatorId, channelId, queues);
        var matches = new List<QueueMatch>();
        lock (_gate)
        {
            RemoveFromAvailableLocked(operatorId);
            _operators[operatorId] = new OperatorEntry(channelId, queues);
            MakeAvailableLocked(operatorId, matches);
        }
        Deliver(matches);
        return Task.FromResult(session);
    }

    /// <inheritdoc />
    public Task<bool> ReclaimOperatorAsync(string operatorId, QueueMatch match, CancellationToken ct = default)
    {
        StorageIds.Require(operatorId, "operator id");
        // One process holds both sides: the caller's host is this one, and it is alive.
        return Task.FromResult(false);
    }

    /// <inheritdoc />
    public Task ReleaseOperatorAsync(string operatorId, CancellationToken ct = default)
    {
        StorageIds.Require(operatorId, "operator id");
        var lastCaller = _dispatcher.CurrentCallerOf(operatorId);
        var matches = new List<QueueMatch>();
        lock (_gate)
        {
            if (_operators.TryGetValue(operatorId, out var entry) && entry.Busy)
            {
                entry.Busy = false;
                MakeAvailableLocked(operatorId, matches);
            }
        }
        // The next match first: an operator matched again at once never sees a moment of "free".
        Deliver(matches);
        _dispatcher.MarkReleasedFrom(operatorId, lastCaller);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task LogoutOperatorAsync(string operatorId, CancellationToken ct = default)
    {
        StorageIds.Require(operatorId, "operator id");
        lock (_gate)
        {
            RemoveFromAvailableLocked(operatorId);
            _operators.Remove(operatorId);
        }
        _dispatcher.RemoveOperator(operatorId);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<string>> GetAvailableOperatorsAsync(string queueId, CancellationToken ct = default)
    {
        StorageIds.Require(queueId, "queue id");
        lock (_gate) return Task.FromResult<IReadOnlyList<string>>(Queue(queueId).Available.ToArray());
    }

    /// <inheritdoc />
    public Task<OperatorPresence?> GetOperatorAsync(string operatorId, CancellationToken ct = default)
    {
        StorageIds.Require(operatorId, "operator id");
        lock (_gate)
        {
            return Task.FromResult(_operators.TryGetValue(operatorId, out var entry)
                ? new OperatorPresence(operatorId, entry.ChannelId, entry.Queues, !entry.Busy)
                : null);
        }
    }

    /// <inheritdoc />
    public Task<QueueSnapshot> GetSnapshotAsync(string queueId, CancellationToken ct = default)
    {
        StorageIds.Require(queueId, "queue id");
        lock (_gate)
        {
            var queue = Queue(queueId);
            // One pass over this host's operators: a host holds at most a few hundred logins.
            var loggedIn = _operators.Values.Count(o => o.Queues.Contains(queueId, StringComparer.Ordinal));
            var oldest = queue.Callers.First is { } first ? _time.GetUtcNow() - queue.Arrived[first.Value] : TimeSpan.Zero;
            return Task.FromResult(new QueueSnapshot(loggedIn, queue.Available.Count, queue.Callers.Count, Math.Max(0, (long)oldest.TotalMilliseconds)));
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        foreach (var session in _dispatcher.Operators) session.Close();
        return ValueTask.CompletedTask;
    }

    private QueueEntries Queue(string queueId)
    {
        if (!_queues.TryGetValue(queueId, out var queue)) _queues[queueId] = queue = new QueueEntries();
        return queue;
    }

    private void MakeAvailableLocked(string operatorId, List<QueueMatch> matches)
    {
        var entry = _operators[operatorId];
        foreach (var queueId in entry.Queues) Queue(queueId).Available.Add(operatorId);
        foreach (var queueId in entry.Queues) matches.AddRange(MatchLocked(queueId));
    }

    private void RemoveFromAvailableLocked(string operatorId)
    {
        if (!_operators.TryGetValue(operatorId, out var entry)) return;
        foreach (var queueId in entry.Queues) Queue(queueId).Available.Remove(operatorId);
    }

    private List<QueueMatch> MatchLocked(string queueId)
    {
        var queue = Queue(queueId);
        var matches = new List<QueueMatch>();
        while (queue.Callers.First is { } first && queue.Available.Count > 0)
        {
            var operatorId = queue.Available.First();
            var entry = _operators[operatorId];
            RemoveFromAvailableLocked(operatorId);
            entry.Busy = true;
            queue.Callers.RemoveFirst();
            queue.Arrived.Remove(first.Value);
            var match = new QueueMatch(queueId, first.Value, operatorId, entry.ChannelId, _time.GetUtcNow(), HostId);
            queue.Matched.Add(match);
            matches.Add(match);
        }
        return matches;
    }

    private void Deliver(List<QueueMatch> matches)
    {
        foreach (var match in matches) _dispatcher.Deliver(match);
    }

    private sealed class QueueEntries
    {
        public LinkedList<string> Callers { get; } = new();

        // When each waiting caller arrived, for the oldest wait of a snapshot.
        public Dictionary<string, DateTimeOffset> Arrived { get; } = new(StringComparer.Ordinal);

        // Insertion order approximates "free the longest"; a HashSet is enough for one host.
        public HashSet<string> Available { get; } = new(StringComparer.Ordinal);

        // Kept so a caller leaving just after its match learns with whom; only recent ones matter.
        public RecentMatches Matched { get; } = new(capacity: 4096);
    }

    private sealed class OperatorEntry(string channelId, IReadOnlyList<string> queues)
    {
        public string ChannelId { get; } = channelId;
        public IReadOnlyList<string> Queues { get; } = queues;
        public bool Busy { get; set; }
    }
}
