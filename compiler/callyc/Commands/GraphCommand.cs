using System.CommandLine;
using Callytics.Compiler.Checking;
using Callytics.Compiler.Graphing;
using Callytics.Compiler.Reporting;

namespace Callytics.Cli.Commands;

/// <summary><c>callyc graph &lt;flow&gt; --format mermaid|dot</c>: the flow as a diagram, for READMEs and code review.</summary>
internal static class GraphCommand
{
    public static Command Create()
    {
        var flow = new Argument<string>("flow") { Description = "The flow file." };
        var format = new Option<string>("--format") { Description = "mermaid (Markdown) or dot (Graphviz).", DefaultValueFactory = _ => "mermaid" };
        format.AcceptOnlyFromAmong("mermaid", "dot");
        var output = new Option<string?>("--output", "-o") { Description = "Write to this file instead of standard output." };
        var command = new Command("graph", "Draws a flow: node labels, output names on edges, webhook edges dashed, terminal nodes marked.") { flow, format, output };
        command.SetAction(parse =>
        {
            var path = parse.GetValue(flow)!;
            if (!File.Exists(path)) throw new UsageException($"no such file: {path}");
            var result = FlowChecker.CheckFile(path);
            // A diagram of a flow with errors would show edges the runtime would never take: report instead.
            if (!result.Succeeded) return CheckCommand.Report(result.Diagnostics.Sorted(), 1, DiagnosticFormat.Text, warnAsError: false);
            var text = DiagramWriter.Write(FlowDiagram.From(result.Flow!), Enum.Parse<DiagramFormat>(parse.GetValue(format)!, ignoreCase: true));
            if (parse.GetValue(output) is { } file) File.WriteAllText(file, text);
            else Console.Out.Write(text);
            return ExitCodes.Success;
        });
        return command;
    }
}
