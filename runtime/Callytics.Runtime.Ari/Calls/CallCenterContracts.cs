using Callytics.Runtime.Contract;

namespace Callytics.Runtime.Ari.Calls;

/// <summary>
/// Queues, operator logins and callbacks: the parts of a call that need shared storage (Redis for
/// live queue state, PostgreSQL for operators and callbacks). The host injects one; the ARI
/// channel hands these effects to it together with <see cref="ICallMedia"/>, the call's media, and
/// reads queues' live state through it (<see cref="IQueueView"/>).
/// </summary>
public interface ICallCenter : IQueueView
{
    /// <summary>Waits in a queue for an operator (flow-language.md, queue).</summary>
    ValueTask<QueueOutcome> QueueAsync(ICallMedia call, QueueEffect effect, CancellationToken cancellationToken);

    /// <summary>Logs an operator in or out (queue_login).</summary>
    ValueTask<QueueLoginOutcome> QueueLoginAsync(ICallMedia call, QueueLoginEffect effect, CancellationToken cancellationToken);

    /// <summary>Takes a callback number and stores a pending callback (callback).</summary>
    ValueTask<CallbackOutcome> CallbackAsync(ICallMedia call, CallbackEffect effect, CancellationToken cancellationToken);
}

/// <summary>
/// What a call-center implementation may do with the call. Every method throws
/// <see cref="CallerHungUpException"/> when the caller hangs up, after releasing what it created.
/// </summary>
public interface ICallMedia
{
    /// <summary>The call id.</summary>
    string CallId { get; }

    /// <summary>The caller's number.</summary>
    string CallerId { get; }

    /// <summary>The ARI channel id (what another host bridges with).</summary>
    string ChannelId { get; }

    /// <summary>Plays prompts.</summary>
    ValueTask<PlayOutcome> PlayAsync(PlayEffect effect, CancellationToken cancellationToken);

    /// <summary>Collects digits.</summary>
    ValueTask<DigitsOutcome> ReadDigitsAsync(ReadDigitsEffect effect, CancellationToken cancellationToken);

    /// <summary>Starts hold: music on hold, or <paramref name="prompt"/> played in a loop.</summary>
    ValueTask StartHoldAsync(Prompt? prompt, CancellationToken cancellationToken);

    /// <summary>Stops hold.</summary>
    ValueTask StopHoldAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Waits until the caller hangs up (throws <see cref="CallerHungUpException"/>) or
    /// <paramref name="cancellationToken"/> is cancelled (returns). DTMF received meanwhile is kept as type-ahead.
    /// </summary>
    ValueTask WaitAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Bridges the caller with another channel (an operator's) in a <c>mixing,dtmf_events</c> bridge,
    /// optionally recorded, and returns when the other side leaves (the caller is still there).
    /// </summary>
    ValueTask BridgeWithAsync(string otherChannelId, bool record, CancellationToken cancellationToken);
}

/// <summary>The call center used when none is configured: every effect takes its "nothing happened" path.</summary>
public sealed class NoCallCenter : ICallCenter
{
    /// <summary>The one instance.</summary>
    public static readonly NoCallCenter Instance = new();

    /// <inheritdoc />
    public ValueTask<QueueOutcome> QueueAsync(ICallMedia call, QueueEffect effect, CancellationToken cancellationToken) =>
        ValueTask.FromResult(new QueueOutcome(QueueResult.Timeout));

    /// <inheritdoc />
    /// <remarks>No call center means no operator can log in: the queue is unstaffed.</remarks>
    public ValueTask<QueueSnapshot> GetSnapshotAsync(string queue, CancellationToken cancellationToken) =>
        ValueTask.FromResult(QueueSnapshot.Empty);

    /// <inheritdoc />
    public ValueTask<QueueLoginOutcome> QueueLoginAsync(ICallMedia call, QueueLoginEffect effect, CancellationToken cancellationToken) =>
        ValueTask.FromResult(new QueueLoginOutcome(QueueLoginResult.Rejected));

    /// <inheritdoc />
    public ValueTask<CallbackOutcome> CallbackAsync(ICallMedia call, CallbackEffect effect, CancellationToken cancellationToken) =>
        ValueTask.FromResult(new CallbackOutcome(false, call.CallerId));
}
