using System.Diagnostics;
using System.Globalization;
using Callytics.Compiler.Analysis;
using Callytics.Compiler.Binding;
using Callytics.Compiler.Syntax;
using Callytics.Compiler.Validation;
using Callytics.Compiler.Checking;
using Callytics.TestSupport.Flows;

namespace Callytics.Benchmarks;

/// <summary>
/// Measures <see cref="FlowChecker.CheckText"/> (load, bind, validate, analyze, references) on generated flows:
/// a plain harness with warmup, per-iteration wall time (median, min, max) and allocated bytes per check.
/// Target (issue 2): 1,000 nodes under 100 ms warm, time linear in the node count.
/// </summary>
public static class CheckBenchmark
{
    /// <summary>Runs the benchmark; prints a Markdown table.</summary>
    public static int Run(string[] args)
    {
        var sizes = BenchCommandLine.Option(args, "--sizes")?.Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray() ?? [1_000, 2_000, 5_000, 10_000];
        var iterations = int.Parse(BenchCommandLine.Option(args, "--iterations") ?? "30", CultureInfo.InvariantCulture);

        Console.WriteLine($"Checker benchmark: {iterations} measured iterations per size after warmup; Release={IsRelease()}, Server GC={System.Runtime.GCSettings.IsServerGC}");
        Console.WriteLine();
        Console.WriteLine("| nodes | edges | file size | median | min | max | CPU time (median) | per node (median) | allocated per check |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        var results = new List<(int Nodes, double MedianMs)>();
        foreach (var size in sizes)
        {
            var text = LargeFlowGenerator.Generate(size);
            var first = FlowChecker.CheckText("generated.flow.json", text);
            if (!first.Succeeded || first.Diagnostics.Diagnostics.Count > 0)
            {
                Console.Error.WriteLine($"The generated {size}-node flow is not clean: {first.Diagnostics.Diagnostics.FirstOrDefault()?.Message}");
                return 1;
            }

            // Warmup: JIT (tiered up to optimized code) and caches; at least 1 s or 10 runs.
            var warm = Stopwatch.StartNew();
            for (var i = 0; i < 10 || warm.ElapsedMilliseconds < 1_000; i++) FlowChecker.CheckText("generated.flow.json", text);

            var times = new double[iterations];
            var cpu = new double[iterations];
            long allocated = 0;
            for (var i = 0; i < iterations; i++)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
                var before = GC.GetTotalAllocatedBytes(precise: true);
                var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
                var sw = Stopwatch.StartNew();
                FlowChecker.CheckText("generated.flow.json", text);
                sw.Stop();
                cpu[i] = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalMilliseconds;
                allocated += GC.GetTotalAllocatedBytes(precise: true) - before;
                times[i] = sw.Elapsed.TotalMilliseconds;
            }
            Array.Sort(times);
            Array.Sort(cpu);
            var median = times[times.Length / 2];
            results.Add((size, median));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {size:N0} | {first.Flow!.Edges.Count:N0} | {text.Length / 1024.0:N0} KiB | {median:N2} ms | {times[0]:N2} ms | {times[^1]:N2} ms | {cpu[cpu.Length / 2]:N0} ms | {median * 1000 / size:N1} µs | {allocated / iterations / 1024.0 / 1024.0:N2} MiB |"));
        }

        if (args.Contains("--stages")) PrintStages(sizes[^1], iterations);

        if (results.Count > 1)
        {
            var (n0, t0) = results[0];
            var (n1, t1) = results[^1];
            Console.WriteLine();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Linearity: {n1 / (double)n0:N0}x the nodes took {t1 / t0:N2}x the time (1.00x per node would be perfectly linear: {t1 / t0 / (n1 / (double)n0):N2})."));
        }
        return 0;
    }

    /// <summary>Median time of each pipeline stage, to find a hot spot.</summary>
    private static void PrintStages(int size, int iterations)
    {
        var text = LargeFlowGenerator.Generate(size);
        var stages = new Dictionary<string, List<double>>();
        void Time(string stage, Action action)
        {
            var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            action();
            var elapsed = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalMilliseconds;
            (stages.TryGetValue(stage, out var list) ? list : stages[stage] = []).Add(elapsed);
        }
        for (var i = 0; i < iterations + 5; i++)
        {
            LoadedDocument document = null!;
            BoundFlow flow = null!;
            FlowGraph graph = null!;
            Time("load (parse)", () => document = JsonLoader.Parse("generated.flow.json", text));
            Time("bind", () => flow = Binder.Bind(document)!);
            Time("validate", () => graph = GraphValidator.Validate(flow, document.Diagnostics));
            Time("analyze", () => FlowAnalyzer.Analyze(graph, document.Diagnostics));
            var checkedFlow = new CheckedFlow(document.Source.Path, flow, graph, document.Diagnostics);
            Time("references", () => ReferenceChecker.Check([checkedFlow], null));
        }
        Console.WriteLine();
        Console.WriteLine($"Stages for {size:N0} nodes (median CPU ms): " + string.Join(", ", stages.Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.Key} {s.Value.Skip(5).Order().ElementAt(iterations / 2):N2}"))));
    }

    private static bool IsRelease() =>
        !typeof(FlowChecker).Assembly.GetCustomAttributes(typeof(DebuggableAttribute), false).OfType<DebuggableAttribute>().Any(d => d.IsJITOptimizerDisabled);
}
