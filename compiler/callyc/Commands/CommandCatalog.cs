using System.CommandLine;

namespace Callytics.Cli.Commands;

/// <summary>The one list of subcommands.</summary>
internal static class CommandCatalog
{
    public static IEnumerable<Command> All() =>
    [
        CheckCommand.Create(),
        SchemaCommand.Create(),
        ImportCommand.Create(),
    ];
}
