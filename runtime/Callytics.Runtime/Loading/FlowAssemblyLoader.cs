using System.Reflection;
using System.Runtime.Loader;
using System.Security.Cryptography;
using Callytics.Runtime.Contract;

namespace Callytics.Runtime.Loading;

/// <summary>A flow assembly was refused (hash mismatch, not a flow assembly).</summary>
public sealed class FlowLoadException(string message) : Exception(message);

/// <summary>A loaded flow version: its machine, and a handle to unload it once no call uses it.</summary>
public sealed class LoadedFlow
{
    private readonly AssemblyLoadContext _context;

    internal LoadedFlow(IFlowMachine machine, AssemblyLoadContext context)
    {
        Machine = machine;
        _context = context;
    }

    /// <summary>The machine.</summary>
    public IFlowMachine Machine { get; }

    /// <summary>Starts unloading; the memory goes once nothing references the machine any more.</summary>
    public WeakReference Unload()
    {
        var weak = new WeakReference(_context);
        _context.Unload();
        return weak;
    }
}

/// <summary>
/// Loads compiled flow assemblies into collectible load contexts, each version on its own, so
/// old versions can be unloaded when their last call ends. Checks the sha256 first.
/// </summary>
public static class FlowAssemblyLoader
{
    /// <summary>
    /// Loads an assembly after checking it against its manifest: the sha256 first, then that the
    /// machine is the flow id and version the manifest names.
    /// </summary>
    /// <exception cref="FlowLoadException">The assembly does not match the manifest or is not a flow.</exception>
    public static LoadedFlow Load(byte[] assembly, BuildManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        var loaded = Load(assembly, manifest.AssemblySha256);
        var identity = loaded.Machine.Identity;
        if (identity.FlowId == manifest.FlowId && identity.Version == manifest.Version) return loaded;
        loaded.Unload();
        throw new FlowLoadException($"the assembly is {identity.FlowId} v{identity.Version}, its manifest says {manifest.FlowId} v{manifest.Version}");
    }

    /// <summary>Loads an assembly after checking it against the expected sha256 (lower-case hex; null skips the check).</summary>
    public static LoadedFlow Load(byte[] assembly, string? expectedSha256)
    {
        if (expectedSha256 is not null)
        {
            var actual = Convert.ToHexStringLower(SHA256.HashData(assembly));
            if (!string.Equals(actual, expectedSha256, StringComparison.OrdinalIgnoreCase))
                throw new FlowLoadException($"assembly sha256 {actual} does not match the manifest's {expectedSha256}; refusing to load it");
        }
        var context = new FlowLoadContext();
        try
        {
            var loaded = context.LoadFromStream(new MemoryStream(assembly));
            var attribute = loaded.GetCustomAttribute<CompiledFlowAttribute>()
                ?? throw new FlowLoadException("not a compiled flow (no CompiledFlow attribute)");
            var type = loaded.GetType(attribute.MachineType, throwOnError: false)
                ?? throw new FlowLoadException($"machine type {attribute.MachineType} not found");
            var machine = (IFlowMachine)Activator.CreateInstance(type)!;
            return new LoadedFlow(machine, context);
        }
        catch (Exception e) when (e is BadImageFormatException or FileLoadException or TypeLoadException or InvalidCastException or MissingMethodException)
        {
            context.Unload();
            throw new FlowLoadException("not a loadable flow assembly: " + e.Message);
        }
        catch (FlowLoadException)
        {
            context.Unload();
            throw;
        }
    }

    /// <summary>A collectible context that shares Callytics.Runtime (and everything else) with the host.</summary>
    private sealed class FlowLoadContext() : AssemblyLoadContext("callytics-flow", isCollectible: true)
    {
        protected override Assembly? Load(AssemblyName assemblyName) => null;
    }
}
