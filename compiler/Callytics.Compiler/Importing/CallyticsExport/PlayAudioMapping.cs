using Callytics.Compiler.Importing.Mapping;
using Out = System.Text.Json.Nodes;

namespace Callytics.Compiler.Importing.CallyticsExport;

/// <summary>Callytics <c>play_audio</c> → <c>play_audio</c>: an audio file id, or a text for TTS.</summary>
internal sealed class PlayAudioMapping : NodeMapping
{
    public override string SourceType => "play_audio";
    public override string TargetType => "play_audio";
    protected override IReadOnlyDictionary<string, string> Outputs => NextOnly;

    public override void MapConfig(ConfigReader source, Out.JsonObject target) => target
        .Put("prompt", Prompts.Read(source, "audio_file_id", "tts_text", "tts_voice"))
        .Put("interruptible", source.Boolean("allow_barge_in"));
}
