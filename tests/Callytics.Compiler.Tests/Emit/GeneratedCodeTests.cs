using Callytics.Compiler.Binding;
using Callytics.Compiler.Checking;
using Callytics.Compiler.Compilation;
using Callytics.Compiler.Emit;
using Callytics.Compiler.Emit.Nodes;
using Callytics.Compiler.Packaging;
using Callytics.TestSupport;

namespace Callytics.Compiler.Tests.Emit;

/// <summary>
/// Generated code is reviewed like source: the C# of every example is checked in under
/// tests/golden/; every example and valid vector compiles with zero warnings, twice to the same bytes.
/// </summary>
public sealed class GeneratedCodeTests
{
    /// <summary>Every example and valid vector, with the flows of its folder (for subflow references).</summary>
    public static TheoryData<string> BuildableFlows()
    {
        var data = new TheoryData<string>();
        foreach (var dir in new[] { RepoPaths.Examples, Path.Combine(RepoPaths.Vectors, "valid") })
        {
            if (!Directory.Exists(dir)) continue;
            foreach (var file in Directory.EnumerateFiles(dir, "*.flow.json", SearchOption.AllDirectories).OrderBy(f => f, StringComparer.Ordinal))
                data.Add(Path.GetRelativePath(RepoPaths.Root, file));
        }
        return data;
    }

    /// <summary>The examples only (golden files).</summary>
    public static TheoryData<string> Examples()
    {
        var data = new TheoryData<string>();
        if (Directory.Exists(RepoPaths.Examples))
            foreach (var file in Directory.EnumerateFiles(RepoPaths.Examples, "*.flow.json", SearchOption.AllDirectories).OrderBy(f => f, StringComparer.Ordinal))
                data.Add(Path.GetRelativePath(RepoPaths.Root, file));
        return data;
    }

    private static CheckedFlow CheckWithSiblings(string relativePath)
    {
        var path = RepoPaths.Combine(relativePath);
        // Each file directly in tests/vectors/valid stands alone; examples and vector folders are checked together.
        var dir = Path.GetDirectoryName(path)!;
        var alone = Path.GetFullPath(dir) == Path.GetFullPath(Path.Combine(RepoPaths.Vectors, "valid"));
        var siblings = alone ? [] : Directory.EnumerateFiles(dir, "*.flow.json").Where(f => f != path);
        var flows = FlowChecker.CheckFiles([path, .. siblings]);
        var flow = flows[0];
        Assert.True(flow.Succeeded, string.Join("\n", flow.Diagnostics.Diagnostics));
        return flow;
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void Generated_code_of_each_example_matches_its_golden_file(string relativePath)
    {
        var built = FlowBuilder.Build(CheckWithSiblings(relativePath), version: 1);
        Assert.NotNull(built);
        var name = Path.GetFileName(relativePath).Replace(".flow.json", ".g.cs");
        Golden.Verify(RepoPaths.Combine("tests", "golden", name), built!.Source);
    }

    [Theory]
    [MemberData(nameof(BuildableFlows))]
    public void Compiles_with_zero_warnings_and_deterministically(string relativePath)
    {
        var flow = CheckWithSiblings(relativePath);
        var first = FlowBuilder.Build(flow, version: 3);
        var second = FlowBuilder.Build(CheckWithSiblings(relativePath), version: 3);
        Assert.NotNull(first);
        Assert.NotNull(second);
        Assert.Equal(first!.Assembly, second!.Assembly);
        Assert.Equal(first.Manifest.AssemblySha256, second.Manifest.AssemblySha256);

        var identity = first.Identity;
        var compiled = RoslynCompiler.Compile(new GeneratedMachine(first.Source, "", first.Manifest.MachineType), identity);
        Assert.Empty(compiled.Diagnostics);
    }

    [Fact]
    public void Every_node_type_has_exactly_one_emitter()
    {
        var emitted = NodeEmitters.All.Select(e => e.NodeType).ToList();
        Assert.Equal(NodeRegistry.All.Select(t => t.Name).Order(), emitted.Order());
        Assert.Equal(emitted.Count, emitted.Distinct().Count());
    }

    [Fact]
    public void Assembly_carries_flow_id_version_and_semantic_hash()
    {
        var flow = new FlowJson("hash-me").Node("start", "start").Node("bye", "hangup").Edge("start", "bye").ToString();
        var built = FlowHarness.Build(flow, version: 7);
        var loaded = Callytics.Runtime.Loading.FlowAssemblyLoader.Load(built.Assembly, built.Manifest.AssemblySha256);
        Assert.Equal(new Callytics.Runtime.Contract.FlowIdentity("hash-me", 7, built.Manifest.SemanticHash), loaded.Machine.Identity);
        Assert.Equal("Callytics.Flow.hash-me.v7", RoslynCompiler.AssemblyName(built.Identity));
    }

    [Fact]
    public void Layout_and_extension_keys_do_not_change_the_semantic_hash_but_config_does()
    {
        var baseFlow = new FlowJson("h").Node("start", "start").Node("bye", "hangup").Edge("start", "bye").ToString();
        var moved = baseFlow.Replace("\"edges\"", "\"layout\": { \"start\": { \"x\": 5, \"y\": 9 } },\n  \"x-editor\": { \"zoom\": 2 },\n  \"edges\"");
        var changed = baseFlow.Replace("\"type\": \"hangup\" }", "\"type\": \"hangup\", \"config\": { \"prompt\": { \"audio\": \"bye\" } } }");
        var hash = FlowHarness.Build(baseFlow).Manifest.SemanticHash;
        Assert.Equal(hash, FlowHarness.Build(moved).Manifest.SemanticHash);
        Assert.NotEqual(hash, FlowHarness.Build(changed).Manifest.SemanticHash);
    }

    [Fact]
    public void A_tampered_assembly_is_refused()
    {
        var built = FlowHarness.Build(new FlowJson("t").Node("start", "start").Node("bye", "hangup").Edge("start", "bye").ToString());
        var tampered = (byte[])built.Assembly.Clone();
        tampered[^1] ^= 0xFF;
        var e = Assert.Throws<Callytics.Runtime.Loading.FlowLoadException>(() => Callytics.Runtime.Loading.FlowAssemblyLoader.Load(tampered, built.Manifest.AssemblySha256));
        Assert.Contains("does not match", e.Message);
    }

    [Fact]
    public void An_assembly_whose_manifest_names_another_version_is_refused_and_a_matching_one_loads()
    {
        var built = FlowHarness.Build(new FlowJson("t").Node("start", "start").Node("bye", "hangup").Edge("start", "bye").ToString(), version: 3);
        var manifest = Callytics.Runtime.Loading.BuildManifest.ParseForLoading(built.Manifest.ToJson());
        Assert.Equal(3, Callytics.Runtime.Loading.FlowAssemblyLoader.Load(built.Assembly, manifest).Machine.Identity.Version);
        var e = Assert.Throws<Callytics.Runtime.Loading.FlowLoadException>(() =>
            Callytics.Runtime.Loading.FlowAssemblyLoader.Load(built.Assembly, manifest with { Version = 4 }));
        Assert.Contains("its manifest says t v4", e.Message);
        Assert.Throws<Callytics.Runtime.Loading.FlowLoadException>(() => Callytics.Runtime.Loading.BuildManifest.ParseForLoading("{ not json"));
    }
}
