using Callytics.Compiler.Importing.Mapping;
using Callytics.Compiler.Syntax;
using Out = System.Text.Json.Nodes;

namespace Callytics.Compiler.Importing.CallyticsExport;

/// <summary>
/// Callytics <c>get_digits</c> → <c>get_digits</c>. Callytics settles on the first key (two keys
/// only when an edge names a two-digit condition), has no terminator and no retries, and stores
/// the key in <c>variable_name</c> (nodes/index.ts:198-338); so one digit, no terminator, no retry.
/// </summary>
internal sealed class GetDigitsMapping : NodeMapping
{
    /// <summary>The result name for "a key was pressed" (Callytics returns the key itself).</summary>
    public const string KeyPressed = "key pressed";

    public override string SourceType => "get_digits";
    public override string TargetType => "get_digits";

    public override void MapConfig(NodeMappingContext context)
    {
        var source = context.Source;
        var variable = context.Variable("variable_name", "Callytics");
        if (source.Take("max_digits") is JsonNumber max && max.Text != "1")
            source.Adapted(max, "max_digits", "Callytics' get_digits settles on the first key whatever max_digits says (nodes/index.ts:290-306); so does the import");
        context.Target.Put("variable", variable)
            .Put("timeout_ms", CallyticsValues.Timeout(source, "timeout_ms"))
            .Put("prompt", Prompts.Callytics(source, "prompt_audio_file_id", "prompt_path"));
        context.Target["terminator"] = null;
    }

    public override IReadOnlyList<NodeResult> Results(Out.JsonObject config) =>
        [new(KeyPressed, "next", true), new("timeout", "timeout")];
}
