using Callytics.Compiler.Importing.Mapping;

namespace Callytics.Compiler.Importing.Whatomate;

/// <summary>
/// Whatomate's edge choice, internal/flowgraph/flowgraph.go <c>ResolveEdge</c>: the first edge
/// whose condition is the outcome, else the last edge whose condition is "default"; none ends the
/// flow (internal/calling/ivr.go, <c>executeNodeLoop</c>).
/// </summary>
internal sealed class WhatomateRouting : EdgeRouting
{
    /// <summary>The catch-all condition, and the outcome of nodes with one way on.</summary>
    public const string Default = "default";

    /// <inheritdoc />
    public override SourceEdge? Choose(IReadOnlyList<SourceEdge> edges, string sourceType, string result) =>
        edges.FirstOrDefault(e => e.Condition == result) ?? edges.LastOrDefault(e => e.Condition == Default);

    /// <inheritdoc />
    public override string NoEdgeBehaviour(string sourceType) =>
        "it ends the IVR flow there and plays nothing more (internal/calling/ivr.go executeNodeLoop)";
}
