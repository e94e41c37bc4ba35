using System.Text.Json;
using Callytics.Runtime.Host.Configuration;
using Callytics.Runtime.Host.Flows;
using Callytics.Runtime.Storage.Common;
using Callytics.Runtime.Storage.Routes;
using Microsoft.Extensions.Options;

namespace Callytics.Runtime.Host.Routing;

/// <summary>One inbound route as the admin API shows it.</summary>
/// <param name="Number">The dialed number (the channel's <c>exten</c>).</param>
/// <param name="Flow">The flow id.</param>
/// <param name="Source"><c>stored</c> (editable through the API) or <c>settings</c> (<c>Callytics:Routes</c>).</param>
public sealed record InboundRoute(string Number, string Flow, string Source);

/// <summary>
/// Dialed number → flow: <c>Callytics:Routes</c> from the settings, overridden by the routes stored in the flow
/// store (<see cref="IRouteStore"/>: <c>&lt;FlowStore&gt;/routes.json</c>, or the <c>inbound_routes</c> table when the
/// host's flow store is PostgreSQL), edited through <c>/api/routes</c>. A change is used by the next call without a
/// restart: this host's own edits at once; edits by another host when the file watcher reports them (folder) or at
/// the next poll, every <see cref="HostSettings.RoutesPollMs"/> (PostgreSQL: a read of a small table, not
/// LISTEN/NOTIFY — a missed notification could then never leave a stale route behind). Loaded before calls are
/// taken (a hosted service registered before the call host); lookups read an immutable snapshot (no lock on the
/// call path).
/// </summary>
public sealed class InboundRoutes(IOptions<HostSettings> settings, FlowStoreAccess access, ILogger<InboundRoutes> log) : IHostedService, IDisposable
{
    private readonly HostSettings _settings = settings.Value;
    private readonly SemaphoreSlim _write = new(1, 1);
    private readonly CancellationTokenSource _stopping = new();
    private FileSystemWatcher? _watcher;
    private Task? _polling;
    private volatile IReadOnlyDictionary<string, string> _stored = new Dictionary<string, string>();

    /// <summary>The flow for a dialed number: a stored route, else a settings route, else <c>DefaultFlow</c>; null: hang up.</summary>
    public string? FlowFor(string dialed) =>
        _stored.GetValueOrDefault(dialed) ?? _settings.Routes.GetValueOrDefault(dialed) ?? _settings.DefaultFlow;

    /// <summary>Every route, stored ones over settings ones, by number.</summary>
    public IReadOnlyList<InboundRoute> List()
    {
        var stored = _stored;
        return _settings.Routes.Where(r => !stored.ContainsKey(r.Key)).Select(r => new InboundRoute(r.Key, r.Value, "settings"))
            .Concat(stored.Select(r => new InboundRoute(r.Key, r.Value, "stored")))
            .OrderBy(r => r.Number, StringComparer.Ordinal).ToList();
    }

    /// <summary>Stores a route (replacing a stored one for the number); used at once.</summary>
    /// <exception cref="ArgumentException">Bad number or flow id.</exception>
    public async Task SetAsync(string number, string flow, CancellationToken ct)
    {
        StorageIds.Require(number, "dialed number");
        StorageIds.Require(flow, "flow id");
        await ChangeAsync(store => store.SetAsync(number, flow, ct), ct).ConfigureAwait(false);
    }

    /// <summary>Removes a stored route; false when the number has none.</summary>
    public async Task<bool> RemoveAsync(string number, CancellationToken ct)
    {
        var removed = false;
        await ChangeAsync(async store => removed = await store.RemoveAsync(number, ct).ConfigureAwait(false), ct).ConfigureAwait(false);
        return removed;
    }

    /// <summary>Loads the stored routes, then follows changes made by other hosts.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // A store that cannot be read now (PostgreSQL down) does not stop the host: the settings routes serve
        // meanwhile, and the poll below takes the stored ones once it can.
        await ReloadAsync(cancellationToken).ConfigureAwait(false);
        if (string.IsNullOrWhiteSpace(_settings.PostgreSql) && await StoreAsync().ConfigureAwait(false) is DirectoryRouteStore folder)
        {
            _watcher = new FileSystemWatcher(Path.GetDirectoryName(folder.FilePath)!, Path.GetFileName(folder.FilePath))
            {
                NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.FileName | NotifyFilters.Size,
            };
            // ReloadAsync never throws: nothing to observe.
            FileSystemEventHandler reload = (_, _) => _ = ReloadAsync();
            _watcher.Changed += reload;
            _watcher.Created += reload;
            _watcher.Deleted += reload;
            _watcher.Renamed += (_, _) => _ = ReloadAsync();
            _watcher.EnableRaisingEvents = true;
        }
        else
            _polling = PollAsync(_stopping.Token);
    }

    /// <inheritdoc />
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        if (_polling is { } polling)
        {
            try { await polling.WaitAsync(cancellationToken).ConfigureAwait(false); }
            catch (OperationCanceledException) { }
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _watcher?.Dispose();
        _write.Dispose();
        _stopping.Dispose();
    }

    private async Task<IRouteStore> StoreAsync() => (await access.GetServicesAsync().ConfigureAwait(false)).Routes;

    private async Task ChangeAsync(Func<IRouteStore, Task> change, CancellationToken ct)
    {
        var store = await StoreAsync().ConfigureAwait(false);
        await _write.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            await change(store).ConfigureAwait(false);
            _stored = await store.ListAsync(ct).ConfigureAwait(false);
        }
        finally
        {
            _write.Release();
        }
    }

    private async Task PollAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(Math.Max(100, _settings.RoutesPollMs)));
        try
        {
            while (await timer.WaitForNextTickAsync(ct).ConfigureAwait(false)) await ReloadAsync(ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The host is stopping.
        }
    }

    /// <summary>Takes the stored routes again; on failure keeps serving the last good ones and logs why (never throws).</summary>
    private async Task ReloadAsync(CancellationToken ct = default)
    {
        try
        {
            _stored = await (await StoreAsync().ConfigureAwait(false)).ListAsync(ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException or StorageUnavailableException || Storage.Postgres.PostgresDatabase.IsUnavailable(e))
        {
            log.LogError(e, "Inbound routes could not be read from the store; the previous routes stay in use");
        }
    }
}
