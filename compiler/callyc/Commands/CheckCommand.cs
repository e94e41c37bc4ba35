using System.CommandLine;
using Callytics.Compiler.Catalogs;
using Callytics.Compiler.Checking;
using Callytics.Compiler.Diagnostics;
using Callytics.Compiler.Reporting;
using Callytics.Runtime.Catalog;

namespace Callytics.Cli.Commands;

/// <summary><c>callyc check</c>: validates flows and prints located diagnostics.</summary>
internal static class CheckCommand
{
    public static Command Create()
    {
        var paths = Options.Paths();
        var format = Options.Format();
        var warnAsError = Options.WarnAsError();
        var catalog = Options.Catalog();
        var command = new Command("check", "Checks flows against the schema and the graph rules. Flows given together may refer to each other (subflow, goto_flow).")
        {
            paths, format, warnAsError, catalog,
        };
        command.SetAction(parse =>
        {
            var files = FlowFiles.Expand(parse.GetValue(paths)!);
            var (flowCatalog, catalogDiagnostics) = LoadCatalog(parse.GetValue(catalog));
            var results = FlowChecker.CheckFiles(files, flowCatalog);
            var diagnostics = DiagnosticBag.Sort(results.SelectMany(r => r.Diagnostics.Diagnostics).Concat(catalogDiagnostics));
            return Report(diagnostics, files.Count, Enum.Parse<DiagnosticFormat>(parse.GetValue(format)!, ignoreCase: true), parse.GetValue(warnAsError));
        });
        return command;
    }

    /// <summary>Loads the --catalog file; its own errors are returned as findings.</summary>
    public static (FlowCatalog? Catalog, IReadOnlyList<Diagnostic> Diagnostics) LoadCatalog(string? path)
    {
        if (path is null) return (null, []);
        if (!File.Exists(path)) throw new UsageException($"no such catalog: {path}");
        var (catalog, bag) = CatalogLoader.Load(path);
        return (catalog, bag.Diagnostics);
    }

    /// <summary>Prints findings and returns the exit code.</summary>
    public static int Report(IReadOnlyList<Diagnostic> diagnostics, int files, DiagnosticFormat format, bool warnAsError)
    {
        if (warnAsError) diagnostics = DiagnosticFormatter.WarningsAsErrors(diagnostics);
        var summary = DiagnosticSummary.Of(files, diagnostics);
        DiagnosticFormatter.Write(Console.Out, format, diagnostics, summary, Options.ToolVersion);
        return summary.Errors > 0 ? ExitCodes.Errors : ExitCodes.Success;
    }
}
