using Callytics.Runtime.Contract;

namespace Callytics.Runtime.Storage.Queues;

/// <summary>
/// Live queue state: callers waiting in FIFO order and operators available to take them.
/// Matching is event-driven and atomic: whenever a caller arrives or an operator becomes free, the
/// implementation pairs the longest-waiting caller with a free operator in one step, so an operator
/// is never given two callers and a caller never two operators, even with several hosts sharing one
/// Redis. Matches are delivered to the host that holds the caller (<see cref="WaitingCaller.Matched"/>)
/// and to the host that holds the operator (<see cref="OperatorSession.NextCallerAsync"/>).
/// </summary>
/// <remarks>
/// Implementations: <see cref="InProcessQueueState"/> (one host, the default) and
/// <see cref="RedisQueueState"/> (several hosts; keys as in flow-language.md section 6).
/// Ids are checked with <see cref="Common.StorageIds"/>; an invalid id throws <see cref="ArgumentException"/>.
/// </remarks>
public interface IQueueState : IAsyncDisposable
{
    /// <summary>The id of this host; callers and operators it registers belong to it.</summary>
    string HostId { get; }

    /// <summary>
    /// Puts a caller at the end of a queue. If an operator is free the match happens at once and
    /// <see cref="WaitingCaller.Matched"/> completes soon after. While the shared state is unavailable
    /// (Redis down) the caller waits on this host and joins the shared queue when it is back.
    /// </summary>
    /// <param name="queueId">The queue.</param>
    /// <param name="callerId">The caller's channel id; unique per call.</param>
    /// <param name="ct">Cancels the request (not the wait).</param>
    Task<WaitingCaller> EnqueueCallerAsync(string queueId, string callerId, CancellationToken ct = default);

    /// <summary>
    /// Takes a caller out of the queue at once (hang-up while waiting, or maximum wait reached).
    /// Atomic with matching: either the caller is removed (and will never be matched) or it was
    /// matched already and <see cref="LeaveResult.Match"/> says with whom.
    /// </summary>
    Task<LeaveResult> LeaveAsync(string queueId, string callerId, CancellationToken ct = default);

    /// <summary>The caller's 1-based position in the queue, or null when it is not waiting there.</summary>
    Task<int?> GetPositionAsync(string queueId, string callerId, CancellationToken ct = default);

    /// <summary>How many callers wait in the queue.</summary>
    Task<int> CountWaitingAsync(string queueId, CancellationToken ct = default);

    /// <summary>
    /// Logs an operator in to the given queues (replacing an earlier login) and marks them available.
    /// Matches for this operator arrive through the returned session.
    /// </summary>
    /// <param name="operatorId">The operator.</param>
    /// <param name="channelId">The operator's channel, waiting on hold.</param>
    /// <param name="queueIds">The queues the operator serves; at least one.</param>
    /// <param name="ct">Cancels the request.</param>
    Task<OperatorSession> LoginOperatorAsync(string operatorId, string channelId, IReadOnlyList<string> queueIds, CancellationToken ct = default);

    /// <summary>
    /// The operator's conversation ended: available again in all its queues (no-op when logged out).
    /// Called by the host that holds the caller (the one that bridged them): a shared queue state keeps
    /// its record of the conversation there, and a release through another host leaves that record behind.
    /// </summary>
    Task ReleaseOperatorAsync(string operatorId, CancellationToken ct = default);

    /// <summary>
    /// Frees an operator whose match can never be bridged because the caller's host died (its lease
    /// lapsed) before or while bridging: available again, as after <see cref="ReleaseOperatorAsync"/>.
    /// Returns false, changing nothing, while the caller's host lives, when the operator has moved on
    /// to another caller, and always with in-process state (one host holds both sides).
    /// </summary>
    Task<bool> ReclaimOperatorAsync(string operatorId, QueueMatch match, CancellationToken ct = default);

    /// <summary>Logs the operator out of all queues (<c>#</c> or hang-up). A conversation already matched is not affected.</summary>
    Task LogoutOperatorAsync(string operatorId, CancellationToken ct = default);

    /// <summary>The operators currently available (logged in and not in a conversation) in a queue.</summary>
    Task<IReadOnlyList<string>> GetAvailableOperatorsAsync(string queueId, CancellationToken ct = default);

    /// <summary>An operator's login state, or null when not logged in.</summary>
    Task<OperatorPresence?> GetOperatorAsync(string operatorId, CancellationToken ct = default);

    /// <summary>
    /// The queue as it is now, in one cheap read that changes nothing (the <c>queue_status</c> node):
    /// operators logged in to it, those free, callers waiting and how long the first of them has waited.
    /// It is the runtime contract's <see cref="QueueSnapshot"/>, the very thing a call reads.
    /// </summary>
    Task<QueueSnapshot> GetSnapshotAsync(string queueId, CancellationToken ct = default);
}

/// <summary>A caller paired with an operator.</summary>
/// <param name="QueueId">The queue the caller waited in.</param>
/// <param name="CallerId">The caller's channel id.</param>
/// <param name="OperatorId">The operator.</param>
/// <param name="OperatorChannelId">The operator's channel, to bridge with the caller.</param>
/// <param name="MatchedAt">When the match was made.</param>
/// <param name="CallerHostId">The host that holds the caller (and bridges the pair); null when not known.</param>
public sealed record QueueMatch(string QueueId, string CallerId, string OperatorId, string OperatorChannelId, DateTimeOffset MatchedAt, string? CallerHostId = null);

/// <summary>The answer of <see cref="IQueueState.LeaveAsync"/>.</summary>
/// <param name="Removed">True when the caller was still waiting and is now gone from the queue.</param>
/// <param name="Match">When not removed: the operator the caller was already matched with, if any.</param>
public sealed record LeaveResult(bool Removed, QueueMatch? Match);

/// <summary>An operator's login state.</summary>
/// <param name="OperatorId">The operator.</param>
/// <param name="ChannelId">The operator's channel.</param>
/// <param name="Queues">The queues the operator is logged in to.</param>
/// <param name="Available">False while the operator talks to a caller.</param>
public sealed record OperatorPresence(string OperatorId, string ChannelId, IReadOnlyList<string> Queues, bool Available);

/// <summary>A caller registered in a queue by this host.</summary>
public sealed class WaitingCaller
{
    private readonly TaskCompletionSource<QueueMatch> _matched = new(TaskCreationOptions.RunContinuationsAsynchronously);

    internal WaitingCaller(string queueId, string callerId)
    {
        QueueId = queueId;
        CallerId = callerId;
    }

    /// <summary>The queue.</summary>
    public string QueueId { get; }

    /// <summary>The caller's channel id.</summary>
    public string CallerId { get; }

    /// <summary>Completes when the caller is matched with an operator; never completes after a successful <see cref="IQueueState.LeaveAsync"/>.</summary>
    public Task<QueueMatch> Matched => _matched.Task;

    /// <summary>Arrival order on this host, so a resync writes callers back in the order they came.</summary>
    internal long Order { get; set; }

    internal bool TryDeliver(QueueMatch match) => _matched.TrySetResult(match);
}

/// <summary>An operator logged in through this host; hands out the callers matched with it.</summary>
public sealed class OperatorSession
{
    private readonly System.Threading.Channels.Channel<QueueMatch> _matches =
        System.Threading.Channels.Channel.CreateUnbounded<QueueMatch>();
    // A match can arrive more than once (handed over by the releasing host, then published; or
    // again at a resync), possibly after the operator moved on: the last callers are remembered to
    // hand each out once. A copy is never more than a few conversations late.
    private const int RememberedCallers = 64;
    private readonly HashSet<string> _handedOut = new(StringComparer.Ordinal);
    private readonly Queue<string> _handedOutOrder = new();
    private QueueMatch? _lastMatch;
    private TaskCompletionSource? _conversation;

    internal OperatorSession(string operatorId, string channelId, IReadOnlyList<string> queues)
    {
        OperatorId = operatorId;
        ChannelId = channelId;
        Queues = queues;
    }

    /// <summary>The operator.</summary>
    public string OperatorId { get; }

    /// <summary>The operator's channel.</summary>
    public string ChannelId { get; }

    /// <summary>The queues of this login.</summary>
    public IReadOnlyList<string> Queues { get; }

    /// <summary>True between a match and <see cref="IQueueState.ReleaseOperatorAsync"/>.</summary>
    public bool InConversation
    {
        get { lock (_matches) return _conversation is not null; }
    }

    /// <summary>The caller of the current or last conversation.</summary>
    internal string? CurrentCaller => _lastMatch?.CallerId;

    /// <summary>The match of the current or last conversation.</summary>
    internal QueueMatch? CurrentMatch => _lastMatch;

    /// <summary>When this login happened (Unix ms; Redis: the newest login of an operator through any host wins).</summary>
    internal long Fence { get; set; }

    /// <summary>Waits for the next caller matched with this operator.</summary>
    public ValueTask<QueueMatch> NextCallerAsync(CancellationToken ct = default) => _matches.Reader.ReadAsync(ct);

    /// <summary>
    /// Completes when the conversation of <paramref name="match"/> is over: the operator was released
    /// (by whichever host holds the caller) or matched with the next caller. Completed at once for a
    /// conversation that is not the current one.
    /// </summary>
    public Task WhenReleased(QueueMatch match)
    {
        ArgumentNullException.ThrowIfNull(match);
        lock (_matches)
            return _lastMatch?.CallerId == match.CallerId && _conversation is { } current ? current.Task : Task.CompletedTask;
    }

    internal void Deliver(QueueMatch match)
    {
        TaskCompletionSource? previous;
        lock (_matches)
        {
            if (!_handedOut.Add(match.CallerId)) return;
            _handedOutOrder.Enqueue(match.CallerId);
            if (_handedOutOrder.Count > RememberedCallers) _handedOut.Remove(_handedOutOrder.Dequeue());
            _lastMatch = match;
            previous = _conversation;
            _conversation = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        // The next caller is readable before the last conversation's end is signalled, so the
        // operator's side sees both at once and goes straight on (no hold in between).
        _matches.Writer.TryWrite(match);
        previous?.TrySetResult();
    }

    /// <summary>The conversation with <paramref name="callerId"/> is over (no-op when the operator has moved on to another caller).</summary>
    internal void Released(string callerId)
    {
        TaskCompletionSource? ended;
        lock (_matches)
        {
            if (_lastMatch?.CallerId != callerId) return;
            ended = _conversation;
            _conversation = null;
        }
        ended?.TrySetResult();
    }

    internal void Close()
    {
        _matches.Writer.TryComplete();
        TaskCompletionSource? ended;
        lock (_matches)
        {
            ended = _conversation;
            _conversation = null;
        }
        ended?.TrySetResult();
    }
}
