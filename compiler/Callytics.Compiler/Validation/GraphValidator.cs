using Callytics.Compiler.Binding;
using Callytics.Compiler.Binding.Nodes;
using Callytics.Compiler.Diagnostics;
using Callytics.Compiler.Syntax;

namespace Callytics.Compiler.Validation;

/// <summary>The graph rules of flow-language.md §3 (CFL2xxx): start, ids, edges, handles, terminal nodes.</summary>
public static class GraphValidator
{
    /// <summary>Checks the graph and returns the edge index for the later stages.</summary>
    public static FlowGraph Validate(BoundFlow flow, DiagnosticBag bag)
    {
        CheckStart(flow, bag);
        CheckUniqueIds(flow, bag);
        CheckEdges(flow, bag);
        var graph = new FlowGraph(flow);
        CheckOutputs(flow, graph, bag);
        CheckLayout(flow, bag);
        return graph;
    }

    private static void CheckStart(BoundFlow flow, DiagnosticBag bag)
    {
        var starts = flow.Nodes.OfType<StartNode>().ToList();
        var declaresStart = flow.Root["nodes"] is JsonArray nodes
            && nodes.Items.OfType<JsonObject>().Any(n => n["type"] is JsonString { Value: "start" });
        if (!declaresStart) bag.ReportNoStartNode(flow.Root["nodes"] ?? flow.Root);
        foreach (var extra in starts.Skip(1)) bag.ReportMultipleStartNodes(extra, starts[0].Id);
    }

    private static void CheckUniqueIds(BoundFlow flow, DiagnosticBag bag)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var node in flow.Nodes)
            if (!seen.Add(node.Id)) bag.ReportDuplicateNodeId(node);
    }

    private static void CheckEdges(BoundFlow flow, DiagnosticBag bag)
    {
        var firstTarget = new Dictionary<(string, string), string>();
        foreach (var edge in flow.Edges)
        {
            var source = flow.NodesById.GetValueOrDefault(edge.Source);
            var target = flow.NodesById.GetValueOrDefault(edge.Target);
            if (source is null && !flow.DeclaredIds.Contains(edge.Source)) bag.ReportEdgeSourceNotFound(edge, flow.NodesById.Keys);
            if (target is null && !flow.DeclaredIds.Contains(edge.Target)) bag.ReportEdgeTargetNotFound(edge, flow.NodesById.Keys);
            if (source is null || target is null) continue;

            var intoWebhook = target is WebhookNode;
            if (source.Type.IsTerminal && !intoWebhook) { bag.ReportTerminalNodeContinues(edge, source); continue; }
            var output = source.Outputs.FirstOrDefault(o => o.Name == edge.Handle);
            var handleExists = output is not null || (source.Type.IsTerminal && intoWebhook && edge.Handle == "next");
            var hiddenByConfigError = source.Info.HasErrors && source.Type.DynamicOutputPrefix is { } prefix && edge.Handle.StartsWith(prefix, StringComparison.Ordinal);
            if (!handleExists)
            {
                if (!hiddenByConfigError) bag.ReportUnknownHandle(edge, source);
                continue;
            }

            if (target is StartNode) bag.ReportEdgeIntoStart(edge);
            if (intoWebhook) continue;
            if (output!.WebhooksOnly) { bag.ReportAbandonedContinues(edge); continue; }
            if (!firstTarget.TryAdd((edge.Source, edge.Handle), edge.Target)) bag.ReportDuplicateEdge(edge, firstTarget[(edge.Source, edge.Handle)]);
        }
    }

    private static void CheckOutputs(BoundFlow flow, FlowGraph graph, DiagnosticBag bag)
    {
        // An output whose edge leads to a node that was declared but could not be bound (bad id,
        // unknown type) is connected in the file: its target's own error says what is wrong.
        var toUnboundNodes = flow.Edges
            .Where(e => !flow.NodesById.ContainsKey(e.Target) && flow.DeclaredIds.Contains(e.Target))
            .Select(e => (e.Source, e.Handle))
            .ToHashSet();
        foreach (var node in flow.Nodes)
        {
            if (!ReferenceEquals(flow.NodesById[node.Id], node) || node is WebhookNode) continue;
            foreach (var output in node.Outputs)
            {
                var continuation = graph.Resolve(node.Id, output.Name);
                if (continuation.Ambiguous.Count > 0 && graph.EdgesFrom(node.Id, output.Name).Any(e => flow.NodesById[e.Target] is WebhookNode))
                    bag.ReportAmbiguousContinuation(node, output.Name, continuation.Ambiguous);
                if (output.Required && continuation.Target is null && !toUnboundNodes.Contains((node.Id, output.Name)))
                    bag.ReportRequiredOutputNotConnected(node, output.Name);
            }
        }
    }

    private static void CheckLayout(BoundFlow flow, DiagnosticBag bag)
    {
        foreach (var entry in flow.Layout)
            if (!flow.DeclaredIds.Contains(entry.Key!)) bag.ReportLayoutUnknownNode(entry);
    }
}
