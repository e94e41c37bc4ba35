using Callytics.Compiler.Syntax;

namespace Callytics.Compiler.Binding;

/// <summary>What every bound node has, whatever its type.</summary>
/// <param name="Id">The node id.</param>
/// <param name="Type">The node type.</param>
/// <param name="Label">The label for people ("" when absent).</param>
/// <param name="Syntax">The node's JSON object.</param>
/// <param name="Index">Position in the <c>nodes</c> array.</param>
/// <param name="Facts">Variables read and written, references.</param>
/// <param name="HasErrors">True when some config failed to bind (the node's values may then be defaults).</param>
public sealed record NodeInfo(string Id, NodeType Type, string Label, JsonObject Syntax, int Index, NodeFacts Facts, bool HasErrors)
{
    /// <summary>The JSON pointer of the node, e.g. <c>/nodes/3</c>.</summary>
    public string Pointer => Syntax.Pointer;
}

/// <summary>A node of the flow with its typed config. One sealed record per node type derives from this.</summary>
public abstract record BoundNode(NodeInfo Info)
{
    /// <summary>The node id.</summary>
    public string Id => Info.Id;

    /// <summary>The node type.</summary>
    public NodeType Type => Info.Type;

    /// <summary>The outputs this node has (for menus and branches they depend on the config).</summary>
    public IReadOnlyList<OutputSpec> Outputs => Type.GetOutputs(this);
}

/// <summary>An output handle of a node.</summary>
/// <param name="Name">The handle name, as edges write it in <c>sourceHandle</c>.</param>
/// <param name="Required">Whether it must be connected.</param>
/// <param name="WhenUnconnected">What happens when an optional output is not connected (for docs and the schema).</param>
/// <param name="WebhooksOnly">
/// Only webhook nodes may follow it (the caller is gone, e.g. a queue's <c>abandoned</c>). Declared here once: the
/// graph rules (CFL2010), the schema's <c>x-outputs</c> and through it the editor's rules read this flag.
/// </param>
public sealed record OutputSpec(string Name, bool Required, string WhenUnconnected = "", bool WebhooksOnly = false)
{
    /// <summary>The usual required <c>next</c>.</summary>
    public static readonly OutputSpec RequiredNext = new("next", true);
}

/// <summary>An edge between two nodes.</summary>
/// <param name="Source">The source node id.</param>
/// <param name="Target">The target node id.</param>
/// <param name="Handle">The source handle (<c>next</c> when absent).</param>
/// <param name="Syntax">The edge's JSON object.</param>
public sealed record BoundEdge(string Source, string Target, string Handle, JsonObject Syntax)
{
    /// <summary>Where the source id is written (diagnostics about the source point here).</summary>
    public JsonNode SourceSyntax => Syntax["source"] ?? Syntax;

    /// <summary>Where the target id is written.</summary>
    public JsonNode TargetSyntax => Syntax["target"] ?? Syntax;

    /// <summary>Where the handle is written (the edge object when the default <c>next</c> is implied).</summary>
    public JsonNode HandleSyntax => Syntax["sourceHandle"] as JsonString as JsonNode ?? Syntax;
}
