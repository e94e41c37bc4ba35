using Callytics.Compiler.Importing.Mapping;
using Out = System.Text.Json.Nodes;

namespace Callytics.Compiler.Importing.CallyticsExport;

/// <summary>Callytics <c>hangup</c> → <c>hangup</c>: it only hangs up (nodes/index.ts:971-979).</summary>
internal sealed class HangupMapping : NodeMapping
{
    public override string SourceType => "hangup";
    public override string TargetType => "hangup";

    public override void MapConfig(NodeMappingContext context) { }

    public override IReadOnlyList<NodeResult> Results(Out.JsonObject config) => None;
}
