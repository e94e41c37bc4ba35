using System.Globalization;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Callytics.Runtime.Storage.Common;
using Callytics.Runtime.Storage.Postgres;
using Npgsql;

namespace Callytics.Runtime.Storage.Flows;

/// <summary>
/// <see cref="IFlowStore"/> on PostgreSQL: tables <c>flows</c> (the draft), <c>flow_scenarios</c> (test scenarios) and <c>flow_versions</c>
/// (unique (flow_id, version)). A publish is one transaction that locks the flow's row, takes the
/// next number, lets the caller build for it, inserts and NOTIFYs <see cref="Channel"/> with
/// <c>flowId:version</c> on commit; a publisher that dies before the commit leaves nothing.
/// </summary>
public sealed class PostgresFlowStore(PostgresDatabase database, TimeProvider? time = null) : IFlowStore
{
    /// <summary>The NOTIFY channel for new versions.</summary>
    public const string Channel = "callytics_flow_published";

    private const string VersionColumns = "flow_id, version, published_at, published_by, message, assembly_sha256";
    private const string LatestVersionSql =
        $"SELECT {VersionColumns}, semantic_json, layout_json, generated_csharp, assembly, manifest_json FROM flow_versions WHERE flow_id = $1 ORDER BY version DESC LIMIT 1";
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    /// <summary>Test hook: runs inside the publish transaction, just before the commit.</summary>
    internal Func<CancellationToken, Task>? BeforeCommit { get; set; }

    /// <inheritdoc />
    public Task<FlowDraft> SaveDraftAsync(string flowId, string semanticJson, string? layoutJson, string? savedBy, CancellationToken ct = default) =>
        SaveDraftCoreAsync(flowId, semanticJson, layoutJson, savedBy, null, ct);

    /// <inheritdoc />
    public Task<FlowDraft> SaveDraftAsync(string flowId, string semanticJson, string? layoutJson, string? savedBy, long expectedRevision, CancellationToken ct = default) =>
        SaveDraftCoreAsync(flowId, semanticJson, layoutJson, savedBy, expectedRevision, ct);

    private Task<FlowDraft> SaveDraftCoreAsync(string flowId, string semanticJson, string? layoutJson, string? savedBy, long? expectedRevision, CancellationToken ct)
    {
        FlowArguments.RequireDraft(flowId, semanticJson);
        var savedAt = StorageTime.Normalize(_time.GetUtcNow());
        // One statement: the row is created or locked by the upsert, so the revision check and the write
        // are atomic against every other save; a stale revision updates nothing and returns no row.
        return database.RunAsync(async (connection, token) =>
        {
            await using var command = new NpgsqlCommand("""
                INSERT INTO flows AS f (id, draft_semantic_json, draft_layout_json, draft_saved_at, draft_saved_by, draft_revision)
                SELECT $1, $2, $3, $4, $5, 1 WHERE $6::bigint IS NULL OR $6 = 0 OR EXISTS (SELECT 1 FROM flows WHERE id = $1)
                ON CONFLICT (id) DO UPDATE SET draft_semantic_json = EXCLUDED.draft_semantic_json, draft_layout_json = EXCLUDED.draft_layout_json,
                    draft_saved_at = EXCLUDED.draft_saved_at, draft_saved_by = EXCLUDED.draft_saved_by, draft_revision = f.draft_revision + 1
                    WHERE $6::bigint IS NULL OR f.draft_revision = $6
                RETURNING draft_revision
                """, connection);
            command.Parameters.Text(flowId).Text(semanticJson).Text(layoutJson).Time(savedAt).Text(savedBy);
            command.Parameters.Add(new NpgsqlParameter { Value = (object?)expectedRevision ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Bigint });
            if (await command.ExecuteScalarAsync(token).ConfigureAwait(false) is long revision)
                return new FlowDraft(flowId, semanticJson, layoutJson, savedAt, savedBy, revision);
            await using var read = new NpgsqlCommand("SELECT draft_revision FROM flows WHERE id = $1", connection);
            read.Parameters.Text(flowId);
            var current = await read.ExecuteScalarAsync(token).ConfigureAwait(false) as long? ?? 0;
            throw new DraftRevisionConflictException(flowId, expectedRevision!.Value, current);
        }, ct);
    }

    /// <inheritdoc />
    public async Task<FlowDraft?> GetDraftAsync(string flowId, CancellationToken ct = default) =>
        (await database.QueryAsync(
            "SELECT id, draft_semantic_json, draft_layout_json, draft_saved_at, draft_saved_by, draft_revision FROM flows WHERE id = $1 AND draft_semantic_json IS NOT NULL",
            p => p.Text(StorageIds.Require(flowId, "flow id")),
            r => new FlowDraft(r.GetString(0), r.GetString(1), r.NullableString(2), r.Time(3), r.NullableString(4), r.GetInt64(5)), ct).ConfigureAwait(false)).SingleOrDefault();

    /// <inheritdoc />
    public Task<FlowScenarios> SaveScenariosAsync(string flowId, string json, string? savedBy, long? expectedRevision, CancellationToken ct = default)
    {
        FlowArguments.RequireDraft(flowId, json);
        var savedAt = StorageTime.Normalize(_time.GetUtcNow());
        // As the draft save: one upsert checks the revision and writes; a stale revision returns no row.
        return database.RunAsync(async (connection, token) =>
        {
            await using var command = new NpgsqlCommand("""
                INSERT INTO flow_scenarios AS s (flow_id, scenarios_json, saved_at, saved_by, revision)
                SELECT $1, $2, $3, $4, 1 WHERE $5::bigint IS NULL OR $5 = 0 OR EXISTS (SELECT 1 FROM flow_scenarios WHERE flow_id = $1)
                ON CONFLICT (flow_id) DO UPDATE SET scenarios_json = EXCLUDED.scenarios_json, saved_at = EXCLUDED.saved_at,
                    saved_by = EXCLUDED.saved_by, revision = s.revision + 1
                    WHERE $5::bigint IS NULL OR s.revision = $5
                RETURNING revision
                """, connection);
            command.Parameters.Text(flowId).Text(json).Time(savedAt).Text(savedBy);
            command.Parameters.Add(new NpgsqlParameter { Value = (object?)expectedRevision ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Bigint });
            if (await command.ExecuteScalarAsync(token).ConfigureAwait(false) is long revision)
                return new FlowScenarios(flowId, json, savedAt, savedBy, revision);
            await using var read = new NpgsqlCommand("SELECT revision FROM flow_scenarios WHERE flow_id = $1", connection);
            read.Parameters.Text(flowId);
            var current = await read.ExecuteScalarAsync(token).ConfigureAwait(false) as long? ?? 0;
            throw new ScenariosRevisionConflictException(flowId, expectedRevision!.Value, current);
        }, ct);
    }

    /// <inheritdoc />
    public async Task<FlowScenarios?> GetScenariosAsync(string flowId, CancellationToken ct = default) =>
        (await database.QueryAsync(
            "SELECT flow_id, scenarios_json, saved_at, saved_by, revision FROM flow_scenarios WHERE flow_id = $1",
            p => p.Text(StorageIds.Require(flowId, "flow id")),
            r => new FlowScenarios(r.GetString(0), r.GetString(1), r.Time(2), r.NullableString(3), r.GetInt64(4)), ct).ConfigureAwait(false)).SingleOrDefault();

    /// <inheritdoc />
    public Task<FlowVersionInfo?> PublishAsync(string flowId, FlowVersionBuilder build, string publishedBy, string? message, CancellationToken ct = default)
    {
        FlowArguments.RequirePublish(flowId, build, publishedBy, message);
        return database.InTransactionAsync<FlowVersionInfo?>(async (connection, transaction, token) =>
        {
            await ExecuteAsync(connection, transaction, "INSERT INTO flows (id) VALUES ($1) ON CONFLICT (id) DO NOTHING", p => p.Text(flowId), token).ConfigureAwait(false);
            // The row lock makes concurrent publishes of one flow take turns (the builder runs while it is
            // held, so the number it builds for is the one inserted); other flows are not blocked.
            await ExecuteAsync(connection, transaction, "SELECT 1 FROM flows WHERE id = $1 FOR UPDATE", p => p.Text(flowId), token).ConfigureAwait(false);
            FlowVersion? latest;
            await using (var newest = new NpgsqlCommand(LatestVersionSql, connection, transaction))
            {
                newest.Parameters.Text(flowId);
                await using var reader = await newest.ExecuteReaderAsync(token).ConfigureAwait(false);
                latest = await reader.ReadAsync(token).ConfigureAwait(false) ? ReadVersion(reader) : null;
            }
            var number = (latest?.Info.Version ?? 0) + 1;
            if (await FlowArguments.BuildAsync(build, new PublishSlot(flowId, number, latest), token).ConfigureAwait(false) is not { } artifacts) return null;
            var info = new FlowVersionInfo(flowId, number, StorageTime.Normalize(_time.GetUtcNow()), publishedBy, message, artifacts.ComputeAssemblySha256());
            await ExecuteAsync(connection, transaction, """
                INSERT INTO flow_versions (flow_id, version, semantic_json, layout_json, generated_csharp, assembly, assembly_sha256, manifest_json, published_by, published_at, message)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
                """, p => p.Text(flowId).Int(number).Text(artifacts.SemanticJson).Text(artifacts.LayoutJson).Text(artifacts.GeneratedCSharp)
                    .Bytes(artifacts.Assembly).Text(info.AssemblySha256).Text(artifacts.ManifestJson).Text(publishedBy).Time(info.PublishedAt).Text(message), token).ConfigureAwait(false);
            await ExecuteAsync(connection, transaction, "SELECT pg_notify($1, $2)", p => p.Text(Channel).Text($"{flowId}:{number}"), token).ConfigureAwait(false);
            if (BeforeCommit is { } hook) await hook(token).ConfigureAwait(false);
            return info;
        }, ct);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<FlowVersionInfo>> ListVersionsAsync(string flowId, CancellationToken ct = default) =>
        database.QueryAsync($"SELECT {VersionColumns} FROM flow_versions WHERE flow_id = $1 ORDER BY version",
            p => p.Text(StorageIds.Require(flowId, "flow id")), ReadInfo, ct);

    /// <inheritdoc />
    public async Task<FlowVersion?> GetVersionAsync(string flowId, int version, CancellationToken ct = default)
    {
        FlowArguments.RequireVersion(flowId, version);
        return (await database.QueryAsync(
            $"SELECT {VersionColumns}, semantic_json, layout_json, generated_csharp, assembly, manifest_json FROM flow_versions WHERE flow_id = $1 AND version = $2",
            p => p.Text(flowId).Int(version), ReadVersion, ct).ConfigureAwait(false)).SingleOrDefault();
    }

    /// <inheritdoc />
    public async Task<FlowVersion?> GetLatestVersionAsync(string flowId, CancellationToken ct = default) =>
        (await database.QueryAsync(LatestVersionSql,
            p => p.Text(StorageIds.Require(flowId, "flow id")), ReadVersion, ct).ConfigureAwait(false)).SingleOrDefault();

    /// <inheritdoc />
    public Task<IReadOnlyList<FlowSummary>> ListFlowsAsync(CancellationToken ct = default) =>
        database.QueryAsync("""
            SELECT f.id, f.draft_semantic_json IS NOT NULL, MAX(v.version)
            FROM flows f LEFT JOIN flow_versions v ON v.flow_id = f.id
            GROUP BY f.id HAVING f.draft_semantic_json IS NOT NULL OR MAX(v.version) IS NOT NULL
            ORDER BY f.id COLLATE "C"
            """, _ => { }, r => new FlowSummary(r.GetString(0), r.GetBoolean(1), r.IsDBNull(2) ? null : r.GetInt32(2)), ct);

    /// <inheritdoc />
    public async IAsyncEnumerable<FlowPublished> WatchPublishedAsync([EnumeratorCancellation] CancellationToken ct = default)
    {
        var notices = System.Threading.Channels.Channel.CreateUnbounded<FlowPublished>();
        var listening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var listener = Task.Run(() => ListenAsync(notices.Writer, listening, stop.Token), CancellationToken.None);
        try
        {
            await listening.Task.WaitAsync(ct).ConfigureAwait(false);
            await foreach (var notice in notices.Reader.ReadAllAsync(ct).ConfigureAwait(false)) yield return notice;
        }
        finally
        {
            stop.Cancel();
            try { await listener.ConfigureAwait(false); }
            catch (OperationCanceledException) { }
        }
    }

    /// <summary>
    /// Holds a LISTEN connection outside the pool. When it drops, it reconnects and reports the
    /// versions committed meanwhile (compared with the newest ones seen), so none is missed.
    /// </summary>
    private async Task ListenAsync(ChannelWriter<FlowPublished> writer, TaskCompletionSource listening, CancellationToken ct)
    {
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var first = true;
        var retry = TimeSpan.FromMilliseconds(200);
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(database.ConnectionString);
                await connection.OpenAsync(ct).ConfigureAwait(false);
                connection.Notification += (_, e) =>
                {
                    if (Parse(e.Payload) is { } notice && Remember(seen, notice)) writer.TryWrite(notice);
                };
                await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection)) await listen.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
                foreach (var (flowId, version) in (await LatestVersionsAsync(connection, ct).ConfigureAwait(false)).OrderBy(v => v.Key, StringComparer.Ordinal))
                {
                    // The first time, the state as of now (the newest version only); after a reconnect,
                    // every version committed while the connection was down.
                    var from = first ? version : Seen(seen, flowId) + 1;
                    for (var v = from; v <= version; v++)
                    {
                        if (Remember(seen, new FlowPublished(flowId, v))) writer.TryWrite(new FlowPublished(flowId, v));
                    }
                }
                first = false;
                listening.TrySetResult();
                retry = TimeSpan.FromMilliseconds(200);
                while (true) await connection.WaitAsync(ct).ConfigureAwait(false);
            }
            catch (Exception e) when (!ct.IsCancellationRequested && PostgresDatabase.IsUnavailable(e))
            {
                await Task.Delay(retry, ct).ConfigureAwait(false);
                retry = TimeSpan.FromTicks(Math.Min(retry.Ticks * 2, TimeSpan.FromSeconds(5).Ticks));
            }
        }
    }

    private static int Seen(Dictionary<string, int> seen, string flowId)
    {
        lock (seen) return seen.GetValueOrDefault(flowId);
    }

    private static bool Remember(Dictionary<string, int> seen, FlowPublished notice)
    {
        lock (seen)
        {
            if (seen.GetValueOrDefault(notice.FlowId) >= notice.Version) return false;
            seen[notice.FlowId] = notice.Version;
            return true;
        }
    }

    private static FlowPublished? Parse(string payload)
    {
        var colon = payload.LastIndexOf(':');
        return colon > 0 && int.TryParse(payload[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var version)
            ? new FlowPublished(payload[..colon], version)
            : null;
    }

    private static async Task<Dictionary<string, int>> LatestVersionsAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        var latest = new Dictionary<string, int>(StringComparer.Ordinal);
        await using var command = new NpgsqlCommand("SELECT flow_id, MAX(version) FROM flow_versions GROUP BY flow_id", connection);
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false)) latest[reader.GetString(0)] = reader.GetInt32(1);
        return latest;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, Action<NpgsqlParameterCollection> parameters, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        parameters(command.Parameters);
        await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    private static FlowVersionInfo ReadInfo(NpgsqlDataReader r) =>
        new(r.GetString(0), r.GetInt32(1), r.Time(2), r.GetString(3), r.NullableString(4), r.GetString(5));

    private static FlowVersion ReadVersion(NpgsqlDataReader r) =>
        new(ReadInfo(r), new FlowArtifacts(r.GetString(6), r.NullableString(7), r.GetString(8), r.GetFieldValue<byte[]>(9), r.GetString(10)));
}
