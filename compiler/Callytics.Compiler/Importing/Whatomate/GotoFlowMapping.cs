using Callytics.Compiler.Importing.Mapping;
using Out = System.Text.Json.Nodes;

namespace Callytics.Compiler.Importing.Whatomate;

/// <summary>Whatomate <c>goto_flow</c> → <c>goto_flow</c> (terminal).</summary>
internal sealed class GotoFlowMapping : NodeMapping
{
    public override string SourceType => "goto_flow";
    public override string TargetType => "goto_flow";
    protected override IReadOnlyDictionary<string, string> Outputs => TerminalOnly;

    public override void MapConfig(ConfigReader source, Out.JsonObject target) =>
        target.Put("flow", source.Id("flow_id", IdShape.Flow));
}
