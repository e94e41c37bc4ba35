using Callytics.Runtime.Storage.Callbacks;
using Callytics.Runtime.Storage.Common;

namespace Callytics.Runtime.Storage.Directory;

/// <summary><see cref="ICallbackStore"/> in a directory (the embedded default): <c>callbacks/&lt;id&gt;.json</c>.</summary>
public sealed class DirectoryCallbackStore : ICallbackStore
{
    private readonly DocumentFolder<CallbackRecord> _callbacks;

    /// <summary>Uses (and creates when needed) the store under <paramref name="root"/>.</summary>
    public DirectoryCallbackStore(string root) => _callbacks = DocumentFolder<CallbackRecord>.Under(root, "callbacks");

    /// <inheritdoc />
    public Task SaveAsync(CallbackRequest request, CancellationToken ct = default)
    {
        request.Validate();
        var record = new CallbackRecord(request with { RequestedAt = StorageTime.Normalize(request.RequestedAt) }, CallbackStatus.Pending, null, null, null, null);
        return _callbacks.AddAsync(Key(request.Id), record, ct);
    }

    /// <inheritdoc />
    public Task<CallbackRecord?> GetAsync(Guid id, CancellationToken ct = default) => _callbacks.ReadAsync(Key(id), ct);

    /// <inheritdoc />
    public async Task<IReadOnlyList<CallbackRecord>> ListAsync(CallbackStatus? status = null, CancellationToken ct = default) =>
        (await _callbacks.ReadAllAsync(ct).ConfigureAwait(false))
            .Where(c => status is null || c.Status == status)
            .OrderBy(c => c.Request.RequestedAt).ThenBy(c => c.Id)
            .ToArray();

    /// <inheritdoc />
    public Task<bool> TryStartCallingAsync(Guid id, string assignedTo, DateTimeOffset at, DateTimeOffset? staleBefore = null, CancellationToken ct = default)
    {
        CallbackTransitions.RequireAssignee(assignedTo);
        return _callbacks.UpdateAsync(Key(id), c => CallbackTransitions.CanStartCalling(c, staleBefore) ? CallbackTransitions.StartCalling(c, assignedTo, at) : null, ct);
    }

    /// <inheritdoc />
    public Task<bool> KeepCallingAsync(Guid id, DateTimeOffset at, CancellationToken ct = default) =>
        _callbacks.UpdateAsync(Key(id), c => c.Status == CallbackStatus.Calling ? CallbackTransitions.KeepCalling(c, at) : null, ct);

    /// <inheritdoc />
    public Task<bool> TryFinishAsync(Guid id, bool reached, DateTimeOffset at, string? note = null, CancellationToken ct = default) =>
        _callbacks.UpdateAsync(Key(id), c => c.Status == CallbackStatus.Calling ? CallbackTransitions.Finish(c, reached, at, note) : null, ct);

    private static string Key(Guid id) => id.ToString("N");
}
