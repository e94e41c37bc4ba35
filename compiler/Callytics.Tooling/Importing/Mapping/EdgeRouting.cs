namespace Callytics.Compiler.Importing.Mapping;

/// <summary>
/// The product's rule for which edge a node follows when it ends with a given result, written
/// after the product's own resolver, so that an imported flow goes where the product went.
/// </summary>
public abstract class EdgeRouting
{
    /// <summary>
    /// The edge the product follows when a node of <paramref name="sourceType"/> ends with
    /// <paramref name="result"/>, among its <paramref name="edges"/> to nodes that carry the call
    /// (in document order); null when it follows none.
    /// </summary>
    public abstract SourceEdge? Choose(IReadOnlyList<SourceEdge> edges, string sourceType, string result);

    /// <summary>
    /// The edges into webhooks that fire when the node ends with <paramref name="result"/> and the
    /// call goes on through <paramref name="chosen"/> (or ends, when null). None by default.
    /// </summary>
    public virtual IEnumerable<SourceEdge> Webhooks(IReadOnlyList<SourceEdge> webhookEdges, string sourceType, string result, SourceEdge? chosen) => [];

    /// <summary>
    /// Why the product follows <paramref name="edge"/> in a way the flow language cannot express
    /// (reported as CFL6003, and the edge is left out), or null when it can.
    /// </summary>
    public virtual string? Unsupported(SourceEdge edge, string sourceType) => null;

    /// <summary>What the product does when a node ends with no edge to follow, for the note on the added hang-up.</summary>
    public abstract string NoEdgeBehaviour(string sourceType);
}
