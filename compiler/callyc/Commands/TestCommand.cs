using System.CommandLine;
using System.Globalization;
using Callytics.Compiler.Checking;
using Callytics.Compiler.Diagnostics;
using Callytics.Compiler.Reporting;
using Callytics.Compiler.Testing;

namespace Callytics.Cli.Commands;

/// <summary><c>callyc test</c>: runs the scenario files kept beside the flows and reports path coverage.</summary>
internal static class TestCommand
{
    public static Command Create()
    {
        var folder = new Argument<string>("folder") { Description = "A folder with *.flow.json and *.scenarios.json files (searched recursively)." };
        var minCoverage = new Option<double?>("--min-coverage") { Description = "Fail when a tested flow has less than this percentage of its node outputs exercised." };
        var command = new Command("test", "Runs the scenarios (*.scenarios.json) beside the flows and reports, per flow, which node outputs they exercised.")
        {
            folder, minCoverage,
        };
        command.SetAction(parse =>
        {
            var dir = parse.GetValue(folder)!;
            if (!Directory.Exists(dir)) throw new UsageException($"no such folder: {dir}");
            var scenarioPaths = Directory.EnumerateFiles(dir, ScenarioFile.Pattern, SearchOption.AllDirectories).OrderBy(p => p, StringComparer.Ordinal).ToList();
            if (scenarioPaths.Count == 0) throw new UsageException($"no {ScenarioFile.Pattern} files in {dir}");
            List<ScenarioFile> files;
            try
            {
                files = scenarioPaths.Select(ScenarioFile.Load).ToList();
            }
            catch (FormatException e)
            {
                throw new UsageException(e.Message);
            }
            var checkedFlows = FlowChecker.CheckFiles(FlowFiles.Expand([dir]));
            var errors = checkedFlows.SelectMany(f => f.Diagnostics.Diagnostics).Where(d => d.IsError).ToList();
            if (errors.Count > 0) return CheckCommand.Report(DiagnosticBag.Sort(errors), checkedFlows.Count, DiagnosticFormat.Text, warnAsError: false);

            var (verdicts, coverage) = ScenarioRunner.Run(checkedFlows, files);
            foreach (var v in verdicts)
            {
                Console.Out.WriteLine($"{(v.Passed ? "PASS" : "FAIL")}  {Path.GetFileName(v.File)}: {v.Name}");
                foreach (var f in v.Failures) Console.Out.WriteLine($"      {f}");
            }
            Console.Out.WriteLine();
            var min = parse.GetValue(minCoverage);
            var coverageFailed = false;
            foreach (var c in coverage.OrderBy(c => c.FlowId, StringComparer.Ordinal))
            {
                var low = min is not null && c.Percent < min;
                coverageFailed |= low;
                Console.Out.WriteLine($"{ScenarioRunner.CoverageLine(c)}{(low ? $" — below {min}%" : "")}");
                var uncovered = c.Uncovered.ToList();
                if (uncovered.Count > 0) Console.Out.WriteLine($"  not exercised: {string.Join(", ", uncovered)}");
            }
            var failed = verdicts.Count(v => !v.Passed);
            Console.Out.WriteLine($"{verdicts.Count - failed} passed, {failed} failed");
            return failed > 0 || coverageFailed ? ExitCodes.Errors : ExitCodes.Success;
        });
        return command;
    }
}
