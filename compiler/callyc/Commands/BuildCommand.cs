using System.CommandLine;
using System.Diagnostics;
using Callytics.Compiler.Checking;
using Callytics.Compiler.Compilation;
using Callytics.Compiler.Diagnostics;
using Callytics.Compiler.Packaging;
using Callytics.Compiler.Reporting;

namespace Callytics.Cli.Commands;

/// <summary><c>callyc build</c>: checks, then compiles each flow without errors to a DLL, its C# and a manifest.</summary>
internal static class BuildCommand
{
    public static Command Create()
    {
        var paths = Options.Paths();
        var output = new Option<string>("--out", "-o") { Description = "Output folder; each flow goes to <out>/<flow-id>/.", DefaultValueFactory = _ => "out" };
        var version = new Option<int>("--version") { Description = "The version number to stamp into the assemblies.", DefaultValueFactory = _ => 1 };
        var catalog = Options.Catalog();
        var warnAsError = Options.WarnAsError();
        var format = Options.Format();
        var command = new Command("build", "Checks flows, then compiles each one without errors into a versioned assembly with its generated C# and manifest.json. Flows are built in parallel.")
        {
            paths, output, version, catalog, warnAsError, format,
        };
        command.SetAction(parse =>
        {
            var v = parse.GetValue(version);
            if (v < 1) throw new UsageException("--version must be 1 or more");
            var files = FlowFiles.Expand(parse.GetValue(paths)!);
            var (flowCatalog, catalogDiagnostics) = CheckCommand.LoadCatalog(parse.GetValue(catalog));
            var checkedFlows = FlowChecker.CheckFiles(files, flowCatalog);
            var warnError = parse.GetValue(warnAsError);
            var outDir = parse.GetValue(output)!;
            var buildable = checkedFlows.Where(f => f.Succeeded && !(warnError && f.Diagnostics.Diagnostics.Any(d => d.Severity == DiagnosticSeverity.Warning))).ToList();
            var built = Build(buildable, v, outDir);
            var diagnostics = DiagnosticBag.Sort(checkedFlows.SelectMany(r => r.Diagnostics.Diagnostics).Concat(catalogDiagnostics));
            var exit = CheckCommand.Report(diagnostics, files.Count, Enum.Parse<DiagnosticFormat>(parse.GetValue(format)!, ignoreCase: true), warnError);
            Console.Error.WriteLine($"Built {built} of {files.Count} flow{(files.Count == 1 ? "" : "s")} into {outDir}{(built < files.Count ? "; flows with errors were not built" : "")}.");
            return built < files.Count ? ExitCodes.Errors : exit;
        });
        return command;
    }

    private static int Build(IReadOnlyList<CheckedFlow> flows, int version, string outDir)
    {
        if (flows.Count == 0) return 0;
        var progress = new Progress(flows.Count);
        var built = 0;
        RoslynCompiler.Warm();
        // Fewer flows than cores: Roslyn's own threads use the spare cores on the parts of a big machine.
        var concurrent = flows.Count < Environment.ProcessorCount;
        Parallel.ForEach(flows, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, flow =>
        {
            var watch = Stopwatch.StartNew();
            var result = FlowBuilder.Build(flow, version, concurrent: concurrent);
            if (result is null) { progress.Report($"failed {flow.Path}"); return; }
            var dir = result.WriteTo(outDir);
            Interlocked.Increment(ref built);
            progress.Report($"built {result.BaseName} → {dir} ({watch.ElapsedMilliseconds} ms)");
        });
        progress.Done();
        return built;
    }

    /// <summary>A counter line redrawn in place on a terminal; one line per item when output is redirected (CI logs).</summary>
    private sealed class Progress(int total)
    {
        private readonly object _gate = new();
        private int _done;
        private readonly bool _terminal = !Console.IsErrorRedirected;

        public void Report(string message)
        {
            lock (_gate)
            {
                _done++;
                if (_terminal) Console.Error.Write($"\r\u001b[2K[{_done}/{total}] {message}");
                else Console.Error.WriteLine($"[{_done}/{total}] {message}");
            }
        }

        public void Done()
        {
            if (_terminal) Console.Error.WriteLine();
        }
    }
}
