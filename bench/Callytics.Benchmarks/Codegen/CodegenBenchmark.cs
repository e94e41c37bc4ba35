using System.Diagnostics;
using System.Security.Cryptography;
using Callytics.Compiler.Checking;
using Callytics.Compiler.Compilation;
using Callytics.Compiler.Diagnostics;
using Callytics.Compiler.Emit;
using Callytics.Compiler.Packaging;
using Callytics.Runtime.Contract;
using Microsoft.CodeAnalysis.CSharp;

namespace Callytics.Benchmarks.Codegen;

/// <summary>
/// <c>codegen</c>: our whole pipeline (check + emit + Roslyn compile + manifest) against a bare
/// Roslyn compile of the same generated source with the same references and options, for
/// generated flows of 200, 1,000 and 10,000 nodes, in one warm process.
/// </summary>
public static class CodegenBenchmark
{
    /// <summary>Runs the benchmark and prints a Markdown report; arguments: optional sizes (default 200 1000 10000).</summary>
    public static int Run(string[] args)
    {
        var sizes = args.Length > 0 ? args.Select(int.Parse).ToArray() : [200, 1000, 10000];
        var setup = Stopwatch.StartNew();
        RoslynCompiler.Warm();
        Console.WriteLine($"Roslyn references loaded in {setup.ElapsedMilliseconds} ms (once per process).");
        Console.WriteLine();
        foreach (var size in sizes)
        {
            // Roslyn's hot paths reach their final JIT tier only after about eight compiles of a
            // big flow (measured: CPU per compile still falling at the 5th); fewer warm-ups charge
            // that JIT work to whichever operation runs first. The 10,000-node flow takes
            // seconds per compile, so it runs after the smaller sizes have warmed the process.
            var (warmup, iterations) = size switch { <= 200 => (10, 10), <= 1000 => (8, 6), _ => (0, 2) };
            RunSize(size, warmup, iterations);
        }
        return 0;
    }

    private static void RunSize(int size, int warmup, int iterations)
    {
        var flowId = $"generated-{size}";
        var path = flowId + ".flow.json";
        var json = FlowGenerator.Generate(flowId, size);
        var first = FlowChecker.CheckText(path, json);
        var errors = first.Diagnostics.Diagnostics.Where(d => d.IsError).ToList();
        if (errors.Count > 0) throw new InvalidOperationException($"generated flow has errors: {string.Join("; ", errors.Take(5))}");
        var warnings = first.Diagnostics.Diagnostics.Count(d => d.Severity == DiagnosticSeverity.Warning);
        var nodes = first.Flow!.NodesById.Count;

        var identity = new FlowIdentity(flowId, 1, SemanticHash.Sha256(SemanticHash.CanonicalJson(first.Flow.Root)));
        var source = StateMachineEmitter.Emit(first.Graph!, identity).Source;
        var assemblyName = RoslynCompiler.AssemblyName(identity);

        Console.WriteLine($"## {nodes} nodes ({json.Length / 1024} KiB JSON, {source.Length / 1024} KiB C#, {source.Count(c => c == '\n')} lines; {warnings} warnings, 0 errors)");
        Console.WriteLine();
        var pipelineBytes = Array.Empty<byte>();
        var bareBytes = Array.Empty<byte>();
        var results = Measure.Interleaved(warmup, iterations,
            ("ours: check + emit + compile + manifest", () =>
            {
                var checkedFlow = FlowChecker.CheckText(path, json);
                pipelineBytes = FlowBuilder.Build(checkedFlow, 1)?.Assembly ?? throw new InvalidOperationException("build failed");
            }),
            ("bare Roslyn: parse + compile + emit", () =>
            {
                var tree = CSharpSyntaxTree.ParseText(source, RoslynCompiler.ParseOptions);
                var compilation = CSharpCompilation.Create(assemblyName, [tree], RoslynCompiler.References, RoslynCompiler.ConcurrentOptions);
                using var stream = new MemoryStream();
                if (!compilation.Emit(stream).Success) throw new InvalidOperationException("bare compile failed");
                bareBytes = stream.ToArray();
            }));
        var checkedOnce = FlowChecker.CheckText(path, json);
        var stages = Measure.Interleaved(warmup, iterations,
            ("stage: check (load, bind, validate, analyze)", () => FlowChecker.CheckText(path, json)),
            ("stage: semantic hash", () => SemanticHash.Sha256(SemanticHash.CanonicalJson(checkedOnce.Flow!.Root))),
            ("stage: emit C#", () => StateMachineEmitter.Emit(checkedOnce.Graph!, identity)),
            ("stage: sha256 of the DLL", () => SHA256.HashData(pipelineBytes)));
        Console.WriteLine(Samples.Header);
        foreach (var r in results.Concat(stages)) Console.WriteLine(r.Row());
        Console.WriteLine();
        Console.WriteLine($"Ratio ours / bare: {results[0].Median / results[1].Median:F2}x wall (medians), {results[0].CpuMedian / results[1].CpuMedian:F2}x CPU (medians); assemblies {pipelineBytes.Length / 1024} KiB (ours) and {bareBytes.Length / 1024} KiB (bare).");
        Console.WriteLine();
    }
}
