using Callytics.Runtime.Storage.Common;
using Callytics.Runtime.Storage.Voicemail;
using Npgsql;

namespace Callytics.Runtime.Storage.Postgres;

/// <summary><see cref="IVoicemailStore"/> on PostgreSQL: table <c>voicemails</c>.</summary>
public sealed class PostgresVoicemailStore(PostgresDatabase database) : IVoicemailStore
{
    private const string Columns = "id, mailbox, caller_id, received_at, duration_seconds, file, heard";

    /// <inheritdoc />
    public Task SaveAsync(VoicemailMessage message, CancellationToken ct = default)
    {
        message.Validate();
        return database.ExecuteAsync(
            $"INSERT INTO voicemails ({Columns}) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (id) DO NOTHING",
            p => p.Uuid(message.Id).Text(message.Mailbox).Text(message.CallerId).Time(message.ReceivedAt).Int(message.DurationSeconds).Text(message.File).Bool(message.Heard), ct);
    }

    /// <inheritdoc />
    public async Task<VoicemailMessage?> GetAsync(Guid id, CancellationToken ct = default) =>
        (await database.QueryAsync($"SELECT {Columns} FROM voicemails WHERE id = $1", p => p.Uuid(id), Read, ct).ConfigureAwait(false)).SingleOrDefault();

    /// <inheritdoc />
    public Task<IReadOnlyList<VoicemailMessage>> ListAsync(string mailbox, bool? heard = null, CancellationToken ct = default) =>
        database.QueryAsync($"SELECT {Columns} FROM voicemails WHERE mailbox = $1 AND ($2::boolean IS NULL OR heard = $2) ORDER BY received_at, id",
            p => p.Text(StorageIds.Require(mailbox, "mailbox id")).Add(new NpgsqlParameter { Value = (object?)heard ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Boolean }),
            Read, ct);

    /// <inheritdoc />
    public async Task<bool> MarkHeardAsync(Guid id, bool heard = true, CancellationToken ct = default) =>
        await database.ExecuteAsync("UPDATE voicemails SET heard = $2 WHERE id = $1", p => p.Uuid(id).Bool(heard), ct).ConfigureAwait(false) == 1;

    /// <inheritdoc />
    public async Task<bool> DeleteAsync(Guid id, CancellationToken ct = default) =>
        await database.ExecuteAsync("DELETE FROM voicemails WHERE id = $1", p => p.Uuid(id), ct).ConfigureAwait(false) == 1;

    private static VoicemailMessage Read(NpgsqlDataReader r) =>
        new(r.GetGuid(0), r.GetString(1), r.GetString(2), r.Time(3), r.GetInt32(4), r.GetString(5), r.GetBoolean(6));
}
