using Callytics.Compiler.Importing.Mapping;
using Callytics.Compiler.Syntax;
using Out = System.Text.Json.Nodes;

namespace Callytics.Compiler.Importing.CallyticsExport;

/// <summary>Callytics <c>queue_login</c> → <c>queue_login</c> (terminal).</summary>
internal sealed class QueueLoginMapping : NodeMapping
{
    public override string SourceType => "queue_login";
    public override string TargetType => "queue_login";
    protected override IReadOnlyDictionary<string, string> Outputs => TerminalOnly;

    public override void MapConfig(ConfigReader source, Out.JsonObject target)
    {
        if (source.Array("queue_ids") is { } ids)
        {
            var queues = new Out.JsonArray();
            foreach (var item in ids.Items)
            {
                // Queue ids are exported as numbers or text; the flow language names them as text.
                var text = item switch { JsonString s => s.Value, JsonNumber n => n.Text, _ => source.Unmapped(item) };
                if (text is not null) queues.Add(source.Fit(item, "queue_ids", text, IdShape.Reference));
            }
            target["queues"] = queues;
        }
        target.Put("pin_max_digits", source.Integer("pin_length"))
            .Put("max_attempts", source.Integer("max_attempts"))
            .Put("prompt", Prompts.Read(source, "prompt_audio_file_id"));
    }
}
