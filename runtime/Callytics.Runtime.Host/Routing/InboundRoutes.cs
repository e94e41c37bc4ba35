using System.Text.Json;
using Callytics.Runtime.Host.Configuration;
using Callytics.Runtime.IO;
using Callytics.Runtime.Storage.Common;
using Microsoft.Extensions.Options;

namespace Callytics.Runtime.Host.Routing;

/// <summary>One inbound route as the admin API shows it.</summary>
/// <param name="Number">The dialed number (the channel's <c>exten</c>).</param>
/// <param name="Flow">The flow id.</param>
/// <param name="Source"><c>stored</c> (editable through the API) or <c>settings</c> (<c>Callytics:Routes</c>).</param>
public sealed record InboundRoute(string Number, string Flow, string Source);

/// <summary>
/// Dialed number → flow: <c>Callytics:Routes</c> from the settings, overridden by the routes stored in
/// <c>&lt;FlowStore&gt;/routes.json</c> (edited through <c>/api/routes</c>). A change is used by the next
/// call without a restart: this host's own edits at once, edits by another process sharing the folder when
/// the file watcher reports them. Lookups read an immutable snapshot (no lock on the call path).
/// </summary>
public sealed class InboundRoutes : IDisposable
{
    private readonly HostSettings _settings;
    private readonly ILogger<InboundRoutes> _log;
    private readonly string _file;
    private readonly SemaphoreSlim _write = new(1, 1);
    private readonly FileSystemWatcher _watcher;
    private volatile IReadOnlyDictionary<string, string> _stored = new Dictionary<string, string>();

    /// <summary>Loads the stored routes and watches them.</summary>
    public InboundRoutes(IOptions<HostSettings> settings, ILogger<InboundRoutes> log)
    {
        _settings = settings.Value;
        _log = log;
        var folder = Path.GetFullPath(_settings.FlowStore);
        _file = Path.Combine(folder, "routes.json");
        Directory.CreateDirectory(folder); // watched from the start, so a file another process writes later is seen
        Reload();
        _watcher = new FileSystemWatcher(folder, "routes.json") { NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.FileName | NotifyFilters.Size };
        _watcher.Changed += (_, _) => Reload();
        _watcher.Created += (_, _) => Reload();
        _watcher.Renamed += (_, _) => Reload();
        _watcher.Deleted += (_, _) => Reload();
        _watcher.EnableRaisingEvents = true;
    }

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

    /// <summary>Stores a route (replacing a stored one for the number).</summary>
    /// <exception cref="ArgumentException">Bad number or flow id.</exception>
    public Task SetAsync(string number, string flow, CancellationToken ct) =>
        ChangeAsync(routes => routes[StorageIds.Require(number, "dialed number")] = StorageIds.Require(flow, "flow id"), ct);

    /// <summary>Removes a stored route; false when the number has none.</summary>
    public async Task<bool> RemoveAsync(string number, CancellationToken ct)
    {
        var removed = false;
        await ChangeAsync(routes => removed = routes.Remove(number), ct).ConfigureAwait(false);
        return removed;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _watcher.Dispose();
        _write.Dispose();
    }

    private async Task ChangeAsync(Action<Dictionary<string, string>> change, CancellationToken ct)
    {
        await _write.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            // Read again under the gate: another process may have written since the last reload.
            var routes = new Dictionary<string, string>(Read(), StringComparer.Ordinal);
            change(routes);
            Directory.CreateDirectory(Path.GetDirectoryName(_file)!);
            await AtomicFile.WriteAllBytesAsync(_file, JsonSerializer.SerializeToUtf8Bytes(routes, new JsonSerializerOptions { WriteIndented = true }), ct).ConfigureAwait(false);
            _stored = routes;
        }
        finally
        {
            _write.Release();
        }
    }

    private void Reload()
    {
        try
        {
            _stored = Read();
        }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException)
        {
            // Keep serving the last good routes; say why the file was not taken.
            _log.LogError(e, "Inbound routes in {File} could not be read; the previous routes stay in use", _file);
        }
    }

    private Dictionary<string, string> Read()
    {
        if (!File.Exists(_file)) return new Dictionary<string, string>(StringComparer.Ordinal);
        var routes = JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllBytes(_file)) ?? [];
        foreach (var (number, flow) in routes)
        {
            if (!StorageIds.IsValid(number) || !StorageIds.IsValid(flow))
                throw new JsonException($"route '{number}' → '{flow}' is not a valid number and flow id");
        }
        return new Dictionary<string, string>(routes, StringComparer.Ordinal);
    }
}
