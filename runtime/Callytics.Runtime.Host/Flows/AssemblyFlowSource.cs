using System.Reflection;
using System.Runtime.Loader;
using System.Security.Cryptography;
using Callytics.Runtime.Contract;
using Microsoft.Extensions.Logging;

namespace Callytics.Runtime.Host.Flows;

/// <summary>
/// Compiled flows from the flow store directory: every <c>*.dll</c> below it that carries a
/// <see cref="CompiledFlowAttribute"/>; for each flow the highest version is current. A DLL with a
/// <c>&lt;name&gt;.dll.sha256</c> file next to it is loaded only when its hash matches. Each
/// assembly gets its own collectible load context. <see cref="Refresh"/> picks up new versions
/// without a restart.
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

    /// <summary>Loads DLLs not seen before; returns how many flow versions were added.</summary>
    public int Refresh()
    {
        if (!Directory.Exists(directory))
            return 0;
        var added = 0;
        foreach (var path in Directory.EnumerateFiles(directory, "*.dll", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            lock (_gate)
            {
                if (!_seen.Add(path))
                    continue;
            }
            var machine = TryLoad(path);
            if (machine is null)
                continue;
            lock (_gate)
            {
                if (_current.TryGetValue(machine.Identity.FlowId, out var old) && old.Identity.Version >= machine.Identity.Version)
                    continue;
                _current[machine.Identity.FlowId] = machine;
                added++;
            }
            log.LogInformation("Flow {FlowId} version {Version} loaded", machine.Identity.FlowId, machine.Identity.Version);
        }
        return added;
    }

    private IFlowMachine? TryLoad(string path)
    {
        try
        {
            var bytes = File.ReadAllBytes(path);
            var hashFile = path + ".sha256";
            if (File.Exists(hashFile))
            {
                var expected = File.ReadAllText(hashFile).Trim().Split(' ')[0];
                if (!string.Equals(expected, Convert.ToHexStringLower(SHA256.HashData(bytes)), StringComparison.OrdinalIgnoreCase))
                {
                    log.LogError("Flow assembly {Path} does not match its sha256; not loaded", path);
                    return null;
                }
            }
            var context = new AssemblyLoadContext("flow:" + Path.GetFileName(path), isCollectible: true);
            using var stream = new MemoryStream(bytes);
            var assembly = context.LoadFromStream(stream);
            var attribute = assembly.GetCustomAttribute<CompiledFlowAttribute>();
            if (attribute is null)
            {
                context.Unload();
                return null;
            }
            var type = assembly.GetType(attribute.MachineType, throwOnError: true)!;
            return (IFlowMachine)Activator.CreateInstance(type)!;
        }
        catch (Exception e) when (e is BadImageFormatException or FileLoadException or TypeLoadException or MissingMethodException or InvalidCastException or IOException or TargetInvocationException)
        {
            log.LogError("Flow assembly {Path} could not be loaded: {Error}", path, e.Message);
            return null;
        }
    }
}
