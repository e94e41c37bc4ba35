using Callytics.Compiler.Binding;
using Callytics.Compiler.Catalogs;
using Callytics.Compiler.Checking;
using Callytics.TestSupport;

namespace Callytics.Compiler.Tests.Examples;

/// <summary>The examples/ flows check clean together and, as a set, show every node type and every output.</summary>
public sealed class ExamplesTests
{
    private static readonly Lazy<IReadOnlyList<CheckedFlow>> Checked = new(() =>
    {
        var (catalog, catalogBag) = CatalogLoader.Load(Path.Combine(RepoPaths.Examples, "catalog.json"));
        Assert.Empty(catalogBag.Diagnostics);
        var files = Directory.EnumerateFiles(RepoPaths.Examples, "*.flow.json").OrderBy(f => f, StringComparer.Ordinal).ToArray();
        return FlowChecker.CheckFiles(files, catalog);
    });

    [Fact]
    public void Examples_check_together_without_any_finding()
    {
        Assert.True(Checked.Value.Count >= 8, "at least eight example flows");
        var findings = Checked.Value.SelectMany(f => f.Diagnostics.Diagnostics).Select(d => d.ToString()).ToArray();
        Assert.Empty(findings);
    }

    [Fact]
    public void Examples_use_every_node_type()
    {
        var used = Checked.Value.SelectMany(f => f.Flow!.Nodes).Select(n => n.Type.Name).ToHashSet(StringComparer.Ordinal);
        var missing = NodeRegistry.Names.Where(t => !used.Contains(t)).ToArray();
        Assert.True(missing.Length == 0, "no example uses " + string.Join(", ", missing));
    }

    [Fact]
    public void Examples_connect_every_output_of_every_node_type()
    {
        var outputs = new HashSet<string>(StringComparer.Ordinal);
        var connected = new HashSet<string>(StringComparer.Ordinal);
        foreach (var flow in Checked.Value.Select(f => f.Flow!))
        {
            foreach (var node in flow.Nodes)
                foreach (var output in node.Outputs)
                    outputs.Add(Kind(node, output.Name));
            foreach (var edge in flow.Edges)
                if (flow.NodesById[edge.Source] is { Type.IsTerminal: false } source)
                    connected.Add(Kind(source, edge.Handle));
        }
        var missing = outputs.Where(o => !connected.Contains(o)).ToArray();
        Assert.True(missing.Length == 0, "no example connects " + string.Join(", ", missing));
    }

    [Fact]
    public void Examples_use_every_hunt_group_strategy()
    {
        var strategies = Checked.Value.SelectMany(f => f.Flow!.Nodes).OfType<Binding.Nodes.HuntGroupNode>().Select(h => h.Strategy).Distinct().Count();
        Assert.Equal(Enum.GetValues<Callytics.Runtime.Contract.DialStrategy>().Length, strategies);
    }

    /// <summary>"menu digit:*" for every option, "branch rule:*" for every rule: one entry per kind of output.</summary>
    private static string Kind(BoundNode node, string handle) =>
        node.Type.Name + " " + (node.Type.DynamicOutputPrefix is { } prefix && handle.StartsWith(prefix, StringComparison.Ordinal) ? prefix + "*" : handle);
}
