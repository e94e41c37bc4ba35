using Callytics.Compiler.Importing.Mapping;
using Out = System.Text.Json.Nodes;

namespace Callytics.Compiler.Importing.CallyticsExport;

/// <summary>
/// Callytics <c>voicemail</c> → <c>voicemail</c> (terminal; Callytics returns 'done',
/// voicemail.executor.ts:295-347): <c>start_audio_id</c>/<c>start_audio_path</c> before the beep,
/// <c>max_duration_seconds</c> (60), <c>mailbox_name</c> ("main"); it always beeps.
/// </summary>
internal sealed class VoicemailMapping : NodeMapping
{
    private const long MaxDurationSeconds = 60;
    private const string Mailbox = "main";

    public override string SourceType => "voicemail";
    public override string TargetType => "voicemail";

    public override void MapConfig(NodeMappingContext context)
    {
        var source = context.Source;
        context.Target
            .Put("prompt", Prompts.Callytics(source, "start_audio_id", "start_audio_path") ?? Prompts.Silence(source, context.NodeSyntax, "start_audio_id"))
            .Put("max_duration_s", source.Integer("max_duration_seconds") is > 0 and var seconds ? seconds : MaxDurationSeconds)
            .Put("mailbox", source.Id("mailbox_name", IdShape.Reference) ?? Mailbox);
        CallyticsValues.NoEquivalent(source, "end_audio_id", "end_audio_path", "send_to_webhook");
    }

    public override IReadOnlyList<NodeResult> Results(Out.JsonObject config) => [new(CallyticsRouting.Done, null)];
}
