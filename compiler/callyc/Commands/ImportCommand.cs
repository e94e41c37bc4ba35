using System.CommandLine;
using Callytics.Compiler.Checking;
using Callytics.Compiler.Diagnostics;
using Callytics.Compiler.Importing;

namespace Callytics.Cli.Commands;

/// <summary>
/// <c>callyc import --from callytics|whatomate &lt;file&gt; [-o out.flow.json]</c>: converts an export
/// into a flow, reports what did not map (located in the export), then checks the result.
/// The flow goes to standard output unless -o is given; findings always go to standard error.
/// </summary>
internal static class ImportCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("file") { Description = "The exported flow (JSON)." };
        var from = new Option<string>("--from") { Description = "The product that exported the file.", Required = true };
        from.AcceptOnlyFromAmong([.. FlowImporter.Names]);
        var output = new Option<string?>("--output", "-o") { Description = "Write the flow here (a *.flow.json) instead of standard output." };
        var command = new Command("import", "Converts a Callytics or Whatomate export into a flow; what cannot be converted is reported where it is in the export.")
        {
            file, from, output,
        };
        command.SetAction(parse => Run(parse.GetValue(file)!, FlowImporter.Find(parse.GetValue(from)!)!, parse.GetValue(output)));
        return command;
    }

    private static int Run(string path, SourceImporter importer, string? output)
    {
        if (!File.Exists(path)) throw new UsageException($"no such file: {path}");
        var result = FlowImporter.ImportFile(importer, path);
        var findings = result.Diagnostics.Sorted().ToList();
        if (result.Json is { } json)
        {
            var written = output ?? "<stdout>";
            if (output is null) Console.Out.Write(json);
            else WriteFile(output, json);
            // The imported flow goes through the same check as any other (findings located in the output).
            findings.AddRange(FlowChecker.CheckText(written, json).Diagnostics.Sorted());
        }
        foreach (var finding in findings) Console.Error.WriteLine(finding);
        var errors = findings.Count(f => f.IsError);
        Console.Error.WriteLine($"imported {path} from {importer.Product}: {errors} error(s), {findings.Count(f => f.Severity == DiagnosticSeverity.Warning)} warning(s)");
        return errors > 0 ? ExitCodes.Errors : ExitCodes.Success;
    }

    private static void WriteFile(string path, string json)
    {
        try
        {
            if (Path.GetDirectoryName(Path.GetFullPath(path)) is { } folder) Directory.CreateDirectory(folder);
            File.WriteAllText(path, json);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"cannot write {path}: {e.Message}");
        }
    }
}
