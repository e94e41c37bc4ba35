using Callytics.Compiler.Importing.Mapping;
using Callytics.Compiler.Syntax;
using Out = System.Text.Json.Nodes;

namespace Callytics.Compiler.Importing.CallyticsExport;

/// <summary>
/// Callytics <c>queue_login</c> → <c>queue_login</c> (terminal): <c>queue_ids</c> (else
/// <c>queue_id</c>) and its prompts (queue_login.executor.ts:160-500). A failed login returns
/// 'failed'; the flow language's queue_login ends the call.
/// </summary>
internal sealed class QueueLoginMapping : NodeMapping
{
    public override string SourceType => "queue_login";
    public override string TargetType => "queue_login";

    public override void MapConfig(NodeMappingContext context)
    {
        var source = context.Source;
        var queues = new Out.JsonArray();
        if (source.Array("queue_ids") is { } ids)
            foreach (var item in ids.Items)
            {
                if (item is JsonNumber n && n.TryGetInt64(out var v) && v > 0) queues.Add(n.Text);
                else if (item is JsonString s && long.TryParse(s.Value, out var w) && w > 0) queues.Add(s.Value);
                else source.Unmapped(item);
            }
        if (queues.Count == 0 && CallyticsValues.RowId(source, "queue_id") is { } single) queues.Add(single);
        else source.Take("queue_id");
        context.Target.Put("queues", queues.Count > 0 ? queues : null)
            .Put("prompt", Prompts.Callytics(source, "prompt_audio_file_id", "prompt_path"))
            .Put("invalid_prompt", Prompts.Callytics(source, "wrong_pin_audio_file_id", "wrong_pin_path"))
            .Put("success_prompt", Prompts.Callytics(source, "login_success_audio_file_id", "login_success_path"));
        source.Boolean("use_flow_default_timeout");
        CallyticsValues.NoEquivalent(source, "input_timeout_ms");
    }

    public override IReadOnlyList<NodeResult> Results(Out.JsonObject config) => [new("failed", null)];
}
