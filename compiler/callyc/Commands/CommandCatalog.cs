using System.CommandLine;

namespace Callytics.Cli.Commands;

/// <summary>The one list of subcommands.</summary>
internal static class CommandCatalog
{
    public static IEnumerable<Command> All() =>
    [
        CheckCommand.Create(),
        BuildCommand.Create(),
        EmitCommand.Create(),
        SimulateCommand.Create(),
        TestCommand.Create(),
        SchemaCommand.Create(),
        ImportCommand.Create(),
        GraphCommand.Create(),
        InitCommand.Create(),
        .. FlowStoreCommands.All(),
        .. OperatorCommands.All(),
        .. AudioCommands.All(),
    ];
}
