using System.CommandLine;
using Callytics.Compiler.Checking;
using Callytics.Compiler.Diagnostics;
using Callytics.Compiler.Importing;
using Callytics.Compiler.Importing.Mapping;

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
        var timeZone = new Option<string>("--timezone")
        {
            Description = $"The IANA time zone schedules are read in when the export does not carry one (Whatomate reads its server's local time). Default: {ImportOptions.DefaultTimeZone}.",
            DefaultValueFactory = _ => ImportOptions.DefaultTimeZone,
        };
        var command = new Command("import", "Converts a Callytics or Whatomate export into a flow; what cannot be converted is reported where it is in the export.")
        {
            file, from, output, timeZone,
        };
        command.SetAction(parse => Run(parse.GetValue(file)!, FlowImporter.Find(parse.GetValue(from)!)!, parse.GetValue(output), parse.GetValue(timeZone)!));
        return command;
    }

    private static int Run(string path, SourceImporter importer, string? output, string timeZone)
    {
        if (!File.Exists(path)) throw new UsageException($"no such file: {path}");
        if (!Schedules.IsTimeZone(timeZone)) throw new UsageException($"--timezone: '{timeZone}' is not an IANA time zone id");
        var result = FlowImporter.ImportFile(importer, path, new ImportOptions(timeZone));
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
