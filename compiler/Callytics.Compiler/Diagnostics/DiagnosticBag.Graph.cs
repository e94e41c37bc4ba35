using Callytics.Compiler.Binding;
using Callytics.Compiler.Syntax;
using D = Callytics.Compiler.Diagnostics.DiagnosticDescriptors;

namespace Callytics.Compiler.Diagnostics;

public sealed partial class DiagnosticBag
{
    /// <summary>The node's id value: where node-level findings point.</summary>
    private static JsonNode At(BoundNode node) => node.Info.Syntax["id"] ?? node.Info.Syntax;

    /// <summary>CFL2001: at the nodes array (or the document).</summary>
    public void ReportNoStartNode(JsonNode at) => Report(D.NoStartNode, at, null);
    /// <summary>CFL2002: at the extra start's id.</summary>
    public void ReportMultipleStartNodes(BoundNode extra, string first) => Report(D.MultipleStartNodes, At(extra), extra.Id, extra.Id, first);
    /// <summary>CFL2003: at the second node's id.</summary>
    public void ReportDuplicateNodeId(BoundNode duplicate) => Report(D.DuplicateNodeId, At(duplicate), duplicate.Id, duplicate.Id);
    /// <summary>CFL2004: at the edge's source.</summary>
    public void ReportEdgeSourceNotFound(BoundEdge edge, IEnumerable<string> ids) => Report(D.EdgeSourceNotFound, edge.SourceSyntax, null, edge.Source, Suggestions.DidYouMean(edge.Source, ids));
    /// <summary>CFL2005: at the edge's target.</summary>
    public void ReportEdgeTargetNotFound(BoundEdge edge, IEnumerable<string> ids) => Report(D.EdgeTargetNotFound, edge.TargetSyntax, null, edge.Target, Suggestions.DidYouMean(edge.Target, ids));
    /// <summary>CFL2006: at the edge's sourceHandle (or the edge when it is implied).</summary>
    public void ReportUnknownHandle(BoundEdge edge, BoundNode source) =>
        Report(D.UnknownHandle, edge.HandleSyntax, source.Id, source.Id, source.Type.Name, edge.Handle,
            source.Outputs.Count == 0 ? "none (it is terminal)" : string.Join(", ", source.Outputs.Select(o => o.Name)));
    /// <summary>CFL2007: at the second edge's sourceHandle.</summary>
    public void ReportDuplicateEdge(BoundEdge edge, string firstTarget) => Report(D.DuplicateEdge, edge.HandleSyntax, edge.Source, edge.Source, edge.Handle, firstTarget);
    /// <summary>CFL2008: at the node's id.</summary>
    public void ReportRequiredOutputNotConnected(BoundNode node, string output) => Report(D.RequiredOutputNotConnected, At(node), node.Id, node.Id, output, node.Type.Name);
    /// <summary>CFL2009: at the edge's target.</summary>
    public void ReportTerminalNodeContinues(BoundEdge edge, BoundNode source) => Report(D.TerminalNodeContinues, edge.TargetSyntax, source.Id, source.Id, source.Type.Name, edge.Target);
    /// <summary>CFL2010: at the edge's target.</summary>
    public void ReportAbandonedContinues(BoundEdge edge) => Report(D.AbandonedContinues, edge.TargetSyntax, edge.Source, edge.Source, edge.Target);
    /// <summary>CFL2011: at the edge's target.</summary>
    public void ReportEdgeIntoStart(BoundEdge edge) => Report(D.EdgeIntoStart, edge.TargetSyntax, edge.Target, edge.Target, edge.Source);
    /// <summary>CFL2012: at the source node's id.</summary>
    public void ReportAmbiguousContinuation(BoundNode node, string handle, IEnumerable<string> targets) =>
        Report(D.AmbiguousContinuation, At(node), node.Id, node.Id, handle, string.Join(", ", targets));
    /// <summary>CFL2013: at the layout key.</summary>
    public void ReportLayoutUnknownNode(JsonNode entry) => ReportAtKey(D.LayoutUnknownNode, entry, null, entry.Key);

    /// <summary>CFL3001: at the node's id.</summary>
    public void ReportUnreachableNode(BoundNode node) => Report(D.UnreachableNode, At(node), node.Id, node.Id, node.Type.Name);
    /// <summary>CFL3002: at the first node's id.</summary>
    public void ReportSilentCycle(BoundNode first, IEnumerable<string> cycle) => Report(D.SilentCycle, At(first), first.Id, string.Join(" → ", cycle));
    /// <summary>CFL3003: where the variable is read.</summary>
    public void ReportVariableMaybeUnassigned(VariableUse use, string nodeId) => Report(D.VariableMaybeUnassigned, use.Syntax, nodeId, use.Name);
    /// <summary>CFL3004: at the node's id.</summary>
    public void ReportUnhandledHttpFailure(BoundNode node) => Report(D.UnhandledHttpFailure, At(node), node.Id, node.Id);
    /// <summary>CFL3005: at the shorter option's key.</summary>
    public void ReportMenuPrefixOption(JsonNode option, string menu, string longer, int waitMs) => ReportAtKey(D.MenuPrefixOption, option, menu, option.Key, menu, longer, waitMs);
    /// <summary>CFL3006: at the node's id.</summary>
    public void ReportNoOpenHours(BoundNode node) => Report(D.NoOpenHours, At(node), node.Id, node.Id);
    /// <summary>CFL3007: at the return node's id.</summary>
    public void ReportReturnInTopLevelFlow(BoundNode node, string flowId) => Report(D.ReturnInTopLevelFlow, At(node), node.Id, node.Id, flowId);

    /// <summary>CFL4001: at the flow reference.</summary>
    public void ReportFlowNotFound(Reference reference, string nodeId, IEnumerable<string> flows) =>
        Report(D.FlowNotFound, reference.Syntax, nodeId, reference.Id, Suggestions.DidYouMean(reference.Id, flows));
    /// <summary>CFL4002: at the subflow reference that closes the cycle.</summary>
    public void ReportRecursiveSubflow(Reference reference, string nodeId, IEnumerable<string> cycle) =>
        Report(D.RecursiveSubflow, reference.Syntax, nodeId, string.Join(" → ", cycle));
    /// <summary>CFL4003, CFL4004, CFL4005: at the reference.</summary>
    public void ReportUnknownCatalogEntry(Reference reference, string nodeId, IEnumerable<string> known)
    {
        var descriptor = reference.Kind switch
        {
            ReferenceKind.Audio => D.UnknownAudio,
            ReferenceKind.Queue => D.UnknownQueue,
            _ => D.UnknownTrunk,
        };
        Report(descriptor, reference.Syntax, nodeId, reference.Id, Suggestions.DidYouMean(reference.Id, known));
    }
    /// <summary>CFL4006: at the flow id.</summary>
    public void ReportDuplicateFlowId(JsonNode at, string flowId, string otherPath) => Report(D.DuplicateFlowId, at, null, flowId, otherPath);
    /// <summary>CFL4007.</summary>
    public void ReportInvalidCatalog(JsonNode at, string problem) => Report(D.InvalidCatalog, at, null, problem);
    /// <summary>CFL4007 about a key (an unknown section or endpoint type): at the key.</summary>
    public void ReportInvalidCatalogKey(JsonNode entry, string problem) => ReportAtKey(D.InvalidCatalog, entry, null, problem);
}
