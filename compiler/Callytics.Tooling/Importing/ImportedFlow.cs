using Out = System.Text.Json.Nodes;

namespace Callytics.Compiler.Importing;

/// <summary>A flow as the importers build it, before it is written as canonical flow JSON.</summary>
public sealed class ImportedFlow
{
    /// <summary>The flow id (<c>^[a-z0-9][a-z0-9_-]{0,63}$</c>).</summary>
    public required string Id { get; init; }

    /// <summary>The name for people.</summary>
    public required string Name { get; init; }

    /// <summary>What the flow is for, if the export says.</summary>
    public string? Description { get; init; }

    /// <summary>The nodes, in source order (a generated start node first).</summary>
    public List<ImportedNode> Nodes { get; } = [];

    /// <summary>The edges, in source order.</summary>
    public List<ImportedEdge> Edges { get; } = [];

    /// <summary>Canvas positions by node id, in node order.</summary>
    public List<KeyValuePair<string, LayoutPoint>> Layout { get; } = [];

    /// <summary>Canvas frames around nodes, written to <c>layout["x-groups"]</c> for the editor.</summary>
    public List<LayoutGroup> Groups { get; } = [];
}

/// <summary>One imported node.</summary>
/// <param name="Id">The (possibly sanitized) node id.</param>
/// <param name="Type">The flow-language type.</param>
/// <param name="Label">The label ("" for none).</param>
/// <param name="Config">The mapped config.</param>
public sealed record ImportedNode(string Id, string Type, string Label, Out.JsonObject Config);

/// <summary>One imported edge.</summary>
/// <param name="Source">The source node id.</param>
/// <param name="Target">The target node id.</param>
/// <param name="Handle">The flow-language output (<c>next</c>, <c>digit:1</c>, ...).</param>
public sealed record ImportedEdge(string Source, string Target, string Handle);

/// <summary>A canvas position.</summary>
public readonly record struct LayoutPoint(double X, double Y);
