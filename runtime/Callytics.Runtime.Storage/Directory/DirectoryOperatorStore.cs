using Callytics.Runtime.Storage.Common;
using Callytics.Runtime.Storage.Operators;

namespace Callytics.Runtime.Storage.Directory;

/// <summary>
/// <see cref="IOperatorStore"/> in a directory (the embedded default): <c>operators/&lt;id&gt;.json</c>
/// and <c>queues/&lt;id&gt;.json</c> (with the member list), sharing one lock file.
/// </summary>
public sealed class DirectoryOperatorStore : IOperatorStore
{
    private readonly DocumentFolder<OperatorDocument> _operators;
    private readonly DocumentFolder<QueueDocument> _queues;

    /// <summary>Uses (and creates when needed) the store under <paramref name="root"/>, e.g. <c>.callytics</c>.</summary>
    public DirectoryOperatorStore(string root)
    {
        var lockPath = Path.Combine(root, "operators", ".lock");
        _operators = new DocumentFolder<OperatorDocument>(Path.Combine(root, "operators"), lockPath);
        _queues = new DocumentFolder<QueueDocument>(Path.Combine(root, "queues"), lockPath);
    }

    /// <inheritdoc />
    public async Task AddOperatorAsync(string operatorId, string name, string pinHash, DateTimeOffset createdAt, CancellationToken ct = default)
    {
        StorageIds.Require(operatorId, "operator id");
        var added = await _operators.AddAsync(operatorId, new OperatorDocument(operatorId, name, pinHash, 0, null, StorageTime.Normalize(createdAt)), ct).ConfigureAwait(false);
        if (!added) throw new StorageConflictException($"An operator with id '{operatorId}' already exists.");
    }

    /// <inheritdoc />
    public Task<bool> SetPinHashAsync(string operatorId, string pinHash, CancellationToken ct = default) =>
        _operators.UpdateAsync(StorageIds.Require(operatorId, "operator id"), op => op with { PinHash = pinHash, FailedAttempts = 0, LockedUntil = null }, ct);

    /// <inheritdoc />
    public Task<bool> RemoveOperatorAsync(string operatorId, CancellationToken ct = default)
    {
        StorageIds.Require(operatorId, "operator id");
        return _operators.LockedAsync(async () =>
        {
            if (!_operators.Delete(operatorId)) return false;
            foreach (var queue in await _queues.ReadAllAsync(ct).ConfigureAwait(false))
            {
                if (queue.Members.Contains(operatorId))
                    await _queues.WriteAsync(queue.Id, queue with { Members = queue.Members.Where(m => m != operatorId).ToList() }, ct).ConfigureAwait(false);
            }
            return true;
        }, ct);
    }

    /// <inheritdoc />
    public async Task<OperatorInfo?> GetOperatorAsync(string operatorId, CancellationToken ct = default) =>
        (await ReadOperatorAsync(operatorId, ct).ConfigureAwait(false))?.ToInfo();

    /// <inheritdoc />
    public async Task<IReadOnlyList<OperatorInfo>> ListOperatorsAsync(CancellationToken ct = default) =>
        (await _operators.ReadAllAsync(ct).ConfigureAwait(false)).Select(o => o.ToInfo()).OrderBy(o => o.Id, StringComparer.Ordinal).ToArray();

    /// <inheritdoc />
    public async Task<PinCredential?> GetPinCredentialAsync(string operatorId, CancellationToken ct = default) =>
        await ReadOperatorAsync(operatorId, ct).ConfigureAwait(false) is { } op ? new PinCredential(op.PinHash, op.FailedAttempts, op.LockedUntil) : null;

    /// <inheritdoc />
    public async Task<PinAttempt?> ClaimPinAttemptAsync(string operatorId, DateTimeOffset now, int maxFailedAttempts, DateTimeOffset lockUntil, CancellationToken ct = default)
    {
        PinAttempt? attempt = null;
        // Read, count and write under the store's lock file: one step for every process sharing the directory.
        await _operators.UpdateAsync(StorageIds.Require(operatorId, "operator id"), op =>
        {
            if (op.LockedUntil is { } until && until > now)
            {
                attempt = new PinAttempt(op.PinHash, true, op.FailedAttempts);
                return null;
            }
            var failures = (op.LockedUntil is null ? op.FailedAttempts : 0) + 1;
            attempt = new PinAttempt(op.PinHash, false, failures);
            return op with { FailedAttempts = failures, LockedUntil = failures >= maxFailedAttempts ? StorageTime.Normalize(lockUntil) : null };
        }, ct).ConfigureAwait(false);
        return attempt;
    }

    /// <inheritdoc />
    public Task SavePinAttemptsAsync(string operatorId, int failedAttempts, DateTimeOffset? lockedUntil, CancellationToken ct = default) =>
        _operators.UpdateAsync(StorageIds.Require(operatorId, "operator id"), op => op with { FailedAttempts = failedAttempts, LockedUntil = StorageTime.Normalize(lockedUntil) }, ct);

    /// <inheritdoc />
    public Task SaveQueueAsync(string queueId, string name, CancellationToken ct = default)
    {
        StorageIds.Require(queueId, "queue id");
        return _queues.LockedAsync(async () =>
        {
            var existing = await _queues.ReadAsync(queueId, ct).ConfigureAwait(false);
            await _queues.WriteAsync(queueId, existing is null ? new QueueDocument(queueId, name, []) : existing with { Name = name }, ct).ConfigureAwait(false);
            return true;
        }, ct);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<QueueInfo>> ListQueuesAsync(CancellationToken ct = default) =>
        (await _queues.ReadAllAsync(ct).ConfigureAwait(false)).Select(q => new QueueInfo(q.Id, q.Name)).OrderBy(q => q.Id, StringComparer.Ordinal).ToArray();

    /// <inheritdoc />
    public Task AddMemberAsync(string queueId, string operatorId, CancellationToken ct = default)
    {
        StorageIds.Require(queueId, "queue id");
        StorageIds.Require(operatorId, "operator id");
        return _queues.LockedAsync(async () =>
        {
            var queue = await _queues.ReadAsync(queueId, ct).ConfigureAwait(false) ?? throw new StorageConflictException($"There is no queue '{queueId}'.");
            if (await _operators.ReadAsync(operatorId, ct).ConfigureAwait(false) is null) throw new StorageConflictException($"There is no operator '{operatorId}'.");
            if (!queue.Members.Contains(operatorId))
                await _queues.WriteAsync(queueId, queue with { Members = [.. queue.Members, operatorId] }, ct).ConfigureAwait(false);
            return true;
        }, ct);
    }

    /// <inheritdoc />
    public Task<bool> RemoveMemberAsync(string queueId, string operatorId, CancellationToken ct = default) =>
        _queues.UpdateAsync(StorageIds.Require(queueId, "queue id"),
            queue => queue.Members.Contains(operatorId) ? queue with { Members = queue.Members.Where(m => m != operatorId).ToList() } : null, ct);

    /// <inheritdoc />
    public async Task<IReadOnlyList<string>> ListMembersAsync(string queueId, CancellationToken ct = default) =>
        (await _queues.ReadAsync(StorageIds.Require(queueId, "queue id"), ct).ConfigureAwait(false))?.Members.Order(StringComparer.Ordinal).ToArray() ?? [];

    /// <inheritdoc />
    public async Task<IReadOnlyList<string>> ListQueuesOfOperatorAsync(string operatorId, CancellationToken ct = default) =>
        (await _queues.ReadAllAsync(ct).ConfigureAwait(false)).Where(q => q.Members.Contains(operatorId)).Select(q => q.Id).Order(StringComparer.Ordinal).ToArray();

    private Task<OperatorDocument?> ReadOperatorAsync(string operatorId, CancellationToken ct) =>
        _operators.ReadAsync(StorageIds.Require(operatorId, "operator id"), ct);

    private sealed record OperatorDocument(string Id, string Name, string PinHash, int FailedAttempts, DateTimeOffset? LockedUntil, DateTimeOffset CreatedAt)
    {
        public OperatorInfo ToInfo() => new(Id, Name, CreatedAt);
    }

    private sealed record QueueDocument(string Id, string Name, List<string> Members);
}
