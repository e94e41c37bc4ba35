using System.Diagnostics;
using Callytics.Compiler.Checking;
using Callytics.Compiler.Testing;
using Callytics.Runtime.Contract;
using Callytics.Runtime.Engine;
using Callytics.Runtime.Simulation;

namespace Callytics.Benchmarks.Codegen;

/// <summary>
/// <c>engine</c>: node steps per second of <see cref="CallEngine"/> on a simulated call. A scripted
/// caller goes round a menu → play → get_digits → set_variable → branch loop many times, on
/// the in-memory channel, virtual clock and HTTP stub. Counts the machine's steps (effects asked
/// for, <see cref="CallResult.Steps"/>) and the transitions between nodes.
/// </summary>
public static class EngineBenchmark
{
    /// <summary>Runs the benchmark; arguments: optional rounds per call (default 200,000).</summary>
    public static int Run(string[] args)
    {
        var rounds = args.Length > 0 ? int.Parse(args[0]) : 200_000;
        var checkedFlow = FlowChecker.CheckText("menu-loop.flow.json", FlowGenerator.MenuLoop("menu-loop"));
        if (!checkedFlow.Succeeded) throw new InvalidOperationException("menu-loop has errors: " + string.Join("; ", checkedFlow.Diagnostics.Diagnostics));
        var (flows, failed) = InMemoryFlows.Build([checkedFlow]);
        if (failed.Count > 0) throw new InvalidOperationException("menu-loop did not compile");
        var machine = flows.Machines["menu-loop"];

        for (var i = 0; i < 3; i++) RunCall(machine, 20_000, counting: true); // warm-up: JIT and tiering
        Console.WriteLine($"## Engine: menu loop, {rounds:N0} rounds per call (3 effects and 5 transitions per round)");
        Console.WriteLine();
        Console.WriteLine("| observer | call | steps (effects) | transitions | wall ms | CPU ms | steps/s (wall) | steps/s (CPU) | transitions/s (wall) | transitions/s (CPU) | allocated B/step |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var counting in new[] { true, false })
        {
            for (var call = 1; call <= 3; call++)
            {
                var (steps, transitions, ms, cpuMs, bytes) = RunCall(machine, rounds, counting);
                Console.WriteLine($"| {(counting ? "counting transitions" : "none")} | {call} | {steps:N0} | {(counting ? transitions.ToString("N0") : "—")} | {ms:F0} | {cpuMs:F0} | {steps / ms * 1000:N0} | {steps / cpuMs * 1000:N0} | {(counting ? (transitions / ms * 1000).ToString("N0") : "—")} | {(counting ? (transitions / cpuMs * 1000).ToString("N0") : "—")} | {(double)bytes / steps:F0} |");
            }
        }
        Console.WriteLine();
        return 0;
    }

    private static (long Steps, long Transitions, double Ms, double CpuMs, long Bytes) RunCall(IFlowMachine machine, int rounds, bool counting)
    {
        // Each round: "1" at the menu, then an account number ended by '#'; then "2" hangs up.
        var inputs = new List<CallerInput>(rounds * 2 + 1);
        CallerInput option = new Keys("1", false), account = new Keys("1234#", false);
        for (var r = 0; r < rounds; r++) { inputs.Add(option); inputs.Add(account); }
        inputs.Add(new Keys("2", false));
        var clock = new VirtualClock(new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero));
        var channel = new SimulatedChannel(new CallerScript(inputs), clock);
        var engine = new CallEngine(new EngineServices(new FlowSet([machine]), new StubHttpGateway([], clock), new RecordingWebhookDispatcher(), clock));
        var observer = counting ? new TransitionCounter() : null;
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var before = GC.GetTotalAllocatedBytes(precise: true);
        using var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        var result = engine.RunAsync(machine, channel, observer).GetAwaiter().GetResult();
        watch.Stop();
        process.Refresh();
        var cpuMs = (process.TotalProcessorTime - cpuBefore).TotalMilliseconds;
        var bytes = GC.GetTotalAllocatedBytes(precise: true) - before;
        if (result.Reason != CallEndReason.Completed || result.State.Node != "bye")
            throw new InvalidOperationException($"call ended {result.Reason} at {result.State.Node}: {result.Error}");
        var expectedSteps = 3L * rounds + 2; // + the last menu and the hang-up
        if (result.Steps != expectedSteps) throw new InvalidOperationException($"expected {expectedSteps} steps, got {result.Steps}");
        return (result.Steps, observer?.Transitions ?? 0, watch.Elapsed.TotalMilliseconds, cpuMs, bytes);
    }

    /// <summary>Counts transitions; as cheap as an observer can be.</summary>
    private sealed class TransitionCounter : ICallObserver
    {
        public long Transitions;

        public void OnTransition(string flowId, string fromNode, string output, string? toNode) => Transitions++;
    }
}
