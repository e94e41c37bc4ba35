using System.Text.Json;
using Callytics.Runtime.Contract;
using Callytics.Runtime.Loading;

namespace Callytics.Runtime.Host.Flows;

/// <summary>
/// Compiled flows from a directory laid out as <c>callyc build</c> writes it
/// (<c>&lt;dir&gt;/&lt;flow id&gt;/manifest.json</c> naming <c>&lt;id&gt;.vN.dll</c>): each manifest's
/// assembly is loaded with <see cref="FlowAssemblyLoader"/> after its sha256 is checked against
/// the manifest; for each flow the highest version is current. <see cref="Refresh"/> picks up new
/// versions without a restart. (The versioned flow store of the storage layer can replace this
/// class behind <see cref="IFlowSource"/>.)
/// </summary>
public sealed class AssemblyFlowSource(string directory, ILogger<AssemblyFlowSource> log) : IFlowSource
{
    private readonly Dictionary<string, IFlowMachine> _current = new(StringComparer.Ordinal);
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
    private readonly object _gate = new();

    /// <inheritdoc />
    public IFlowMachine? Resolve(string flowId)
    {
        lock (_gate) return _current.GetValueOrDefault(flowId);
    }

    /// <inheritdoc />
    public IReadOnlyCollection<string> FlowIds
    {
        get { lock (_gate) return [.. _current.Keys]; }
    }

    /// <summary>Loads versions not seen before; returns how many became current.</summary>
    public int Refresh()
    {
        if (!Directory.Exists(directory))
            return 0;
        var added = 0;
        // One folder per flow, as callyc build writes them; the folder is also the directory store, whose
        // flows/ (published versions: StoreFlowSource loads those) and data folders are not walked.
        foreach (var manifestPath in Directory.EnumerateDirectories(directory)
                     .Where(d => Path.GetFileName(d) != "flows")
                     .Select(d => Path.Combine(d, "manifest.json"))
                     .Where(File.Exists).Order(StringComparer.Ordinal))
        {
            var manifest = TryReadManifest(manifestPath);
            if (manifest is null)
                continue;
            lock (_gate)
            {
                if (!_seen.Add(manifest.AssemblySha256))
                    continue;
            }
            var machine = TryLoad(Path.Combine(Path.GetDirectoryName(manifestPath)!, Path.GetFileName(manifest.AssemblyFile)), manifest);
            if (machine is null)
                continue;
            lock (_gate)
            {
                if (_current.TryGetValue(machine.Identity.FlowId, out var old) && old.Identity.Version >= machine.Identity.Version)
                    continue;
                _current[machine.Identity.FlowId] = machine;
                added++;
            }
            log.LogInformation("Flow {FlowId} version {Version} is current", machine.Identity.FlowId, machine.Identity.Version);
        }
        return added;
    }

    private BuildManifest? TryReadManifest(string path)
    {
        try
        {
            return BuildManifest.Parse(File.ReadAllText(path));
        }
        catch (Exception e) when (e is JsonException or IOException)
        {
            log.LogError("Flow manifest {Path} is unreadable: {Error}", path, e.Message);
            return null;
        }
    }

    private IFlowMachine? TryLoad(string assemblyPath, BuildManifest manifest)
    {
        try
        {
            return FlowAssemblyLoader.Load(File.ReadAllBytes(assemblyPath), manifest).Machine;
        }
        catch (Exception e) when (e is FlowLoadException or IOException)
        {
            log.LogError("Flow assembly {Path} not loaded: {Error}", assemblyPath, e.Message);
            return null;
        }
    }
}
