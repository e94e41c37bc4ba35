using Callytics.Compiler.Binding.Nodes;
using Callytics.Compiler.Checking;
using Callytics.Compiler.Graphing;
using Callytics.Compiler.Tests.Cli;
using Callytics.TestSupport;

namespace Callytics.Compiler.Tests.Graphing;

/// <summary><c>callyc graph</c>: the Mermaid output parses and shows the flow; the DOT output renders with Graphviz.</summary>
public sealed class DiagramTests
{
    public static TheoryData<string> Flows => DiagramCases.All();

    [Fact]
    public void There_are_flows_to_draw()
    {
        Assert.True(Flows.Count >= 5, $"only {Flows.Count} flows found under examples/, tests/vectors/valid and the import samples");
    }

    [Theory]
    [MemberData(nameof(Flows))]
    public void Mermaid_parses_and_shows_every_node_edge_output_and_kind(string name)
    {
        var flow = DiagramCases.Load(name);
        var diagram = FlowDiagram.From(flow);

        var chart = MermaidSubsetParser.Parse(MermaidWriter.Write(diagram));

        Assert.Equal(flow.NodesById.Count, chart.Nodes.Count);
        var keyOf = chart.Nodes.Values.ToDictionary(NodeIdIn);
        Assert.Equal(flow.NodesById.Keys.Order(StringComparer.Ordinal), keyOf.Keys.Order(StringComparer.Ordinal));
        foreach (var node in flow.NodesById.Values)
        {
            var drawn = keyOf[node.Id];
            Assert.Contains(node.Type.Name, drawn.Label);
            if (node.Info.Label.Length > 0) Assert.StartsWith(node.Info.Label.ReplaceLineEndings(" "), drawn.Label);
            var expectedClass = node is StartNode ? "start" : node is WebhookNode ? "webhook" : node.Type.IsTerminal ? "terminal" : "step";
            Assert.Equal(expectedClass, chart.ClassOf[drawn.Key]);
        }
        var idOfKey = keyOf.ToDictionary(p => p.Value.Key, p => p.Key);
        var expectedEdges = flow.Edges.Where(e => flow.NodesById.ContainsKey(e.Source) && flow.NodesById.ContainsKey(e.Target))
            .Select(e => (e.Source, e.Target, Async: flow.NodesById[e.Source] is WebhookNode || flow.NodesById[e.Target] is WebhookNode, e.Handle));
        var drawnEdges = chart.Edges.Select(e => (Source: idOfKey[e.From], Target: idOfKey[e.To], Async: e.Dashed, Handle: e.Label.Replace(" (async)", "")));
        Assert.Equal(expectedEdges, drawnEdges);
        Assert.All(chart.Edges.Where(e => e.Dashed), e => Assert.EndsWith("(async)", e.Label));
    }

    [Theory]
    [MemberData(nameof(Flows))]
    public void Dot_renders_with_graphviz_with_every_node_and_edge(string name)
    {
        var flow = DiagramCases.Load(name);
        var diagram = FlowDiagram.From(flow);

        var svg = Graphviz.Render(DotWriter.Write(diagram));

        // Graphviz writes each node's name as its <title>, with '-' as an entity.
        var titles = System.Net.WebUtility.HtmlDecode(svg);
        foreach (var id in flow.NodesById.Keys) Assert.Contains($"<title>{id}</title>", titles);
        var edges = svg.Split("class=\"edge\"").Skip(1).Select(e => e[..e.IndexOf("</g>", StringComparison.Ordinal)]).ToList();
        Assert.Equal(diagram.Edges.Count, edges.Count);
        Assert.Equal(diagram.Edges.Count(e => e.Async), edges.Count(e => e.Contains("stroke-dasharray", StringComparison.Ordinal)));
    }

    [Fact]
    public void Labels_with_quotes_hashes_brackets_pipes_and_backslashes_survive_both_formats()
    {
        const string label = "Say \"hi\" | press #1 <now> \\ or *";
        var flow = FlowChecker.CheckText("odd.flow.json", $$"""
            { "schemaVersion": 1, "id": "odd",
              "nodes": [
                { "id": "start", "type": "start" },
                { "id": "end", "type": "hangup", "label": {{System.Text.Json.JsonSerializer.Serialize(label)}} }
              ],
              "edges": [ { "source": "start", "target": "end" } ] }
            """).Flow!;
        var diagram = FlowDiagram.From(flow);

        var chart = MermaidSubsetParser.Parse(MermaidWriter.Write(diagram));
        var svg = Graphviz.Render(DotWriter.Write(diagram));

        Assert.Contains(chart.Nodes.Values, n => n.Label == label + "\nend · hangup");
        Assert.Contains(label, System.Net.WebUtility.HtmlDecode(svg));
    }

    /// <summary>The flow node id a drawn node shows: "Title\nid · type", or "id\ntype" when the node has no label.</summary>
    private static string NodeIdIn(MermaidNode node)
    {
        var lines = node.Label.Split('\n');
        var separator = lines[1].IndexOf(" · ", StringComparison.Ordinal);
        return separator >= 0 ? lines[1][..separator] : lines[0];
    }

    [Fact]
    public void The_parser_rejects_what_mermaid_would_reject()
    {
        Assert.Throws<FormatException>(() => MermaidSubsetParser.Parse("flowchart TD\n    n0[\"a\"]\n    n0 -->|\"x\"| n1\n"));
        Assert.Throws<FormatException>(() => MermaidSubsetParser.Parse("flowchart TD\n    n0[\"say \"hi\"\"]\n"));
        Assert.Throws<FormatException>(() => MermaidSubsetParser.Parse("flowchart TD\n    n0([\"a\"]]\n"));
        Assert.Throws<FormatException>(() => MermaidSubsetParser.Parse("flowchart TD\n    end[\"a\"]\n"));
        Assert.Throws<FormatException>(() => MermaidSubsetParser.Parse("flowchart TD\n    n0[\"press #1\"]\n"));
        Assert.Throws<FormatException>(() => MermaidSubsetParser.Parse("flowchart TD\n    n0[\"a\"]\n    class n0 missing\n"));
        Assert.Throws<FormatException>(() => MermaidSubsetParser.Parse("graph LR\n    n0[\"a\"]\n"));
    }

    [Fact]
    public void Graph_command_writes_mermaid_and_dot_and_refuses_a_flow_with_errors()
    {
        using var temp = new TempFolder();
        var good = temp.File("good.flow.json");
        var bad = temp.File("bad.flow.json");
        File.WriteAllText(good, """{ "schemaVersion": 1, "id": "good", "nodes": [ { "id": "start", "type": "start" }, { "id": "bye", "type": "hangup" } ], "edges": [ { "source": "start", "target": "bye" } ] }""");
        File.WriteAllText(bad, """{ "schemaVersion": 1, "id": "bad", "nodes": [ { "id": "start", "type": "start" } ], "edges": [] }""");

        var mermaid = Callyc.Run("graph", good);
        var dot = Callyc.Run("graph", good, "--format", "dot", "-o", temp.File("good.dot"));
        var refused = Callyc.Run("graph", bad);

        Assert.Equal(0, mermaid.ExitCode);
        Assert.Equal(2, MermaidSubsetParser.Parse(mermaid.StandardOutput).Nodes.Count);
        Assert.Equal(0, dot.ExitCode);
        Assert.StartsWith("digraph \"good\"", File.ReadAllText(temp.File("good.dot")));
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("CFL2008", refused.StandardOutput);
    }
}

/// <summary>Renders DOT with Graphviz's <c>dot</c>; fails loudly when Graphviz is not installed.</summary>
internal static class Graphviz
{
    public static string Render(string dot)
    {
        Assert.True(ProcessRunner.IsOnPath("dot"), "Graphviz 'dot' is not installed: run 'apt-get install -y graphviz' (the project's test script installs it).");
        var run = ProcessRunner.Run("dot", ["-Tsvg"], TimeSpan.FromSeconds(60), standardInput: dot);
        Assert.True(run.ExitCode == 0 && run.StandardError.Length == 0, $"dot rejected the diagram:\n{run}\n--- input\n{dot}");
        return run.StandardOutput;
    }
}
