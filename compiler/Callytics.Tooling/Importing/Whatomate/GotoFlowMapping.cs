using Callytics.Compiler.Importing.Mapping;
using Out = System.Text.Json.Nodes;

namespace Callytics.Compiler.Importing.Whatomate;

/// <summary>Whatomate <c>goto_flow</c> → <c>goto_flow</c>: <c>flow_id</c> is the other flow's id (ivr.go executeGotoFlow).</summary>
internal sealed class GotoFlowMapping : WhatomateMapping
{
    public override string SourceType => "goto_flow";
    public override string TargetType => "goto_flow";

    protected override void Map(NodeMappingContext context) =>
        context.Target.Put("flow", context.Source.Id("flow_id", IdShape.Flow));

    public override IReadOnlyList<NodeResult> Results(Out.JsonObject config) => None;
}
