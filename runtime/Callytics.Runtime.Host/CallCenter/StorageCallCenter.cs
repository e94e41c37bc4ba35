using Callytics.Runtime.Ari.Calls;
using Callytics.Runtime.Contract;
using Callytics.Runtime.Storage;
using Callytics.Runtime.Storage.Queues;

namespace Callytics.Runtime.Host.CallCenter;

/// <summary>
/// The call center on the storage layer: queues and operator logins on <see cref="IQueueState"/>
/// (in-process or Redis), PINs checked with <see cref="StorageServices.Accounts"/>, callbacks kept in
/// <see cref="StorageServices.Callbacks"/>. An operator is identified by the caller id of their phone.
/// </summary>
public sealed class StorageCallCenter : ICallCenter
{
    private readonly QueueCalls _queue;
    private readonly OperatorLogins _logins;
    private readonly CallbackRequests _callbacks;
    private readonly IQueueState _queues;

    /// <summary>Creates the call center over opened storage and queue state (not owned: the caller disposes them).</summary>
    public StorageCallCenter(StorageServices storage, IQueueState queues, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(storage);
        ArgumentNullException.ThrowIfNull(queues);
        _queues = queues;
        _queue = new QueueCalls(queues);
        _logins = new OperatorLogins(queues, storage.Accounts);
        _callbacks = new CallbackRequests(storage.Callbacks, time ?? TimeProvider.System);
    }

    /// <inheritdoc />
    public ValueTask<QueueOutcome> QueueAsync(ICallMedia call, QueueEffect effect, CancellationToken cancellationToken) =>
        _queue.QueueAsync(call, effect, cancellationToken);

    /// <inheritdoc />
    public ValueTask<QueueSnapshot> GetSnapshotAsync(string queue, CancellationToken cancellationToken) =>
        new(_queues.GetSnapshotAsync(queue, cancellationToken));

    /// <inheritdoc />
    public ValueTask<QueueLoginOutcome> QueueLoginAsync(ICallMedia call, QueueLoginEffect effect, CancellationToken cancellationToken) =>
        _logins.LoginAsync(call, effect, cancellationToken);

    /// <inheritdoc />
    public ValueTask<CallbackOutcome> CallbackAsync(ICallMedia call, CallbackEffect effect, CancellationToken cancellationToken) =>
        _callbacks.RequestAsync(call, effect, cancellationToken);
}
