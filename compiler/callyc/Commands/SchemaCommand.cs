using System.CommandLine;
using Callytics.Compiler.Schema;

namespace Callytics.Cli.Commands;

/// <summary><c>callyc schema</c>: prints the JSON Schema generated from the node registry (checked in as schema/flow.schema.json).</summary>
internal static class SchemaCommand
{
    public static Command Create()
    {
        var output = new Option<string?>("--out") { Description = "Write to this file instead of standard output." };
        var command = new Command("schema", "Prints the flow JSON Schema (draft-07) generated from the compiler's node definitions.") { output };
        command.SetAction(parse =>
        {
            var schema = FlowSchemaGenerator.Generate();
            if (parse.GetValue(output) is { } path) File.WriteAllText(path, schema);
            else Console.Out.Write(schema);
            return ExitCodes.Success;
        });
        return command;
    }
}
