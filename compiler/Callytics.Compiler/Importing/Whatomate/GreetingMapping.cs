using Callytics.Compiler.Importing.Mapping;
using Out = System.Text.Json.Nodes;

namespace Callytics.Compiler.Importing.Whatomate;

/// <summary>Whatomate <c>greeting</c> → <c>play_audio</c>: an audio id, or a message spoken by TTS.</summary>
internal sealed class GreetingMapping : NodeMapping
{
    public override string SourceType => "greeting";
    public override string TargetType => "play_audio";
    protected override IReadOnlyDictionary<string, string> Outputs => NextOnly;

    public override void MapConfig(ConfigReader source, Out.JsonObject target) => target
        .Put("prompt", Prompts.Read(source, "audio_id", "message", "voice"))
        .Put("interruptible", source.Boolean("interruptible"));
}
