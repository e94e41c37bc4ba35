using Callytics.Compiler.Binding.Nodes;
using Callytics.Compiler.Checking;
using Callytics.Runtime.Engine;
using Callytics.Runtime.Simulation;

namespace Callytics.Compiler.Testing;

/// <summary>The verdict on one scenario.</summary>
/// <param name="File">The scenario file.</param>
/// <param name="Name">The scenario.</param>
/// <param name="Failures">What did not match; empty when it passed.</param>
/// <param name="Result">The simulated call.</param>
public sealed record ScenarioVerdict(string File, string Name, IReadOnlyList<string> Failures, SimulationResult? Result)
{
    /// <summary>True when everything expected happened.</summary>
    public bool Passed => Failures.Count == 0;
}

/// <summary>Which outputs of a flow's nodes the scenarios took.</summary>
/// <param name="FlowId">The flow.</param>
/// <param name="Outputs">Every output of every node (webhooks aside), as "node:output".</param>
/// <param name="Covered">The ones some scenario took.</param>
public sealed record FlowCoverage(string FlowId, IReadOnlyList<string> Outputs, IReadOnlySet<string> Covered)
{
    /// <summary>Covered outputs in percent (100 for a flow without outputs).</summary>
    public double Percent => Outputs.Count == 0 ? 100 : 100.0 * Outputs.Count(Covered.Contains) / Outputs.Count;

    /// <summary>Outputs no scenario took.</summary>
    public IEnumerable<string> Uncovered => Outputs.Where(o => !Covered.Contains(o));
}

/// <summary>Runs scenario files against flows and measures path coverage.</summary>
public static class ScenarioRunner
{
    /// <summary>Runs every scenario of every file, with all <paramref name="flows"/> compiled together.</summary>
    public static (IReadOnlyList<ScenarioVerdict> Verdicts, IReadOnlyList<FlowCoverage> Coverage) Run(IReadOnlyList<CheckedFlow> flows, IReadOnlyList<ScenarioFile> files) =>
        Run(flows, files, InMemoryFlows.Build(flows).Flows);

    /// <summary>Runs every scenario of every file against flows already compiled (<paramref name="compiled"/>, built from <paramref name="flows"/>).</summary>
    public static (IReadOnlyList<ScenarioVerdict> Verdicts, IReadOnlyList<FlowCoverage> Coverage) Run(IReadOnlyList<CheckedFlow> flows, IReadOnlyList<ScenarioFile> files, InMemoryFlows compiled)
    {
        var verdicts = new List<ScenarioVerdict>();
        var taken = new HashSet<(string Flow, string Node, string Output)>();
        foreach (var file in files)
        {
            foreach (var scenario in file.Scenarios)
            {
                if (!compiled.Machines.TryGetValue(file.FlowId, out var entry))
                {
                    verdicts.Add(new(file.Path, scenario.Name, [$"flow '{file.FlowId}' is not among the flows, or has errors"], null));
                    continue;
                }
                var result = Simulator.Run(entry, compiled.Machines.Values, scenario.FreshSetup());
                taken.UnionWith(result.Trace.Taken);
                verdicts.Add(new(file.Path, scenario.Name, Check(scenario.Expect, result), result));
            }
        }
        var tested = files.Select(f => f.FlowId).ToHashSet(StringComparer.Ordinal);
        var coverage = flows.Where(f => f.Flow is not null && tested.Contains(f.Flow.FlowId)).Select(f => Coverage(f, taken)).ToList();
        return (verdicts, coverage);
    }

    private static FlowCoverage Coverage(CheckedFlow flow, HashSet<(string Flow, string Node, string Output)> taken)
    {
        var id = flow.Flow!.FlowId;
        var outputs = flow.Flow.NodesById.Values.Where(n => n is not WebhookNode)
            .SelectMany(n => n.Outputs.Select(o => $"{n.Id}:{o.Name}")).ToList();
        var covered = taken.Where(t => t.Flow == id).Select(t => $"{t.Node}:{t.Output}").ToHashSet(StringComparer.Ordinal);
        return new FlowCoverage(id, outputs, covered);
    }

    /// <summary>The line <c>callyc test</c> prints for a flow's coverage (the editor shows the same).</summary>
    public static string CoverageLine(FlowCoverage c) =>
        $"coverage {c.FlowId}: {c.Outputs.Count(c.Covered.Contains)}/{c.Outputs.Count} outputs ({c.Percent.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture)}%)";

    /// <summary>What of <paramref name="expect"/> the call did not do; empty when it did everything.</summary>
    public static List<string> Check(ScenarioExpectation expect, SimulationResult result)
    {
        var failures = new List<string>();
        var state = result.Call.State;
        if (expect.Path is { } path && !path.SequenceEqual(result.Trace.Path))
            failures.Add($"path: expected {string.Join(" → ", path)}; was {string.Join(" → ", result.Trace.Path)}");
        if (expect.FinalNode is { } final && final != state.Node)
            failures.Add($"final node: expected {final}; was {state.Node}");
        if (expect.End is { } end && end != EndName(result.Call.Reason))
            failures.Add($"end: expected {end}; was {EndName(result.Call.Reason)}{(result.Call.Error is null ? "" : " (" + result.Call.Error + ")")}");
        foreach (var (name, value) in expect.Variables ?? new Dictionary<string, string>())
        {
            var actual = state.Variables.GetValueOrDefault(name);
            if (actual != value) failures.Add($"variable {name}: expected \"{value}\"; was {(actual is null ? "unset" : $"\"{actual}\"")}");
        }
        if (expect.Webhooks is { } hooks && !hooks.SequenceEqual(result.Webhooks.Select(w => w.WebhookNode)))
            failures.Add($"webhooks: expected [{string.Join(", ", hooks)}]; were [{string.Join(", ", result.Webhooks.Select(w => w.WebhookNode))}]");
        return failures;
    }

    /// <summary>The scenario-file name of an end reason.</summary>
    public static string EndName(CallEndReason reason) => reason switch
    {
        CallEndReason.CallerHungUp => "caller_hung_up",
        CallEndReason.Failed => "failed",
        CallEndReason.Cancelled => "cancelled",
        _ => "completed",
    };
}
