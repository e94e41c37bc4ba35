using Callytics.Compiler.Importing.Mapping;
using Out = System.Text.Json.Nodes;

namespace Callytics.Compiler.Importing.CallyticsExport;

/// <summary>Callytics <c>queue</c> → <c>queue</c>.</summary>
internal sealed class QueueMapping : NodeMapping
{
    public override string SourceType => "queue";
    public override string TargetType => "queue";
    protected override IReadOnlyDictionary<string, string> Outputs { get; } = Table(
        ("answered", "completed"), ("completed", "completed"), ("timeout", "timeout"), ("abandoned", "abandoned"));

    public override void MapConfig(ConfigReader source, Out.JsonObject target)
    {
        target.Put("queue", source.Id("queue_id", IdShape.Reference))
            .Put("max_wait_ms", ConfigWriting.SecondsToMs(source.Integer("max_wait_seconds")))
            .Put("record_call", source.Boolean("record_call"));
        if (Prompts.Read(source, "hold_audio_file_id") is { } hold) target["hold"] = hold;
    }
}
