using System.Text;
using System.Text.Json;

namespace Callytics.Compiler.Diffing;

/// <summary>Writes a <see cref="FlowDiff"/> for people (text) or tools (JSON).</summary>
public static class FlowDiffFormatter
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The diff as JSON: the record's lists plus <c>semanticallyEqual</c> and <c>layoutOnly</c>.</summary>
    public static string ToJson(FlowDiff diff, string? from = null, string? to = null) =>
        JsonSerializer.Serialize(new
        {
            from,
            to,
            semanticallyEqual = diff.IsSemanticallyEqual,
            layoutOnly = diff.IsLayoutOnly,
            nodesAdded = diff.NodesAdded,
            nodesRemoved = diff.NodesRemoved,
            nodesChanged = diff.NodesChanged,
            edgesAdded = diff.EdgesAdded,
            edgesRemoved = diff.EdgesRemoved,
            flowChanges = diff.FlowChanges,
            layoutMoves = diff.LayoutMoves,
        }, Json);

    /// <summary>The diff as lines: <c>+</c> added, <c>-</c> removed, <c>~</c> changed; layout moves last, under their own heading.</summary>
    public static string ToText(FlowDiff diff, string? from = null, string? to = null)
    {
        var sb = new StringBuilder();
        if (from is not null && to is not null) sb.Append("diff ").Append(from).Append(" → ").Append(to).Append('\n');
        foreach (var change in diff.FlowChanges) sb.Append("~ flow ").Append(Describe(change)).Append('\n');
        foreach (var node in diff.NodesAdded) sb.Append("+ node ").Append(Describe(node)).Append('\n');
        foreach (var node in diff.NodesRemoved) sb.Append("- node ").Append(Describe(node)).Append('\n');
        foreach (var node in diff.NodesChanged)
        {
            sb.Append("~ node ").Append(node.Id).Append(node.Type is null ? "" : $" ({node.Type})").Append('\n');
            foreach (var field in node.FieldChanges) sb.Append("    ").Append(Describe(field)).Append('\n');
            foreach (var config in node.ConfigChanges) sb.Append("    config.").Append(Describe(config)).Append('\n');
        }
        foreach (var edge in diff.EdgesAdded) sb.Append("+ edge ").Append(edge).Append('\n');
        foreach (var edge in diff.EdgesRemoved) sb.Append("- edge ").Append(edge).Append('\n');
        if (diff.IsSemanticallyEqual) sb.Append("no semantic changes\n");
        if (diff.LayoutMoves.Count > 0)
        {
            sb.Append("layout (no effect on calls):\n");
            foreach (var move in diff.LayoutMoves) sb.Append("  moved ").Append(move.Id).Append(": ").Append(move.Old ?? "none").Append(" → ").Append(move.New ?? "none").Append('\n');
        }
        return sb.ToString();
    }

    private static string Describe(NodeRef node) =>
        node.Id + (node.Type is null ? "" : $" ({node.Type})") + (node.Label is null ? "" : $" \"{node.Label}\"");

    private static string Describe(ValueChange change) => change switch
    {
        { Old: null } => $"{change.Key}: added {change.New}",
        { New: null } => $"{change.Key}: removed (was {change.Old})",
        _ => $"{change.Key}: {change.Old} → {change.New}",
    };
}
