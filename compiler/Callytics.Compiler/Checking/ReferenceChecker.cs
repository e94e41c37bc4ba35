using Callytics.Compiler.Analysis;
using Callytics.Compiler.Binding;
using Callytics.Compiler.Binding.Nodes;
using Callytics.Runtime.Catalog;

namespace Callytics.Compiler.Checking;

/// <summary>
/// The checks that need more than one flow or the catalog (CFL4xxx, and CFL3007): flow
/// references, recursive subflows, duplicate flow ids, catalog references, return at top level.
/// </summary>
public static class ReferenceChecker
{
    /// <summary>Checks a set of flows together. Flow references are checked when the set has more than one flow.</summary>
    public static void Check(IReadOnlyList<CheckedFlow> flows, FlowCatalog? catalog)
    {
        var bound = flows.Where(f => f.Flow is not null).ToList();
        var byId = new Dictionary<string, CheckedFlow>(StringComparer.Ordinal);
        foreach (var f in bound)
        {
            var id = f.Flow!.FlowId;
            if (id.Length == 0) continue;
            if (byId.TryGetValue(id, out var first)) f.Diagnostics.ReportDuplicateFlowId(f.Flow.Root["id"]!, id, first.Path);
            else byId[id] = f;
        }

        var calledAsSubflow = bound.SelectMany(f => f.Flow!.Nodes.OfType<SubflowNode>()).Select(s => s.Flow).ToHashSet(StringComparer.Ordinal);
        foreach (var f in bound)
        {
            foreach (var node in f.Flow!.NodesById.Values)
            {
                foreach (var reference in node.Info.Facts.References)
                {
                    if (reference.Kind == ReferenceKind.Flow)
                    {
                        if (bound.Count > 1 && !byId.ContainsKey(reference.Id)) f.Diagnostics.ReportFlowNotFound(reference, node.Id, byId.Keys);
                        continue;
                    }
                    if (catalog is null) continue;
                    var known = reference.Kind switch
                    {
                        ReferenceKind.Audio => catalog.Audio.Keys,
                        ReferenceKind.Queue => catalog.Queues.Keys,
                        _ => (IEnumerable<string>)catalog.Trunks.Keys,
                    };
                    if (!known.Contains(reference.Id)) f.Diagnostics.ReportUnknownCatalogEntry(reference, node.Id, known);
                }
            }
            ReportTopLevelReturns(f, calledAsSubflow);
        }
        ReportRecursion(bound, byId);
    }

    private static void ReportTopLevelReturns(CheckedFlow f, HashSet<string> calledAsSubflow)
    {
        if (calledAsSubflow.Contains(f.Flow!.FlowId)) return;
        var reachable = FlowAnalyzer.Reachable(f.Flow);
        foreach (var node in f.Flow.NodesById.Values.OfType<ReturnNode>())
            if (reachable.Contains(node.Id)) f.Diagnostics.ReportReturnInTopLevelFlow(node, f.Flow.FlowId);
    }

    private static void ReportRecursion(List<CheckedFlow> flows, Dictionary<string, CheckedFlow> byId)
    {
        // Depth-first search over subflow calls; a back edge closes a cycle.
        var state = new Dictionary<string, int>(StringComparer.Ordinal); // 1 = on path, 2 = done
        var path = new List<string>();
        foreach (var id in byId.Keys) Visit(id);

        void Visit(string id)
        {
            state[id] = 1;
            path.Add(id);
            foreach (var call in byId[id].Flow!.NodesById.Values.OfType<SubflowNode>())
            {
                if (!byId.ContainsKey(call.Flow)) continue;
                var s = state.GetValueOrDefault(call.Flow);
                if (s == 1)
                {
                    var cycle = path.Skip(path.IndexOf(call.Flow)).Append(call.Flow);
                    var reference = call.Info.Facts.References.First(r => r.Kind == ReferenceKind.Flow);
                    byId[id].Diagnostics.ReportRecursiveSubflow(reference, call.Id, cycle);
                }
                else if (s == 0)
                {
                    Visit(call.Flow);
                }
            }
            path.RemoveAt(path.Count - 1);
            state[id] = 2;
        }
    }
}
