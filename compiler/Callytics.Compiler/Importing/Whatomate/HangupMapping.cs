using Callytics.Compiler.Importing.Mapping;
using Out = System.Text.Json.Nodes;

namespace Callytics.Compiler.Importing.Whatomate;

/// <summary>Whatomate <c>hangup</c> → <c>hangup</c> (terminal); a goodbye message is spoken by TTS.</summary>
internal sealed class HangupMapping : NodeMapping
{
    public override string SourceType => "hangup";
    public override string TargetType => "hangup";
    protected override IReadOnlyDictionary<string, string> Outputs => TerminalOnly;

    public override void MapConfig(ConfigReader source, Out.JsonObject target) =>
        target.Put("prompt", Prompts.Read(source, "audio_id", "message", "voice"));
}
