using Callytics.Compiler.Binding.Nodes;
using Callytics.Compiler.Syntax;

namespace Callytics.Compiler.Binding;

/// <summary>A flow document after binding: typed nodes, edges and layout, all still tied to their JSON.</summary>
public sealed class BoundFlow
{
    internal BoundFlow(SourceText source, JsonObject root, string flowId, string name, string description,
        IReadOnlyList<BoundNode> nodes, IReadOnlyList<BoundEdge> edges, IReadOnlyList<JsonNode> layout, IReadOnlySet<string> declaredIds)
    {
        Source = source;
        Root = root;
        FlowId = flowId;
        Name = name;
        Description = description;
        Nodes = nodes;
        Edges = edges;
        Layout = layout;
        DeclaredIds = declaredIds;
        var byId = new Dictionary<string, BoundNode>(StringComparer.Ordinal);
        foreach (var node in nodes) byId.TryAdd(node.Id, node);
        NodesById = byId;
        Start = nodes.OfType<StartNode>().FirstOrDefault();
    }

    /// <summary>The file.</summary>
    public SourceText Source { get; }

    /// <summary>The document's JSON object.</summary>
    public JsonObject Root { get; }

    /// <summary>The flow id ("" when missing or invalid).</summary>
    public string FlowId { get; }

    /// <summary>The flow's name for people (the id when absent).</summary>
    public string Name { get; }

    /// <summary>The description ("" when absent).</summary>
    public string Description { get; }

    /// <summary>The nodes that bound, in document order (duplicates included: the validator reports them).</summary>
    public IReadOnlyList<BoundNode> Nodes { get; }

    /// <summary>The first node with each id.</summary>
    public IReadOnlyDictionary<string, BoundNode> NodesById { get; }

    /// <summary>The edges that bound, in document order.</summary>
    public IReadOnlyList<BoundEdge> Edges { get; }

    /// <summary>The layout entries (each value's <see cref="JsonNode.Key"/> is a node id).</summary>
    public IReadOnlyList<JsonNode> Layout { get; }

    /// <summary>Every node id written in the file, including nodes that failed to bind (so edges to them are not reported twice).</summary>
    public IReadOnlySet<string> DeclaredIds { get; }

    /// <summary>The first start node, if any.</summary>
    public StartNode? Start { get; }

    /// <summary>The edges leaving a node, in document order.</summary>
    public IEnumerable<BoundEdge> EdgesFrom(string nodeId) => Edges.Where(e => e.Source == nodeId);
}
