using Callytics.Runtime.Storage.Callbacks;

namespace Callytics.Runtime.Storage.Spooling;

/// <summary>
/// An <see cref="ICallbackStore"/> that never loses a new callback: when the inner store (PostgreSQL)
/// is unreachable, <see cref="SaveAsync"/> spools the request to disk and succeeds; the spool is written
/// when the database is back (in the background, and before every read so lists are complete).
/// Status changes still need the database and throw <see cref="Common.StorageUnavailableException"/> while it is down.
/// </summary>
public sealed class SpoolingCallbackStore : ICallbackStore, IAsyncDisposable
{
    private readonly ICallbackStore _inner;
    private readonly SpooledWriter<CallbackRequest> _writer;

    /// <summary>Wraps <paramref name="inner"/>, spooling to <paramref name="spoolDirectory"/>.</summary>
    /// <param name="inner">The database store.</param>
    /// <param name="spoolDirectory">A local folder for requests waiting for the database.</param>
    /// <param name="firstRetry">The first retry delay (doubles up to 30 s); one second when null.</param>
    public SpoolingCallbackStore(ICallbackStore inner, string spoolDirectory, TimeSpan? firstRetry = null)
    {
        _inner = inner;
        _writer = new SpooledWriter<CallbackRequest>(new Spool<CallbackRequest>(spoolDirectory), (r, ct) => inner.SaveAsync(r, ct), firstRetry ?? TimeSpan.FromSeconds(1));
    }

    /// <summary>Requests waiting for the database.</summary>
    public int Spooled => _writer.Pending;

    /// <summary>Spooled requests that could never be written (damaged or refused), kept in the spool's <c>failed/</c> folder.</summary>
    public int Quarantined => _writer.Quarantined;

    /// <summary>Writes the spooled requests now; returns how many still wait.</summary>
    public Task<int> FlushAsync(CancellationToken ct = default) => _writer.FlushAsync(ct);

    /// <inheritdoc />
    public Task SaveAsync(CallbackRequest request, CancellationToken ct = default)
    {
        request.Validate();
        return _writer.SaveAsync(request.Id, request, ct);
    }

    /// <inheritdoc />
    public async Task<CallbackRecord?> GetAsync(Guid id, CancellationToken ct = default)
    {
        await _writer.FlushAsync(ct).ConfigureAwait(false);
        return await _inner.GetAsync(id, ct).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<CallbackRecord>> ListAsync(CallbackStatus? status = null, CancellationToken ct = default)
    {
        await _writer.FlushAsync(ct).ConfigureAwait(false);
        return await _inner.ListAsync(status, ct).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<bool> TryStartCallingAsync(Guid id, string assignedTo, DateTimeOffset at, DateTimeOffset? staleBefore = null, CancellationToken ct = default)
    {
        await _writer.FlushAsync(ct).ConfigureAwait(false);
        return await _inner.TryStartCallingAsync(id, assignedTo, at, staleBefore, ct).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task<bool> KeepCallingAsync(Guid id, DateTimeOffset at, CancellationToken ct = default) =>
        _inner.KeepCallingAsync(id, at, ct);

    /// <inheritdoc />
    public Task<bool> TryFinishAsync(Guid id, bool reached, DateTimeOffset at, string? note = null, CancellationToken ct = default) =>
        _inner.TryFinishAsync(id, reached, at, note, ct);

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _writer.DisposeAsync();
}
