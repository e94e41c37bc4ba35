using Callytics.Compiler.Binding;
using Callytics.Compiler.Checking;
using Callytics.TestSupport.Flows;

namespace Callytics.Compiler.Tests.Support;

/// <summary>The benchmark measures realistic work only if its generated flows are valid and complete.</summary>
public class LargeFlowGeneratorTests
{
    [Theory]
    [InlineData(2)]
    [InlineData(16)]
    [InlineData(1_000)]
    public void Generated_flows_check_clean_with_the_requested_node_count(int nodes)
    {
        var result = FlowChecker.CheckText("generated.flow.json", LargeFlowGenerator.Generate(nodes));
        Verify.AssertDiagnostics([], result.Diagnostics.Diagnostics, $"{nodes} nodes");
        Assert.Equal(nodes, result.Flow!.Nodes.Count);
    }

    [Fact]
    public void Generated_flows_mix_most_node_types()
    {
        var flow = FlowChecker.CheckText("generated.flow.json", LargeFlowGenerator.Generate(100)).Flow!;
        var types = flow.Nodes.Select(n => n.Type.Name).ToHashSet();
        Assert.True(types.Count >= 14, string.Join(", ", types));
        Assert.All(types, t => Assert.NotNull(NodeRegistry.Find(t)));
    }
}

/// <summary>The hand-written corpus the mutation and schema tests start from must itself be clean and complete.</summary>
public class CorpusTests
{
    [Fact]
    public void Corpus_checks_clean_as_a_set_and_uses_every_node_type()
    {
        using var dir = new TempDir();
        var results = FlowChecker.CheckFiles(Corpus.Flows.Select(f => dir.Write(Path.GetFileName(f.Name), f.Text)).ToList());
        foreach (var result in results) Verify.AssertDiagnostics([], result.Diagnostics.Diagnostics, result.Path);
        var used = results.SelectMany(r => r.Flow!.Nodes).Select(n => n.Type.Name).ToHashSet();
        Assert.Equal(NodeRegistry.All.Select(t => t.Name).Order(), used.Order());
    }
}
