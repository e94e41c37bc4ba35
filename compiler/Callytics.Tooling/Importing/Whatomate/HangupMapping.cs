using Callytics.Compiler.Importing.Mapping;
using Out = System.Text.Json.Nodes;

namespace Callytics.Compiler.Importing.Whatomate;

/// <summary>Whatomate <c>hangup</c> → <c>hangup</c>: plays its audio, then ends the call (ivr.go executeHangup).</summary>
internal sealed class HangupMapping : WhatomateMapping
{
    public override string SourceType => "hangup";
    public override string TargetType => "hangup";

    protected override void Map(NodeMappingContext context) =>
        context.Target.Put("prompt", Prompts.Whatomate(context.Source));

    public override IReadOnlyList<NodeResult> Results(Out.JsonObject config) => None;
}
