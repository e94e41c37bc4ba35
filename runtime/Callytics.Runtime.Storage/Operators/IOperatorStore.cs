namespace Callytics.Runtime.Storage.Operators;

/// <summary>
/// Operators, queues and queue membership (PostgreSQL tables <c>operators</c>, <c>queues</c>,
/// <c>queue_members</c>, or the directory store). Stores only hashes: hashing and the attempt
/// policy live in <see cref="OperatorAccounts"/>, which is what the CLI and the runtime call.
/// </summary>
/// <remarks>Implementations: <see cref="Postgres.PostgresOperatorStore"/> and <see cref="Directory.DirectoryOperatorStore"/>.</remarks>
public interface IOperatorStore
{
    /// <summary>Adds an operator.</summary>
    /// <exception cref="Common.StorageConflictException">The id is taken.</exception>
    Task AddOperatorAsync(string operatorId, string name, string pinHash, DateTimeOffset createdAt, CancellationToken ct = default);

    /// <summary>Replaces the PIN hash and clears failed attempts and lock-out. False when the operator does not exist.</summary>
    Task<bool> SetPinHashAsync(string operatorId, string pinHash, CancellationToken ct = default);

    /// <summary>Removes an operator and its memberships. False when it did not exist.</summary>
    Task<bool> RemoveOperatorAsync(string operatorId, CancellationToken ct = default);

    /// <summary>One operator, or null.</summary>
    Task<OperatorInfo?> GetOperatorAsync(string operatorId, CancellationToken ct = default);

    /// <summary>All operators, ordered by id.</summary>
    Task<IReadOnlyList<OperatorInfo>> ListOperatorsAsync(CancellationToken ct = default);

    /// <summary>The operator's PIN hash and attempt state, or null when the operator does not exist.</summary>
    Task<PinCredential?> GetPinCredentialAsync(string operatorId, CancellationToken ct = default);

    /// <summary>
    /// Claims one PIN attempt in one atomic step, before the PIN is checked, so parallel attempts cannot all read
    /// the same count. Unless the operator is locked out at <paramref name="now"/>, the attempt is counted as a
    /// failure (a lock-out that has ended starts a fresh count), and the operator is locked until
    /// <paramref name="lockUntil"/> when that makes <paramref name="maxFailedAttempts"/>; a locked-out operator is
    /// left unchanged. A correct PIN then clears the count (<see cref="SavePinAttemptsAsync"/>).
    /// </summary>
    /// <returns>The hash to check against and the count after the claim; null when the operator does not exist.</returns>
    Task<PinAttempt?> ClaimPinAttemptAsync(string operatorId, DateTimeOffset now, int maxFailedAttempts, DateTimeOffset lockUntil, CancellationToken ct = default);

    /// <summary>Stores the attempt state after a check (no-op for an unknown operator).</summary>
    Task SavePinAttemptsAsync(string operatorId, int failedAttempts, DateTimeOffset? lockedUntil, CancellationToken ct = default);

    /// <summary>Creates a queue or renames an existing one.</summary>
    Task SaveQueueAsync(string queueId, string name, CancellationToken ct = default);

    /// <summary>All queues, ordered by id.</summary>
    Task<IReadOnlyList<QueueInfo>> ListQueuesAsync(CancellationToken ct = default);

    /// <summary>Makes an operator a member of a queue (no-op when already a member).</summary>
    /// <exception cref="Common.StorageConflictException">The queue or the operator does not exist.</exception>
    Task AddMemberAsync(string queueId, string operatorId, CancellationToken ct = default);

    /// <summary>Ends a membership. False when there was none.</summary>
    Task<bool> RemoveMemberAsync(string queueId, string operatorId, CancellationToken ct = default);

    /// <summary>The operator ids of a queue, ordered.</summary>
    Task<IReadOnlyList<string>> ListMembersAsync(string queueId, CancellationToken ct = default);

    /// <summary>The queue ids an operator belongs to, ordered.</summary>
    Task<IReadOnlyList<string>> ListQueuesOfOperatorAsync(string operatorId, CancellationToken ct = default);
}
