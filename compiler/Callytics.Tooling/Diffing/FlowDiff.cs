namespace Callytics.Compiler.Diffing;

/// <summary>
/// What changed between two versions of a flow. Semantic changes (nodes, config, edges, flow
/// properties) are kept apart from <see cref="LayoutMoves"/>, which change nothing at run time.
/// </summary>
/// <param name="NodesAdded">Nodes only in the new version.</param>
/// <param name="NodesRemoved">Nodes only in the old version.</param>
/// <param name="NodesChanged">Nodes in both whose type, label, config or other fields differ.</param>
/// <param name="EdgesAdded">Edges (source, handle, target) only in the new version.</param>
/// <param name="EdgesRemoved">Edges only in the old version.</param>
/// <param name="FlowChanges">Top-level flow properties (name, variables, ...) that differ, by key.</param>
/// <param name="LayoutMoves">Nodes in both versions whose canvas position differs.</param>
public sealed record FlowDiff(
    IReadOnlyList<NodeRef> NodesAdded,
    IReadOnlyList<NodeRef> NodesRemoved,
    IReadOnlyList<NodeChange> NodesChanged,
    IReadOnlyList<EdgeRef> EdgesAdded,
    IReadOnlyList<EdgeRef> EdgesRemoved,
    IReadOnlyList<ValueChange> FlowChanges,
    IReadOnlyList<LayoutMove> LayoutMoves)
{
    /// <summary>True when the two versions behave the same (layout moves allowed).</summary>
    public bool IsSemanticallyEqual =>
        NodesAdded.Count == 0 && NodesRemoved.Count == 0 && NodesChanged.Count == 0
        && EdgesAdded.Count == 0 && EdgesRemoved.Count == 0 && FlowChanges.Count == 0;

    /// <summary>True when only positions on the canvas changed.</summary>
    public bool IsLayoutOnly => IsSemanticallyEqual && LayoutMoves.Count > 0;
}

/// <summary>A node as listed in a diff.</summary>
/// <param name="Id">The node id.</param>
/// <param name="Type">Its type, or null when missing.</param>
/// <param name="Label">Its label, or null.</param>
public sealed record NodeRef(string Id, string? Type, string? Label);

/// <summary>A node present in both versions with different content.</summary>
/// <param name="Id">The node id.</param>
/// <param name="Type">Its type in the new version.</param>
/// <param name="FieldChanges">Node fields other than <c>config</c> that differ (<c>type</c>, <c>label</c>, ...).</param>
/// <param name="ConfigChanges">Config values that differ, by dotted key (<c>options.1.label</c>).</param>
public sealed record NodeChange(string Id, string? Type, IReadOnlyList<ValueChange> FieldChanges, IReadOnlyList<ValueChange> ConfigChanges);

/// <summary>One value that differs, as compact JSON text (null when absent on that side).</summary>
/// <param name="Key">The key (dotted for nested objects).</param>
/// <param name="Old">The old value, or null when added.</param>
/// <param name="New">The new value, or null when removed.</param>
public sealed record ValueChange(string Key, string? Old, string? New);

/// <summary>An edge, identified by where it leaves and where it goes.</summary>
/// <param name="Source">The source node.</param>
/// <param name="SourceHandle">The output (<c>digit:1</c>, <c>timeout</c>, ...), or null for the default output.</param>
/// <param name="Target">The target node.</param>
public sealed record EdgeRef(string Source, string? SourceHandle, string Target)
{
    /// <inheritdoc />
    public override string ToString() => SourceHandle is null ? $"{Source} → {Target}" : $"{Source} [{SourceHandle}] → {Target}";
}

/// <summary>A node moved on the canvas.</summary>
/// <param name="Id">The node id.</param>
/// <param name="Old">The old position as compact JSON, or null when it had none.</param>
/// <param name="New">The new position as compact JSON, or null when it has none.</param>
public sealed record LayoutMove(string Id, string? Old, string? New);
