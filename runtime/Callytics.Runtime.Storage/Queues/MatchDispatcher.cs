using System.Collections.Concurrent;

namespace Callytics.Runtime.Storage.Queues;

/// <summary>
/// The callers and operators this host holds, so a match can be handed to whoever waits for it.
/// Shared by every queue state implementation.
/// </summary>
internal sealed class MatchDispatcher
{
    private readonly ConcurrentDictionary<string, WaitingCaller> _callers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, OperatorSession> _operators = new(StringComparer.Ordinal);

    public WaitingCaller AddCaller(string queueId, string callerId)
    {
        var caller = new WaitingCaller(queueId, callerId);
        if (!_callers.TryAdd(callerId, caller))
            throw new InvalidOperationException($"Caller '{callerId}' is already waiting in a queue.");
        return caller;
    }

    public void RemoveCaller(string callerId) => _callers.TryRemove(callerId, out _);

    public OperatorSession AddOperator(string operatorId, string channelId, IReadOnlyList<string> queues)
    {
        var session = new OperatorSession(operatorId, channelId, queues);
        _operators.AddOrUpdate(operatorId, session, (_, old) => { old.Close(); return session; });
        return session;
    }

    public void RemoveOperator(string operatorId)
    {
        if (_operators.TryRemove(operatorId, out var session)) session.Close();
    }

    /// <summary>Removes that very session (not a newer login of the same operator).</summary>
    public void RemoveOperator(string operatorId, OperatorSession session)
    {
        if (_operators.TryRemove(new KeyValuePair<string, OperatorSession>(operatorId, session))) session.Close();
    }

    /// <summary>Removes the operator's session when it was logged in before <paramref name="fence"/> (Unix ms).</summary>
    public void RemoveOperatorOlderThan(string operatorId, long fence)
    {
        if (_operators.TryGetValue(operatorId, out var session) && session.Fence < fence) RemoveOperator(operatorId, session);
    }

    public bool HoldsCaller(string callerId) => _callers.ContainsKey(callerId);

    /// <summary>True while <paramref name="session"/> is the operator's login on this host (not logged out, not replaced).</summary>
    public bool Holds(OperatorSession session) =>
        _operators.TryGetValue(session.OperatorId, out var held) && ReferenceEquals(held, session);

    public IReadOnlyCollection<WaitingCaller> Callers => (IReadOnlyCollection<WaitingCaller>)_callers.Values;

    public IReadOnlyCollection<OperatorSession> Operators => (IReadOnlyCollection<OperatorSession>)_operators.Values;

    /// <summary>Hands a match to the local caller and the local operator session, whichever of them this host holds.</summary>
    public void Deliver(QueueMatch match)
    {
        if (_callers.TryRemove(match.CallerId, out var caller)) caller.TryDeliver(match);
        if (_operators.TryGetValue(match.OperatorId, out var session)) session.Deliver(match);
    }

    /// <summary>The caller of the operator's current (or last) conversation on this host, or null.</summary>
    public string? CurrentCallerOf(string operatorId) =>
        _operators.TryGetValue(operatorId, out var session) ? session.CurrentCaller : null;

    /// <summary>
    /// The operator's conversation with <paramref name="callerId"/> is over: marks them free and wakes
    /// their side, unless a newer match arrived meanwhile (that delivery ended the conversation already).
    /// </summary>
    public void MarkReleasedFrom(string operatorId, string? callerId)
    {
        if (callerId is not null && _operators.TryGetValue(operatorId, out var session)) session.Released(callerId);
    }
}
