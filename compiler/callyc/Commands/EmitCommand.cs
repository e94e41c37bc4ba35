using System.CommandLine;
using Callytics.Compiler.Checking;
using Callytics.Compiler.Diagnostics;
using Callytics.Compiler.Emit;
using Callytics.Compiler.Packaging;
using Callytics.Compiler.Reporting;
using Callytics.Runtime.Contract;

namespace Callytics.Cli.Commands;

/// <summary><c>callyc emit</c>: prints the C# a flow compiles to, for review, without compiling it.</summary>
internal static class EmitCommand
{
    public static Command Create()
    {
        var path = new Argument<string>("flow") { Description = "The flow file." };
        var version = new Option<int>("--version") { Description = "The version number to stamp.", DefaultValueFactory = _ => 1 };
        var command = new Command("emit", "Prints the generated C# state machine of a flow (what 'build' compiles).") { path, version };
        command.SetAction(parse =>
        {
            var file = FlowFiles.Expand([parse.GetValue(path)!])[0];
            var flow = FlowChecker.CheckFile(file);
            if (!flow.Succeeded)
                return CheckCommand.Report(flow.Diagnostics.Sorted(), 1, DiagnosticFormat.Text, warnAsError: false);
            var identity = new FlowIdentity(flow.Flow!.FlowId, parse.GetValue(version), SemanticHash.Compute(flow.Flow.Root));
            Console.Out.Write(StateMachineEmitter.Emit(flow.Graph!, identity).Source);
            return ExitCodes.Success;
        });
        return command;
    }
}
