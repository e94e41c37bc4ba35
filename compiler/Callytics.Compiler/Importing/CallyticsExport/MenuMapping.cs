using Callytics.Compiler.Importing.Mapping;
using Callytics.Compiler.Syntax;
using Out = System.Text.Json.Nodes;

namespace Callytics.Compiler.Importing.CallyticsExport;

/// <summary>
/// Callytics <c>menu</c> → <c>menu</c>. Branches become options; an edge's branchKey becomes
/// <c>digit:&lt;key&gt;</c>. Callytics counts timeouts and invalid keys separately; the flow
/// language has one retry budget, so the larger of the two is kept (and the change reported).
/// </summary>
internal sealed class MenuMapping : NodeMapping
{
    public override string SourceType => "menu";
    public override string TargetType => "menu";
    protected override IReadOnlyDictionary<string, string> Outputs { get; } = Table(
        ("timeout", "timeout"), ("invalid", "invalid"), ("max_attempts", "max_retries"), ("max_retries", "max_retries"), ("failed", "max_retries"));

    public override string? MapOutput(string output) =>
        output.StartsWith(CallyticsImporter.BranchPrefix, StringComparison.Ordinal)
            ? "digit:" + output[CallyticsImporter.BranchPrefix.Length..]
            : base.MapOutput(output);

    public override void MapConfig(ConfigReader source, Out.JsonObject target)
    {
        target.Put("prompt", Prompts.Read(source, "prompt_audio_file_id", "prompt_text"))
            .Put("options", Options(source))
            .Put("timeout_ms", source.Integer("timeout_ms"))
            .Put("inter_digit_timeout_ms", source.Integer("inter_digit_timeout_ms"))
            .Put("max_retries", Retries(source))
            .Put("invalid_prompt", Prompts.Read(source, "invalid_audio_file_id"))
            .Put("timeout_prompt", Prompts.Read(source, "timeout_audio_file_id"))
            .Put("final_prompt", Prompts.Read(source, "final_audio_file_id"))
            .Put("interruptible", source.Boolean("allow_barge_in"));
    }

    /// <summary>branches: [{ key, label }] → options: { key: { label } }.</summary>
    private static Out.JsonObject? Options(ConfigReader source)
    {
        if (source.Array("branches") is not { } branches) return null;
        var options = new Out.JsonObject();
        foreach (var item in branches.Items)
        {
            if (item is not JsonObject branch) { source.Unmapped(item); continue; }
            var reader = source.Nested(branch);
            var key = reader.String("key");
            var label = reader.String("label");
            reader.Finish();
            if (key is null || options.ContainsKey(key)) { source.Unmapped(item); continue; }
            options[key] = new Out.JsonObject().Put("label", label);
        }
        return options;
    }

    private static long? Retries(ConfigReader source)
    {
        var timeouts = source.Integer("max_timeout_attempts");
        var invalids = source.Integer("max_invalid_attempts");
        if (timeouts is null && invalids is null) return null;
        var retries = Math.Max(timeouts ?? 0, invalids ?? 0);
        if (timeouts is not null && invalids is not null && timeouts != invalids)
            source.Adapted(source.Take("max_invalid_attempts")!, "max_invalid_attempts",
                $"timeouts ({timeouts}) and invalid keys ({invalids}) share one budget in the flow language: max_retries = {retries}");
        return retries;
    }
}
