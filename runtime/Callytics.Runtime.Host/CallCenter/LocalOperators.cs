using System.Collections.Concurrent;
using Callytics.Runtime.Storage.Queues;

namespace Callytics.Runtime.Host.CallCenter;

/// <summary>
/// The operators logged in through this host, and the signal that a conversation with one of them
/// ended (the caller's side bridges; the operator's side then goes back on hold). Keyed by the
/// caller's channel id, so either side may arrive first.
/// </summary>
internal sealed class LocalOperators
{
    private readonly ConcurrentDictionary<string, string> _channels = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _ended = new(StringComparer.Ordinal);

    /// <summary>Remembers an operator's call on this host.</summary>
    public void Add(string operatorId, string channelId) => _channels[operatorId] = channelId;

    /// <summary>Forgets the operator (logged out or hung up).</summary>
    public void Remove(string operatorId, string channelId) =>
        _channels.TryRemove(new KeyValuePair<string, string>(operatorId, channelId));

    /// <summary>Completes when the caller side of <paramref name="match"/> is done.</summary>
    public Task WhenEnded(QueueMatch match) => Signal(match.CallerId).Task;

    /// <summary>The operator side stopped listening for <paramref name="match"/>.</summary>
    public void Forget(QueueMatch match) => _ended.TryRemove(match.CallerId, out _);

    /// <summary>The caller side is done; wakes the operator's call if it is on this host.</summary>
    public void ConversationEnded(QueueMatch match)
    {
        // An operator on another host never listens here; keeping a signal for it would only leak.
        if (_channels.TryGetValue(match.OperatorId, out var channel) && channel == match.OperatorChannelId)
            Signal(match.CallerId).TrySetResult();
    }

    private TaskCompletionSource Signal(string callerId) =>
        _ended.GetOrAdd(callerId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
}
