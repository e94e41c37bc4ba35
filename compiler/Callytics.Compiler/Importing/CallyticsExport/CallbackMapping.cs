using Callytics.Compiler.Importing.Mapping;
using Callytics.Compiler.Syntax;
using Out = System.Text.Json.Nodes;

namespace Callytics.Compiler.Importing.CallyticsExport;

/// <summary>Callytics <c>callback</c> → <c>callback</c> (terminal); number_source ani is the caller id.</summary>
internal sealed class CallbackMapping : NodeMapping
{
    public override string SourceType => "callback";
    public override string TargetType => "callback";
    protected override IReadOnlyDictionary<string, string> Outputs => TerminalOnly;

    public override void MapConfig(ConfigReader source, Out.JsonObject target) => target
        .Put("number_source", NumberSource(source))
        .Put("max_digits", source.Integer("max_digits"))
        .Put("prompt", Prompts.Read(source, "prompt_audio_file_id"))
        .Put("confirm_prompt", Prompts.Read(source, "confirm_audio_file_id"))
        .Put("queue", source.Id("queue_id", IdShape.Reference));

    private static string? NumberSource(ConfigReader source) => source.Take("number_source") switch
    {
        null => null,
        JsonString { Value: "ani" } => "caller_id",
        JsonString { Value: "dtmf" } => "dtmf",
        var other => source.Unmapped(other),
    };
}
