using Callytics.Compiler.Importing.Mapping;
using Callytics.Compiler.Syntax;
using Out = System.Text.Json.Nodes;

namespace Callytics.Compiler.Importing.Whatomate;

/// <summary>Whatomate <c>menu</c> → <c>menu</c>; conditions digit:N, timeout, invalid and max_retries keep their names.</summary>
internal sealed class MenuMapping : NodeMapping
{
    private const string DigitPrefix = "digit:";

    public override string SourceType => "menu";
    public override string TargetType => "menu";
    protected override IReadOnlyDictionary<string, string> Outputs { get; } = Table(("timeout", "timeout"), ("invalid", "invalid"), ("max_retries", "max_retries"));

    public override string? MapOutput(string output) =>
        output.StartsWith(DigitPrefix, StringComparison.Ordinal) ? output : base.MapOutput(output);

    public override void MapConfig(ConfigReader source, Out.JsonObject target) => target
        .Put("prompt", Prompts.Read(source, "prompt_audio_id", "prompt", "voice"))
        .Put("options", Options(source))
        .Put("timeout_ms", ConfigWriting.SecondsToMs(source.Integer("timeout_seconds")))
        .Put("max_retries", source.Integer("max_retries"))
        .Put("invalid_prompt", Prompts.Read(source, null, "invalid_message"))
        .Put("timeout_prompt", Prompts.Read(source, null, "timeout_message"));

    /// <summary>options: [{ digit, label }] → options: { digit: { label } }.</summary>
    private static Out.JsonObject? Options(ConfigReader source)
    {
        if (source.Array("options") is not { } list) return null;
        var options = new Out.JsonObject();
        foreach (var item in list.Items)
        {
            if (item is not JsonObject option) { source.Unmapped(item); continue; }
            var reader = source.Nested(option);
            var digit = reader.String("digit");
            var label = reader.String("label");
            reader.Finish();
            if (digit is null || options.ContainsKey(digit)) { source.Unmapped(item); continue; }
            options[digit] = new Out.JsonObject().Put("label", label);
        }
        return options;
    }
}
