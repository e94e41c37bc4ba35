using Callytics.Compiler.Importing.Mapping;
using Out = System.Text.Json.Nodes;

namespace Callytics.Compiler.Importing.CallyticsExport;

/// <summary>Callytics <c>voicemail</c> → <c>voicemail</c> (terminal); the start audio is the prompt.</summary>
internal sealed class VoicemailMapping : NodeMapping
{
    public override string SourceType => "voicemail";
    public override string TargetType => "voicemail";
    protected override IReadOnlyDictionary<string, string> Outputs => TerminalOnly;

    public override void MapConfig(ConfigReader source, Out.JsonObject target) => target
        .Put("prompt", Prompts.Read(source, "start_audio_id"))
        .Put("max_duration_s", source.Integer("max_duration_seconds"))
        .Put("beep", source.Boolean("beep"))
        .Put("mailbox", source.Id("mailbox_id", IdShape.Reference));
}
