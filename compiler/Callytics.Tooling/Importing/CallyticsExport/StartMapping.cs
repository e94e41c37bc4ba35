using Callytics.Compiler.Importing.Mapping;
using Out = System.Text.Json.Nodes;

namespace Callytics.Compiler.Importing.CallyticsExport;

/// <summary>
/// Callytics <c>start</c> → <c>start</c>. Its flow default timeout (timeoutResolver.ts:15-19:
/// <c>flow_default_timeout_ms</c>, else the older <c>queue_login_default_input_timeout_ms</c>) is
/// the flow's input timeout; without one, Callytics' menus and get_digits wait 5 s, so that is written.
/// </summary>
internal sealed class StartMapping : NodeMapping
{
    public override string SourceType => "start";
    public override string TargetType => "start";

    public override void MapConfig(NodeMappingContext context)
    {
        var current = CallyticsValues.Timeout(context.Source, "flow_default_timeout_ms");
        var legacy = CallyticsValues.Timeout(context.Source, "queue_login_default_input_timeout_ms");
        context.Target.Put("input_timeout_ms", current ?? legacy ?? CallyticsValues.InputFallbackMs);
    }

    public override IReadOnlyList<NodeResult> Results(Out.JsonObject config) => Single("default");
}
