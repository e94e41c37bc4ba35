using System.Text.Json;
using Callytics.Runtime.IO;
using Callytics.Runtime.Storage.Common;
using Callytics.Runtime.Storage.Directory;

namespace Callytics.Runtime.Storage.Routes;

/// <summary>
/// <see cref="IRouteStore"/> in <c>&lt;root&gt;/routes.json</c> (a JSON object number → flow id), written atomically
/// under a lock file, so processes sharing the folder never lose each other's edits.
/// </summary>
public sealed class DirectoryRouteStore : IRouteStore
{
    private static readonly TimeSpan LockTimeout = TimeSpan.FromSeconds(30);
    private readonly string _root;

    /// <summary>Uses (and creates when needed) the folder <paramref name="root"/>.</summary>
    public DirectoryRouteStore(string root)
    {
        _root = Path.GetFullPath(root);
        System.IO.Directory.CreateDirectory(_root);
    }

    /// <summary>The routes file (watched by hosts for changes made by other processes).</summary>
    public string FilePath => Path.Combine(_root, "routes.json");

    /// <inheritdoc />
    public Task<IReadOnlyDictionary<string, string>> ListAsync(CancellationToken ct = default) => Task.FromResult<IReadOnlyDictionary<string, string>>(Read());

    /// <inheritdoc />
    public Task SetAsync(string number, string flowId, CancellationToken ct = default)
    {
        StorageIds.Require(number, "dialed number");
        StorageIds.Require(flowId, "flow id");
        return ChangeAsync(routes => { routes[number] = flowId; return true; }, ct);
    }

    /// <inheritdoc />
    public Task<bool> RemoveAsync(string number, CancellationToken ct = default) => ChangeAsync(routes => routes.Remove(number), ct);

    private async Task<bool> ChangeAsync(Func<Dictionary<string, string>, bool> change, CancellationToken ct)
    {
        using var held = await FileLock.AcquireAsync(Path.Combine(_root, ".routes.lock"), LockTimeout, ct).ConfigureAwait(false);
        // Read under the lock: another process may have written since.
        var routes = Read();
        if (!change(routes)) return false;
        await AtomicFile.WriteAllBytesAsync(FilePath, JsonSerializer.SerializeToUtf8Bytes(routes, new JsonSerializerOptions { WriteIndented = true }), ct).ConfigureAwait(false);
        return true;
    }

    /// <exception cref="JsonException">The file is not an object of valid numbers and flow ids.</exception>
    private Dictionary<string, string> Read()
    {
        if (!File.Exists(FilePath)) return new Dictionary<string, string>(StringComparer.Ordinal);
        var routes = JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllBytes(FilePath)) ?? [];
        foreach (var (number, flow) in routes)
        {
            if (!StorageIds.IsValid(number) || !StorageIds.IsValid(flow))
                throw new JsonException($"route '{number}' → '{flow}' in {FilePath} is not a valid number and flow id");
        }
        return new Dictionary<string, string>(routes, StringComparer.Ordinal);
    }
}
