using System.Reflection;
using Callytics.Compiler.Packaging;
using Callytics.Runtime.Contract;
using Callytics.Runtime.Loading;
using Callytics.Runtime.Storage.Flows;

namespace Callytics.Integration.Tests.Support;

/// <summary>Checks on a published version's compiled assembly.</summary>
public static class PublishedAssemblies
{
    /// <summary>The stored number, the manifest, the assembly's name, version and CompiledFlow attribute, and the sha256 all agree; the assembly loads.</summary>
    public static async Task AssertCarriesItsVersionAsync(IFlowStore store, string flowId, int version)
    {
        var stored = await store.GetVersionAsync(flowId, version);
        Assert.NotNull(stored);
        var manifest = BuildManifest.Parse(stored.Artifacts.ManifestJson);
        Assert.Equal((flowId, version, $"{flowId}.v{version}.dll"), (manifest.FlowId, manifest.Version, manifest.AssemblyFile));
        var sha256 = stored.Artifacts.ComputeAssemblySha256();
        Assert.Equal(sha256, manifest.AssemblySha256);
        Assert.Equal(sha256, stored.Info.AssemblySha256);

        var loaded = FlowAssemblyLoader.Load(stored.Artifacts.Assembly, manifest.AssemblySha256);
        try
        {
            var assembly = loaded.Machine.GetType().Assembly;
            Assert.Equal(new FlowIdentity(flowId, version, manifest.SemanticHash), loaded.Machine.Identity);
            Assert.Equal(version, assembly.GetCustomAttribute<CompiledFlowAttribute>()!.Version);
            Assert.Equal($"Callytics.Flow.{flowId}.v{version}", assembly.GetName().Name);
            Assert.Equal(new Version(version, 0, 0, 0), assembly.GetName().Version);
        }
        finally
        {
            loaded.Unload();
        }
    }
}
