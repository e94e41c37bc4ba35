using Callytics.Compiler.Importing.Mapping;
using Out = System.Text.Json.Nodes;

namespace Callytics.Compiler.Importing.CallyticsExport;

/// <summary>
/// Callytics <c>play_audio</c> → <c>play_audio</c>: <c>audio_file_id</c>, else <c>audio_file_path</c>
/// (nodes/index.ts:169-196). It does not listen for keys while it plays, so it is not interruptible.
/// </summary>
internal sealed class PlayAudioMapping : NodeMapping
{
    public override string SourceType => "play_audio";
    public override string TargetType => "play_audio";

    public override void MapConfig(NodeMappingContext context) => context.Target
        .Put("prompt", Prompts.Callytics(context.Source, "audio_file_id", "audio_file_path") ?? Prompts.Silence(context.Source, context.NodeSyntax, "prompt"));

    public override IReadOnlyList<NodeResult> Results(Out.JsonObject config) => Single("default");
}
