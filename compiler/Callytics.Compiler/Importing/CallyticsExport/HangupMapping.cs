using Callytics.Compiler.Importing.Mapping;
using Out = System.Text.Json.Nodes;

namespace Callytics.Compiler.Importing.CallyticsExport;

/// <summary>Callytics <c>hangup</c> → <c>hangup</c> (terminal).</summary>
internal sealed class HangupMapping : NodeMapping
{
    public override string SourceType => "hangup";
    public override string TargetType => "hangup";
    protected override IReadOnlyDictionary<string, string> Outputs => TerminalOnly;

    public override void MapConfig(ConfigReader source, Out.JsonObject target) =>
        target.Put("prompt", Prompts.Read(source, "goodbye_audio_id"));
}
