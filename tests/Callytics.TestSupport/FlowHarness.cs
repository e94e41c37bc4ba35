using Callytics.Compiler.Checking;
using Callytics.Compiler.Packaging;
using Callytics.Compiler.Testing;
using Callytics.Runtime.Contract;
using Callytics.Runtime.Simulation;

namespace Callytics.TestSupport;

/// <summary>Checks, compiles and simulates flows given as JSON text, failing loudly on any error.</summary>
public static class FlowHarness
{
    /// <summary>Checks flows given as text together (they may refer to each other).</summary>
    public static IReadOnlyList<CheckedFlow> Check(params string[] flows)
    {
        var dir = Directory.CreateTempSubdirectory("callytics-harness-");
        try
        {
            var paths = flows.Select((text, i) =>
            {
                var path = Path.Combine(dir.FullName, $"flow{i}.flow.json");
                File.WriteAllText(path, text);
                return path;
            }).ToList();
            return FlowChecker.CheckFiles(paths);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    /// <summary>Compiles flows (the first is the entry); throws with the diagnostics when any has errors.</summary>
    public static InMemoryFlows Compile(params string[] flows)
    {
        var checkedFlows = Check(flows);
        var errors = checkedFlows.SelectMany(f => f.Diagnostics.Diagnostics).Where(d => d.IsError).ToList();
        if (errors.Count > 0) throw new InvalidOperationException("The flow has errors:\n" + string.Join("\n", errors));
        var (compiled, failed) = InMemoryFlows.Build(checkedFlows);
        if (failed.Count > 0) throw new InvalidOperationException("Build failed:\n" + string.Join("\n", failed.SelectMany(f => f.Diagnostics.Diagnostics)));
        return compiled;
    }

    /// <summary>Builds a single flow to its artifacts (source, assembly, manifest).</summary>
    public static BuiltFlow Build(string flow, int version = 1)
    {
        var checkedFlow = Check(flow)[0];
        if (!checkedFlow.Succeeded) throw new InvalidOperationException("The flow has errors:\n" + string.Join("\n", checkedFlow.Diagnostics.Diagnostics));
        return FlowBuilder.Build(checkedFlow, version) ?? throw new InvalidOperationException(string.Join("\n", checkedFlow.Diagnostics.Diagnostics));
    }

    /// <summary>Runs one simulated call into the first flow.</summary>
    public static SimulationResult Run(
        string flow,
        string digits = "",
        DateTimeOffset? at = null,
        IReadOnlyList<HttpStub>? http = null,
        IEnumerable<DialBehaviour>? dial = null,
        IEnumerable<QueueBehaviour>? queue = null,
        string callerId = "+15550100",
        params string[] otherFlows)
    {
        var compiled = Compile([flow, .. otherFlows]);
        var entryId = Check(flow)[0].Flow!.FlowId;
        var setup = new SimulationSetup(at ?? new DateTimeOffset(2026, 1, 5, 10, 0, 0, TimeSpan.Zero), new CallerScript(CallerScript.ParseInputs(digits), dial, queue), http ?? [], callerId);
        return Simulator.Run(compiled.Machines[entryId], compiled.Machines.Values, setup);
    }

    /// <summary>The nodes a call went through.</summary>
    public static string PathOf(SimulationResult result) => string.Join(" > ", result.Trace.Path);

    /// <summary>The outputs a call took, as "node:output" in order.</summary>
    public static IReadOnlyList<string> Transitions(SimulationResult result) =>
        result.Trace.Entries.Where(e => e.Kind == "transition").Select(e => $"{e.Node}:{e.Detail[..e.Detail.IndexOf(' ')]}").ToList();

    /// <summary>The effects the machine asked for, of one type.</summary>
    public static IEnumerable<T> Effects<T>(SimulationResult result) where T : Effect => result.Trace.Effects.OfType<T>();
}
