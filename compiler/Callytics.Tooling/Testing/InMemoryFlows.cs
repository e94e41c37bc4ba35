using Callytics.Compiler.Binding.Nodes;
using Callytics.Compiler.Checking;
using Callytics.Compiler.Packaging;
using Callytics.Runtime.Contract;
using Callytics.Runtime.Loading;

namespace Callytics.Compiler.Testing;

/// <summary>Flows compiled and loaded in this process, for simulation and scenario tests.</summary>
public sealed class InMemoryFlows
{
    private readonly Dictionary<string, IFlowMachine> _machines = new(StringComparer.Ordinal);

    /// <summary>The loaded machines by flow id.</summary>
    public IReadOnlyDictionary<string, IFlowMachine> Machines => _machines;

    /// <summary>
    /// Compiles <paramref name="entryFlowId"/> and every flow it reaches through subflow and
    /// goto_flow, from a set of checked flows. Flows with errors are not compiled (their ids are returned).
    /// </summary>
    public static (InMemoryFlows Flows, IReadOnlyList<CheckedFlow> Failed) Build(IReadOnlyList<CheckedFlow> checkedFlows, string? entryFlowId = null)
    {
        var result = new InMemoryFlows();
        var failed = new List<CheckedFlow>();
        foreach (var flow in Wanted(checkedFlows, entryFlowId, failed))
            result.Add(flow, FlowBuilder.Build(flow, version: 1), failed);
        return (result, failed);
    }

    /// <summary><see cref="Build"/> with Roslyn run by <paramref name="compiler"/> (the host's low-priority worker process); the assemblies are loaded here.</summary>
    public static async Task<(InMemoryFlows Flows, IReadOnlyList<CheckedFlow> Failed)> BuildAsync(IReadOnlyList<CheckedFlow> checkedFlows, string? entryFlowId, IMachineCompiler compiler, CancellationToken cancellationToken)
    {
        var result = new InMemoryFlows();
        var failed = new List<CheckedFlow>();
        foreach (var flow in Wanted(checkedFlows, entryFlowId, failed))
            result.Add(flow, await FlowBuilder.BuildAsync(flow, version: 1, compiler, cancellationToken: cancellationToken).ConfigureAwait(false), failed);
        return (result, failed);
    }

    /// <summary>The flows to build: without errors, reached from the entry (all when null); those with errors go to <paramref name="failed"/>.</summary>
    private static List<CheckedFlow> Wanted(IReadOnlyList<CheckedFlow> checkedFlows, string? entryFlowId, List<CheckedFlow> failed)
    {
        var byId = checkedFlows.Where(f => f.Flow is not null).GroupBy(f => f.Flow!.FlowId).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var wanted = new List<CheckedFlow>();
        foreach (var id in entryFlowId is null ? byId.Keys.ToList() : Reachable(byId, entryFlowId))
        {
            if (!byId.TryGetValue(id, out var flow)) continue;
            if (flow.Succeeded) wanted.Add(flow);
            else failed.Add(flow);
        }
        return wanted;
    }

    private void Add(CheckedFlow flow, BuiltFlow? built, List<CheckedFlow> failed)
    {
        if (built is null) failed.Add(flow);
        else _machines[flow.Flow!.FlowId] = FlowAssemblyLoader.Load(built.Assembly, built.Manifest.AssemblySha256).Machine;
    }

    private static List<string> Reachable(Dictionary<string, CheckedFlow> byId, string entry)
    {
        var seen = new List<string>();
        var stack = new Stack<string>([entry]);
        while (stack.Count > 0)
        {
            var id = stack.Pop();
            if (seen.Contains(id)) continue;
            seen.Add(id);
            if (!byId.TryGetValue(id, out var flow) || flow.Flow is null) continue;
            foreach (var node in flow.Flow.NodesById.Values)
            {
                if (node is SubflowNode s) stack.Push(s.Flow);
                if (node is GotoFlowNode g) stack.Push(g.Flow);
            }
        }
        return seen;
    }
}
