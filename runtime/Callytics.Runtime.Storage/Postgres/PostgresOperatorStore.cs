using Callytics.Runtime.Storage.Common;
using Callytics.Runtime.Storage.Operators;
using Npgsql;

namespace Callytics.Runtime.Storage.Postgres;

/// <summary><see cref="IOperatorStore"/> on PostgreSQL: tables <c>operators</c>, <c>queues</c>, <c>queue_members</c>.</summary>
public sealed class PostgresOperatorStore(PostgresDatabase database) : IOperatorStore
{
    private const string UniqueViolation = "23505";
    private const string ForeignKeyViolation = "23503";

    /// <inheritdoc />
    public async Task AddOperatorAsync(string operatorId, string name, string pinHash, DateTimeOffset createdAt, CancellationToken ct = default)
    {
        StorageIds.Require(operatorId, "operator id");
        try
        {
            await database.ExecuteAsync("INSERT INTO operators (id, name, pin_hash, created_at) VALUES ($1, $2, $3, $4)",
                p => p.Text(operatorId).Text(name).Text(pinHash).Time(createdAt), ct).ConfigureAwait(false);
        }
        catch (PostgresException e) when (e.SqlState == UniqueViolation)
        {
            throw new StorageConflictException($"An operator with id '{operatorId}' already exists.");
        }
    }

    /// <inheritdoc />
    public async Task<bool> SetPinHashAsync(string operatorId, string pinHash, CancellationToken ct = default) =>
        await database.ExecuteAsync("UPDATE operators SET pin_hash = $2, failed_attempts = 0, locked_until = NULL WHERE id = $1",
            p => p.Text(StorageIds.Require(operatorId, "operator id")).Text(pinHash), ct).ConfigureAwait(false) == 1;

    /// <inheritdoc />
    public async Task<bool> RemoveOperatorAsync(string operatorId, CancellationToken ct = default) =>
        await database.ExecuteAsync("DELETE FROM operators WHERE id = $1", p => p.Text(StorageIds.Require(operatorId, "operator id")), ct).ConfigureAwait(false) == 1;

    /// <inheritdoc />
    public async Task<OperatorInfo?> GetOperatorAsync(string operatorId, CancellationToken ct = default) =>
        (await database.QueryAsync("SELECT id, name, created_at FROM operators WHERE id = $1",
            p => p.Text(StorageIds.Require(operatorId, "operator id")), ReadOperator, ct).ConfigureAwait(false)).SingleOrDefault();

    /// <inheritdoc />
    public Task<IReadOnlyList<OperatorInfo>> ListOperatorsAsync(CancellationToken ct = default) =>
        database.QueryAsync("SELECT id, name, created_at FROM operators ORDER BY id COLLATE \"C\"", _ => { }, ReadOperator, ct);

    /// <inheritdoc />
    public async Task<PinCredential?> GetPinCredentialAsync(string operatorId, CancellationToken ct = default) =>
        (await database.QueryAsync("SELECT pin_hash, failed_attempts, locked_until FROM operators WHERE id = $1",
            p => p.Text(StorageIds.Require(operatorId, "operator id")),
            r => new PinCredential(r.GetString(0), r.GetInt32(1), r.NullableTime(2)), ct).ConfigureAwait(false)).SingleOrDefault();

    /// <inheritdoc />
    public async Task<PinAttempt?> ClaimPinAttemptAsync(string operatorId, DateTimeOffset now, int maxFailedAttempts, DateTimeOffset lockUntil, CancellationToken ct = default) =>
        // One statement: the row is locked while it is read and counted, so parallel attempts are counted one by one.
        (await database.QueryAsync(
            """
            WITH old AS (SELECT id, locked_until FROM operators WHERE id = $1 FOR UPDATE)
            UPDATE operators o SET
              failed_attempts = CASE WHEN old.locked_until > $2 THEN o.failed_attempts
                                     WHEN old.locked_until IS NOT NULL THEN 1
                                     ELSE o.failed_attempts + 1 END,
              locked_until = CASE WHEN old.locked_until > $2 THEN old.locked_until
                                  WHEN (CASE WHEN old.locked_until IS NOT NULL THEN 1 ELSE o.failed_attempts + 1 END) >= $3 THEN $4
                                  ELSE NULL END
            FROM old WHERE o.id = old.id
            RETURNING o.pin_hash, COALESCE(old.locked_until > $2, false), o.failed_attempts
            """,
            p => p.Text(StorageIds.Require(operatorId, "operator id")).Time(now).Int(maxFailedAttempts).Time(lockUntil),
            r => new PinAttempt(r.GetString(0), r.GetBoolean(1), r.GetInt32(2)), ct).ConfigureAwait(false)).SingleOrDefault();

    /// <inheritdoc />
    public Task SavePinAttemptsAsync(string operatorId, int failedAttempts, DateTimeOffset? lockedUntil, CancellationToken ct = default) =>
        database.ExecuteAsync("UPDATE operators SET failed_attempts = $2, locked_until = $3 WHERE id = $1",
            p => p.Text(StorageIds.Require(operatorId, "operator id")).Int(failedAttempts).Time(lockedUntil), ct);

    /// <inheritdoc />
    public Task SaveQueueAsync(string queueId, string name, CancellationToken ct = default) =>
        database.ExecuteAsync("INSERT INTO queues (id, name) VALUES ($1, $2) ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name",
            p => p.Text(StorageIds.Require(queueId, "queue id")).Text(name), ct);

    /// <inheritdoc />
    public Task<IReadOnlyList<QueueInfo>> ListQueuesAsync(CancellationToken ct = default) =>
        database.QueryAsync("SELECT id, name FROM queues ORDER BY id COLLATE \"C\"", _ => { }, r => new QueueInfo(r.GetString(0), r.GetString(1)), ct);

    /// <inheritdoc />
    public async Task AddMemberAsync(string queueId, string operatorId, CancellationToken ct = default)
    {
        StorageIds.Require(queueId, "queue id");
        StorageIds.Require(operatorId, "operator id");
        try
        {
            await database.ExecuteAsync("INSERT INTO queue_members (queue_id, operator_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
                p => p.Text(queueId).Text(operatorId), ct).ConfigureAwait(false);
        }
        catch (PostgresException e) when (e.SqlState == ForeignKeyViolation)
        {
            throw new StorageConflictException($"There is no queue '{queueId}' or no operator '{operatorId}'.");
        }
    }

    /// <inheritdoc />
    public async Task<bool> RemoveMemberAsync(string queueId, string operatorId, CancellationToken ct = default) =>
        await database.ExecuteAsync("DELETE FROM queue_members WHERE queue_id = $1 AND operator_id = $2",
            p => p.Text(StorageIds.Require(queueId, "queue id")).Text(operatorId), ct).ConfigureAwait(false) == 1;

    /// <inheritdoc />
    public Task<IReadOnlyList<string>> ListMembersAsync(string queueId, CancellationToken ct = default) =>
        database.QueryAsync("SELECT operator_id FROM queue_members WHERE queue_id = $1 ORDER BY operator_id COLLATE \"C\"",
            p => p.Text(StorageIds.Require(queueId, "queue id")), r => r.GetString(0), ct);

    /// <inheritdoc />
    public Task<IReadOnlyList<string>> ListQueuesOfOperatorAsync(string operatorId, CancellationToken ct = default) =>
        database.QueryAsync("SELECT queue_id FROM queue_members WHERE operator_id = $1 ORDER BY queue_id COLLATE \"C\"",
            p => p.Text(StorageIds.Require(operatorId, "operator id")), r => r.GetString(0), ct);

    private static OperatorInfo ReadOperator(NpgsqlDataReader r) => new(r.GetString(0), r.GetString(1), r.Time(2));
}
