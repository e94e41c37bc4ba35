using Callytics.Compiler.Importing.Mapping;
using Out = System.Text.Json.Nodes;

namespace Callytics.Compiler.Importing.CallyticsExport;

/// <summary>
/// Callytics <c>queue</c> → <c>queue</c>: <c>queue_id</c> names the queue; the wait limit is the
/// queue's own (queue.executor.ts:162-210). Results connected → completed, timeout, abandoned.
/// </summary>
internal sealed class QueueMapping : NodeMapping
{
    public override string SourceType => "queue";
    public override string TargetType => "queue";

    public override void MapConfig(NodeMappingContext context)
    {
        context.Target.Put("queue", CallyticsValues.RowId(context.Source, "queue_id"))
            .Put("record_call", context.Source.Boolean("record_call"));
        // queue.executor.ts:82 plays this once before the wait; the flow language's hold prompt repeats through it.
        CallyticsValues.NoEquivalent(context.Source, "prompt_audio_file_id", "prompt_path");
    }

    public override IReadOnlyList<NodeResult> Results(Out.JsonObject config) =>
        [new("connected", "completed"), new("timeout", "timeout"), new("abandoned", "abandoned")];
}
