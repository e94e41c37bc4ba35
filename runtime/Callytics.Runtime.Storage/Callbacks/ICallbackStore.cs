namespace Callytics.Runtime.Storage.Callbacks;

/// <summary>
/// Callback requests (PostgreSQL table <c>callbacks</c>, or the directory store). Status changes are
/// conditional and atomic, so two admins pressing "call back now" together start one call.
/// </summary>
/// <remarks>
/// Implementations: <see cref="Postgres.PostgresCallbackStore"/>, <see cref="Directory.DirectoryCallbackStore"/>;
/// wrap the PostgreSQL one in <see cref="Spooling.SpoolingCallbackStore"/> so a save during an outage is not lost
/// (<see cref="StorageFactory"/> does this).
/// </remarks>
public interface ICallbackStore
{
    /// <summary>Stores a pending callback. Saving the same id again changes nothing.</summary>
    /// <exception cref="ArgumentException">The request is invalid.</exception>
    Task SaveAsync(CallbackRequest request, CancellationToken ct = default);

    /// <summary>One callback, or null.</summary>
    Task<CallbackRecord?> GetAsync(Guid id, CancellationToken ct = default);

    /// <summary>Callbacks oldest first, optionally only those with <paramref name="status"/>.</summary>
    Task<IReadOnlyList<CallbackRecord>> ListAsync(CallbackStatus? status = null, CancellationToken ct = default);

    /// <summary>
    /// Pending → calling, recording who and when; a failed callback may start again (a retry), and so may
    /// one left calling whose host stopped saying it is alive before <paramref name="staleBefore"/> (null:
    /// never). False when the callback is calling (alive) or done (or unknown).
    /// </summary>
    Task<bool> TryStartCallingAsync(Guid id, string assignedTo, DateTimeOffset at, DateTimeOffset? staleBefore = null, CancellationToken ct = default);

    /// <summary>The host running the return call still runs it (see <see cref="CallbackRecord.AliveAt"/>). False when the callback is not calling.</summary>
    Task<bool> KeepCallingAsync(Guid id, DateTimeOffset at, CancellationToken ct = default);

    /// <summary>Calling → done (<paramref name="reached"/>) or failed. False when the callback is not calling.</summary>
    Task<bool> TryFinishAsync(Guid id, bool reached, DateTimeOffset at, string? note = null, CancellationToken ct = default);
}
