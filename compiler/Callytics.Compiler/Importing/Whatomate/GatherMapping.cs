using Callytics.Compiler.Importing.Mapping;
using Out = System.Text.Json.Nodes;

namespace Callytics.Compiler.Importing.Whatomate;

/// <summary>Whatomate <c>gather</c> → <c>get_digits</c>; store_as names the variable.</summary>
internal sealed class GatherMapping : NodeMapping
{
    public override string SourceType => "gather";
    public override string TargetType => "get_digits";
    protected override IReadOnlyDictionary<string, string> Outputs { get; } = Table((Unnamed, "next"), ("next", "next"), ("timeout", "timeout"));

    public override void MapConfig(ConfigReader source, Out.JsonObject target)
    {
        target.Put("variable", source.Id("store_as", IdShape.Variable))
            .Put("max_digits", source.Integer("max_digits"))
            .Put("min_digits", source.Integer("min_digits"))
            .Put("timeout_ms", ConfigWriting.SecondsToMs(source.Integer("timeout_seconds")))
            .Put("prompt", Prompts.Read(source, "prompt_audio_id", "prompt", "voice"));
        if (source.Has("terminator")) target["terminator"] = source.String("terminator") is { Length: > 0 } key ? key : null;
    }
}
