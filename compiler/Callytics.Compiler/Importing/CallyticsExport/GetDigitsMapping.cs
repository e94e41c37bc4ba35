using Callytics.Compiler.Importing.Mapping;
using Out = System.Text.Json.Nodes;

namespace Callytics.Compiler.Importing.CallyticsExport;

/// <summary>Callytics <c>get_digits</c> → <c>get_digits</c>; its attempts count the first try, retries do not.</summary>
internal sealed class GetDigitsMapping : NodeMapping
{
    public override string SourceType => "get_digits";
    public override string TargetType => "get_digits";
    protected override IReadOnlyDictionary<string, string> Outputs { get; } = Table((Unnamed, "next"), ("next", "next"), ("timeout", "timeout"));

    public override void MapConfig(ConfigReader source, Out.JsonObject target)
    {
        target.Put("variable", source.Id("variable_name", IdShape.Variable))
            .Put("max_digits", source.Integer("max_digits"))
            .Put("min_digits", source.Integer("min_digits"))
            .Put("timeout_ms", source.Integer("timeout_ms"))
            .Put("inter_digit_timeout_ms", source.Integer("inter_digit_timeout_ms"))
            .Put("prompt", Prompts.Read(source, "prompt_audio_file_id"))
            .Put("max_retries", source.Integer("max_attempts") is { } attempts ? Math.Max(0, attempts - 1) : null);
        if (source.Has("terminator"))
        {
            var terminator = source.String("terminator");
            // Callytics writes "" or "none" for "no terminator key"; the flow language writes null.
            target["terminator"] = terminator is "" or "none" ? null : terminator;
        }
    }
}
