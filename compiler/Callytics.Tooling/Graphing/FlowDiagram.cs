using Callytics.Compiler.Binding;
using Callytics.Compiler.Binding.Nodes;

namespace Callytics.Compiler.Graphing;

/// <summary>How a node is drawn.</summary>
public enum DiagramNodeKind
{
    /// <summary>The start node.</summary>
    Start,
    /// <summary>A node the call goes on from.</summary>
    Step,
    /// <summary>A node that ends the call or leaves the flow (no outputs).</summary>
    Terminal,
    /// <summary>A fire-and-forget webhook.</summary>
    Webhook,
}

/// <summary>A node of a diagram.</summary>
/// <param name="Id">The flow node id.</param>
/// <param name="Title">The label, or the id when there is none.</param>
/// <param name="Type">The node type name.</param>
/// <param name="Kind">How it is drawn.</param>
public sealed record DiagramNode(string Id, string Title, string Type, DiagramNodeKind Kind)
{
    /// <summary>The second line under the title: the id (when the title is a label) and the type.</summary>
    public string Subtitle => Title == Id ? Type : $"{Id} · {Type}";
}

/// <summary>An edge of a diagram.</summary>
/// <param name="Source">The source node id.</param>
/// <param name="Target">The target node id.</param>
/// <param name="Output">The output it leaves from.</param>
/// <param name="Async">True for edges to or from a webhook (drawn dashed, marked async).</param>
public sealed record DiagramEdge(string Source, string Target, string Output, bool Async)
{
    /// <summary>The text on the edge.</summary>
    public string Text => Async ? $"{Output} (async)" : Output;
}

/// <summary>
/// A flow reduced to what a diagram shows: titled nodes of four kinds and labelled edges.
/// Mermaid and DOT are written from this one model, so both show the same thing.
/// </summary>
public sealed record FlowDiagram(string FlowId, string Name, IReadOnlyList<DiagramNode> Nodes, IReadOnlyList<DiagramEdge> Edges)
{
    /// <summary>Builds the diagram of a bound flow; edges whose ends do not exist are left out (the checker reports them).</summary>
    public static FlowDiagram From(BoundFlow flow)
    {
        var nodes = flow.NodesById.Values.OrderBy(n => n.Info.Index)
            .Select(n => new DiagramNode(n.Id, n.Info.Label.Length > 0 ? n.Info.Label : n.Id, n.Type.Name, KindOf(n)))
            .ToList();
        var edges = flow.Edges
            .Where(e => flow.NodesById.ContainsKey(e.Source) && flow.NodesById.ContainsKey(e.Target))
            .Select(e => new DiagramEdge(e.Source, e.Target, e.Handle, flow.NodesById[e.Source] is WebhookNode || flow.NodesById[e.Target] is WebhookNode))
            .ToList();
        return new FlowDiagram(flow.FlowId, flow.Name, nodes, edges);
    }

    private static DiagramNodeKind KindOf(BoundNode node) => node switch
    {
        StartNode => DiagramNodeKind.Start,
        WebhookNode => DiagramNodeKind.Webhook,
        _ when node.Type.IsTerminal => DiagramNodeKind.Terminal,
        _ => DiagramNodeKind.Step,
    };
}
