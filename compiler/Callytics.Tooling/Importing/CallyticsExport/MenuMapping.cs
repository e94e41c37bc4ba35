using System.Text.RegularExpressions;
using Callytics.Compiler.Importing.Mapping;
using Callytics.Compiler.Syntax;
using Out = System.Text.Json.Nodes;

namespace Callytics.Compiler.Importing.CallyticsExport;

/// <summary>
/// Callytics <c>menu</c> → <c>menu</c>. <c>branches</c> is a list of keys (flows.service.ts:323-330:
/// one or two digits, <c>*</c> or <c>#</c>); each becomes an option whose edge is <c>digit:key</c>.
/// The menu retries by itself and ends with a result only for a configured key
/// (menu.executor.ts:220-274): timeouts and invalid keys are counted apart, each up to its own
/// number of attempts, and then the final prompt plays and the call hangs up. The flow language
/// counts both in one budget of retries (attempts − 1), so the larger is kept.
/// </summary>
internal sealed partial class MenuMapping : NodeMapping
{
    /// <summary>stasis/src/timeoutResolver.ts:6: the wait for a second key when a branch has two.</summary>
    private const long InterDigitMs = 4000;

    public override string SourceType => "menu";
    public override string TargetType => "menu";

    public override void MapConfig(NodeMappingContext context)
    {
        var source = context.Source;
        var options = Options(source);
        context.Target
            .Put("prompt", Prompts.Callytics(source, "prompt_audio_file_id", "prompt_path") ?? Prompts.Silence(source, context.NodeSyntax, "prompt"))
            .Put("options", options)
            .Put("timeout_ms", CallyticsValues.Timeout(source, "timeout_ms"))
            .Put("inter_digit_timeout_ms", options?.Any(o => o.Key.Length == 2) == true ? InterDigitMs : null)
            .Put("max_retries", Retries(source))
            .Put("timeout_prompt", Prompts.Callytics(source, "timeout_prompt_audio_id", "timeout_prompt_path"))
            .Put("invalid_prompt", Prompts.Callytics(source, "invalid_prompt_audio_id", "invalid_prompt_path"))
            .Put("final_prompt", Prompts.Callytics(source, "final_failure_audio_id", "final_failure_path"));
        // Submenus are other Callytics flows found by database id (runtime.ts:81-130): not in this export.
        CallyticsValues.NoEquivalent(source, "submenu_branch_targets", "submenu_branch_flows");
    }

    public override IReadOnlyList<NodeResult> Results(Out.JsonObject config) =>
        config["options"] is Out.JsonObject options ? options.Select(o => new NodeResult(o.Key, "digit:" + o.Key, true)).ToList() : None;

    /// <summary>branches: ["1", "2", "21"] → options; <c>submenu_branch_names</c> gives the labels.</summary>
    private static Out.JsonObject? Options(ConfigReader source)
    {
        var names = source.Object("submenu_branch_names");
        if (source.Array("branches") is not { } branches) return null;
        var options = new Out.JsonObject();
        foreach (var item in branches.Items)
        {
            var key = item switch { JsonString s => s.Value.Trim(), JsonNumber n => n.Text, _ => null };
            if (key is null || !BranchKey().IsMatch(key) || options.ContainsKey(key)) { source.Unmapped(item); continue; }
            var label = names?[key] as JsonString;
            options[key] = new Out.JsonObject().Put("label", label?.Value);
        }
        return options;
    }

    private static long Retries(ConfigReader source)
    {
        var timeouts = CallyticsValues.Attempts(source, "max_timeout_attempts");
        var invalids = CallyticsValues.Attempts(source, "max_invalid_attempts");
        var attempts = Math.Max(timeouts, invalids);
        if (timeouts != invalids && source.Has("max_invalid_attempts"))
            source.Adapted(source.Take("max_invalid_attempts")!, "max_invalid_attempts",
                $"Callytics allows {timeouts} timeouts and {invalids} invalid keys apart; the flow language allows {attempts} failed attempts of either kind together (max_retries {attempts - 1})");
        return attempts - 1;
    }

    [GeneratedRegex("^([0-9]{1,2}|[*#])$")]
    private static partial Regex BranchKey();
}
