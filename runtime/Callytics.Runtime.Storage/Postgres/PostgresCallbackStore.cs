using Callytics.Runtime.Storage.Callbacks;
using Npgsql;

namespace Callytics.Runtime.Storage.Postgres;

/// <summary><see cref="ICallbackStore"/> on PostgreSQL: table <c>callbacks</c>; status changes are conditional UPDATEs.</summary>
public sealed class PostgresCallbackStore(PostgresDatabase database) : ICallbackStore
{
    private const string Columns = "id, number, queue_id, caller_id, flow_id, requested_at, status, assigned_to, calling_since, finished_at, note, alive_at";

    /// <inheritdoc />
    public Task SaveAsync(CallbackRequest request, CancellationToken ct = default)
    {
        request.Validate();
        return database.ExecuteAsync(
            "INSERT INTO callbacks (id, number, queue_id, caller_id, flow_id, requested_at, status) VALUES ($1, $2, $3, $4, $5, $6, 'pending') ON CONFLICT (id) DO NOTHING",
            p => p.Uuid(request.Id).Text(request.Number).Text(request.QueueId).Text(request.CallerId).Text(request.FlowId).Time(request.RequestedAt), ct);
    }

    /// <inheritdoc />
    public async Task<CallbackRecord?> GetAsync(Guid id, CancellationToken ct = default) =>
        (await database.QueryAsync($"SELECT {Columns} FROM callbacks WHERE id = $1", p => p.Uuid(id), Read, ct).ConfigureAwait(false)).SingleOrDefault();

    /// <inheritdoc />
    public Task<IReadOnlyList<CallbackRecord>> ListAsync(CallbackStatus? status = null, CancellationToken ct = default) =>
        database.QueryAsync($"SELECT {Columns} FROM callbacks WHERE $1::text IS NULL OR status = $1 ORDER BY requested_at, id",
            p => p.Text(status is { } s ? CallbackTransitions.StatusName(s) : null), Read, ct);

    /// <inheritdoc />
    public async Task<bool> TryStartCallingAsync(Guid id, string assignedTo, DateTimeOffset at, DateTimeOffset? staleBefore = null, CancellationToken ct = default)
    {
        CallbackTransitions.RequireAssignee(assignedTo);
        // The rule of CallbackTransitions.CanStartCalling, in one conditional UPDATE.
        return await database.ExecuteAsync(
            "UPDATE callbacks SET status = 'calling', assigned_to = $2, calling_since = $3, alive_at = $3, finished_at = NULL, note = NULL " +
            "WHERE id = $1 AND (status IN ('pending', 'failed') OR (status = 'calling' AND COALESCE(alive_at, calling_since) < $4))",
            p => p.Uuid(id).Text(assignedTo).Time(at).Time(staleBefore), ct).ConfigureAwait(false) == 1;
    }

    /// <inheritdoc />
    public async Task<bool> KeepCallingAsync(Guid id, DateTimeOffset at, CancellationToken ct = default) =>
        await database.ExecuteAsync("UPDATE callbacks SET alive_at = $2 WHERE id = $1 AND status = 'calling'",
            p => p.Uuid(id).Time(at), ct).ConfigureAwait(false) == 1;

    /// <inheritdoc />
    public async Task<bool> TryFinishAsync(Guid id, bool reached, DateTimeOffset at, string? note = null, CancellationToken ct = default) =>
        await database.ExecuteAsync(
            "UPDATE callbacks SET status = $2, finished_at = $3, note = $4 WHERE id = $1 AND status = 'calling'",
            p => p.Uuid(id).Text(CallbackTransitions.StatusName(CallbackTransitions.FinishedStatus(reached))).Time(at).Text(note), ct).ConfigureAwait(false) == 1;


    private static CallbackRecord Read(NpgsqlDataReader r) => new(
        new CallbackRequest(r.GetGuid(0), r.GetString(1), r.NullableString(2), r.NullableString(3), r.NullableString(4), r.Time(5)),
        Enum.Parse<CallbackStatus>(r.GetString(6), ignoreCase: true),
        r.NullableString(7),
        r.NullableTime(8),
        r.NullableTime(9),
        r.NullableString(10),
        r.NullableTime(11));
}
