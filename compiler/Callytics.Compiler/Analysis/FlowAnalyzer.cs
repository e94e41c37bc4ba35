using Callytics.Compiler.Binding;
using Callytics.Compiler.Binding.Fields;
using Callytics.Compiler.Binding.Nodes;
using Callytics.Compiler.Diagnostics;
using Callytics.Compiler.Syntax;
using Callytics.Compiler.Validation;
using Callytics.Runtime.Helpers;

namespace Callytics.Compiler.Analysis;

/// <summary>The analyses of flow-language.md §3 that look at one flow (CFL3001-CFL3006).</summary>
public static class FlowAnalyzer
{
    /// <summary>Runs every single-flow analysis.</summary>
    public static void Analyze(FlowGraph graph, DiagnosticBag bag)
    {
        var flow = graph.Flow;
        var reachable = Reachable(flow);
        // Without a (bindable) start, CFL2001 or the start's own error already explains the flow;
        // calling every node unreachable would only bury it.
        if (flow.Start is not null)
        {
            foreach (var node in flow.Nodes)
                if (!reachable.Contains(node.Id) && ReferenceEquals(flow.NodesById[node.Id], node)) bag.ReportUnreachableNode(node);
        }

        SilentCycles.Report(graph, bag);
        DefiniteAssignment.Report(graph, reachable, bag);

        foreach (var node in flow.NodesById.Values)
        {
            switch (node)
            {
                case HttpRequestNode when graph.EdgesFrom(node.Id, "failure").Count == 0:
                    bag.ReportUnhandledHttpFailure(node);
                    break;
                case MenuNode menu:
                    ReportPrefixOptions(menu, bag);
                    break;
                case BusinessHoursNode { NeverOpen: true } hours when !hours.Info.HasErrors:
                    bag.ReportNoOpenHours(hours);
                    break;
            }
        }
    }

    /// <summary>Ids of the nodes reachable from start over any edge (webhook edges included).</summary>
    public static HashSet<string> Reachable(BoundFlow flow)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        if (flow.Start is null) return seen;
        var successors = flow.Edges.ToLookup(e => e.Source, e => e.Target, StringComparer.Ordinal);
        var stack = new Stack<string>();
        stack.Push(flow.Start.Id);
        seen.Add(flow.Start.Id);
        while (stack.Count > 0)
        {
            foreach (var next in successors[stack.Pop()])
                if (flow.NodesById.ContainsKey(next) && seen.Add(next)) stack.Push(next);
        }
        return seen;
    }

    private static void ReportPrefixOptions(MenuNode menu, DiagnosticBag bag)
    {
        if (menu.Info.Syntax["config"] is not JsonObject config || config["options"] is not JsonObject options) return;
        foreach (var shortOption in menu.Options.Where(o => o.Key.Length == 1))
        {
            var longer = menu.Options.FirstOrDefault(o => o.Key.Length == 2 && o.Key[0] == shortOption.Key[0]);
            if (longer is not null && options[shortOption.Key] is { } at)
                bag.ReportMenuPrefixOption(at, menu.Id, longer.Key, menu.InterDigitTimeoutMs);
        }
    }
}

/// <summary>CFL3002: loops that never wait for the caller, found as strongly connected components of non-waiting nodes.</summary>
internal static class SilentCycles
{
    public static void Report(FlowGraph graph, DiagnosticBag bag)
    {
        var nodes = graph.Flow.NodesById.Values.Where(n => !n.Type.Waits).ToList();
        var silent = nodes.Select(n => n.Id).ToHashSet(StringComparer.Ordinal);
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var low = new Dictionary<string, int>(StringComparer.Ordinal);
        var onStack = new HashSet<string>(StringComparer.Ordinal);
        var stack = new Stack<BoundNode>();
        var counter = 0;

        // Iterative Tarjan: flows can have 10,000 nodes, too deep for recursion.
        foreach (var root in nodes)
        {
            if (index.ContainsKey(root.Id)) continue;
            var work = new Stack<(BoundNode Node, IEnumerator<BoundNode> Next)>();
            Visit(root);
            while (work.Count > 0)
            {
                var (node, next) = work.Peek();
                if (next.MoveNext())
                {
                    var w = next.Current;
                    if (!silent.Contains(w.Id)) continue;
                    if (!index.ContainsKey(w.Id)) Visit(w);
                    else if (onStack.Contains(w.Id)) low[node.Id] = Math.Min(low[node.Id], index[w.Id]);
                    continue;
                }
                work.Pop();
                if (work.Count > 0) low[work.Peek().Node.Id] = Math.Min(low[work.Peek().Node.Id], low[node.Id]);
                if (low[node.Id] != index[node.Id]) continue;
                var component = new List<BoundNode>();
                BoundNode member;
                do
                {
                    member = stack.Pop();
                    onStack.Remove(member.Id);
                    component.Add(member);
                } while (!ReferenceEquals(member, node));
                var selfLoop = component.Count == 1 && graph.Successors(node).Any(s => ReferenceEquals(s, node));
                if (component.Count > 1 || selfLoop)
                {
                    var ordered = component.OrderBy(n => n.Info.Index).ToList();
                    bag.ReportSilentCycle(ordered[0], ordered.Select(n => n.Id).Append(ordered[0].Id));
                }
            }

            void Visit(BoundNode v)
            {
                index[v.Id] = low[v.Id] = counter++;
                stack.Push(v);
                onStack.Add(v.Id);
                work.Push((v, graph.Successors(v).GetEnumerator()));
            }
        }
    }
}

/// <summary>
/// CFL3003: a "definitely assigned" data-flow analysis. A variable is assigned at a node when
/// every path from start to it passes a node that writes it. A subflow call may assign anything
/// (the called flow shares variables), so it counts as assigning every variable.
/// </summary>
internal static class DefiniteAssignment
{
    public static void Report(FlowGraph graph, HashSet<string> reachable, DiagnosticBag bag)
    {
        var flow = graph.Flow;
        if (flow.Start is null) return;
        var nodes = flow.NodesById.Values.Where(n => reachable.Contains(n.Id) && n is not WebhookNode).ToList();
        // Every variable the flow names, webhooks' reads included: what a subflow call may assign.
        var allVariables = flow.NodesById.Values.Where(n => reachable.Contains(n.Id))
            .SelectMany(n => n.Info.Facts.Writes.Concat(n.Info.Facts.Reads)).Select(u => u.Name).ToHashSet(StringComparer.Ordinal);

        // in[n] = intersection of out[p] over predecessors; null = not yet computed ("everything").
        var inSets = new Dictionary<string, HashSet<string>?>(StringComparer.Ordinal);
        var predecessors = new Dictionary<string, List<BoundNode>>(StringComparer.Ordinal);
        foreach (var node in nodes)
        {
            inSets[node.Id] = null;
            foreach (var next in graph.Successors(node).Distinct())
            {
                if (!predecessors.TryGetValue(next.Id, out var list)) predecessors[next.Id] = list = [];
                list.Add(node);
            }
        }
        inSets[flow.Start.Id] = [.. VariableNames.BuiltIns];

        var work = new Queue<BoundNode>(nodes);
        var queued = nodes.Select(n => n.Id).ToHashSet(StringComparer.Ordinal);
        while (work.Count > 0)
        {
            var node = work.Dequeue();
            queued.Remove(node.Id);
            if (node.Id != flow.Start.Id)
            {
                HashSet<string>? meet = null;
                foreach (var p in predecessors.GetValueOrDefault(node.Id) ?? [])
                {
                    var outP = Out(p, inSets[p.Id], allVariables);
                    if (outP is null) continue;
                    if (meet is null) meet = [.. outP];
                    else meet.IntersectWith(outP);
                }
                var old = inSets[node.Id];
                if (meet is null || (old is not null && old.SetEquals(meet))) continue;
                inSets[node.Id] = meet;
            }
            // Start's in-set is fixed (the built-ins): re-queuing it through an edge into start
            // (already CFL2011) would re-queue its successors forever on a start → start loop.
            foreach (var next in graph.Successors(node))
                if (next.Id != flow.Start.Id && inSets.ContainsKey(next.Id) && queued.Add(next.Id)) work.Enqueue(next);
        }

        foreach (var node in nodes.OrderBy(n => n.Info.Index))
        {
            var assigned = inSets[node.Id];
            if (assigned is null) continue;
            var reportedHere = new HashSet<string>(StringComparer.Ordinal);
            foreach (var read in node.Info.Facts.Reads)
                if (!assigned.Contains(read.Name) && !AssignedEarlierInNode(node, read) && reportedHere.Add(read.Name)) bag.ReportVariableMaybeUnassigned(read, node.Id);
        }
        ReportWebhookReads(graph, nodes, inSets, allVariables, bag);
    }

    /// <summary>
    /// Webhooks read variables when they fire: a webhook's reads are checked against what is
    /// assigned when each node that fires it finishes (over any output, terminal nodes included).
    /// </summary>
    private static void ReportWebhookReads(FlowGraph graph, List<BoundNode> nodes, Dictionary<string, HashSet<string>?> inSets, HashSet<string> all, DiagnosticBag bag)
    {
        var reported = new HashSet<(string Webhook, string Variable)>();
        foreach (var node in nodes.OrderBy(n => n.Info.Index))
        {
            var assigned = Out(node, inSets[node.Id], all);
            if (assigned is null) continue;
            var handles = node.Type.IsTerminal ? ["next"] : node.Outputs.Select(o => o.Name);
            foreach (var handle in handles)
                foreach (var hook in graph.Resolve(node.Id, handle).Webhooks)
                    foreach (var read in hook.Info.Facts.Reads)
                        if (!assigned.Contains(read.Name) && reported.Add((hook.Id, read.Name))) bag.ReportVariableMaybeUnassigned(read, hook.Id);
        }
    }

    /// <summary>
    /// set_variable assigns in the order written, so a value may read a variable an earlier entry of
    /// the same node assigned. Other nodes write only after they read (a request's url before its extract).
    /// </summary>
    private static bool AssignedEarlierInNode(BoundNode node, VariableUse read) =>
        node is SetVariableNode && node.Info.Facts.Writes.Any(w => w.Name == read.Name && w.Syntax.Start < read.Syntax.Start);

    private static HashSet<string>? Out(BoundNode node, HashSet<string>? inSet, HashSet<string> all)
    {
        if (inSet is null) return null;
        if (node is SubflowNode)
        {
            // A call may assign anything and unassigns nothing (built-ins included).
            var after = new HashSet<string>(inSet, StringComparer.Ordinal);
            after.UnionWith(all);
            return after;
        }
        if (node.Info.Facts.Writes.Count == 0) return inSet;
        var result = new HashSet<string>(inSet, StringComparer.Ordinal);
        foreach (var write in node.Info.Facts.Writes) result.Add(write.Name);
        return result;
    }
}
