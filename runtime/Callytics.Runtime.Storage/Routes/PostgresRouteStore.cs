using Callytics.Runtime.Storage.Common;
using Callytics.Runtime.Storage.Postgres;

namespace Callytics.Runtime.Storage.Routes;

/// <summary><see cref="IRouteStore"/> on PostgreSQL: table <c>inbound_routes</c> (number primary key, flow id).</summary>
public sealed class PostgresRouteStore(PostgresDatabase database) : IRouteStore
{
    /// <inheritdoc />
    public async Task<IReadOnlyDictionary<string, string>> ListAsync(CancellationToken ct = default) =>
        (await database.QueryAsync("SELECT number, flow_id FROM inbound_routes", _ => { }, r => (Number: r.GetString(0), Flow: r.GetString(1)), ct).ConfigureAwait(false))
            .ToDictionary(r => r.Number, r => r.Flow, StringComparer.Ordinal);

    /// <inheritdoc />
    public Task SetAsync(string number, string flowId, CancellationToken ct = default)
    {
        StorageIds.Require(number, "dialed number");
        StorageIds.Require(flowId, "flow id");
        return database.ExecuteAsync(
            "INSERT INTO inbound_routes (number, flow_id) VALUES ($1, $2) ON CONFLICT (number) DO UPDATE SET flow_id = EXCLUDED.flow_id",
            p => p.Text(number).Text(flowId), ct);
    }

    /// <inheritdoc />
    public async Task<bool> RemoveAsync(string number, CancellationToken ct = default) =>
        await database.ExecuteAsync("DELETE FROM inbound_routes WHERE number = $1", p => p.Text(number), ct).ConfigureAwait(false) > 0;
}
