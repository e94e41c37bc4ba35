using Callytics.Compiler.Importing.Mapping;
using Callytics.Compiler.Syntax;
using Out = System.Text.Json.Nodes;

namespace Callytics.Compiler.Importing.Whatomate;

/// <summary>
/// Whatomate <c>menu</c> → <c>menu</c> (ivr.go executeMenu): <c>options</c> is an object keyed
/// by the key; each attempt plays the prompt and waits <c>timeout_seconds</c> for one key; a
/// silence or a key that is no option uses an attempt; after <c>max_retries</c> attempts the
/// outcome is "max_retries". A valid key gives "digit:N". It never ends with "timeout" (the
/// editor draws that handle, MenuNode.vue, but the runtime never takes it).
/// </summary>
internal sealed class MenuMapping : WhatomateMapping
{
    private const string AnyKey = "0123456789*#";

    public override string SourceType => "menu";
    public override string TargetType => "menu";

    protected override void Map(NodeMappingContext context) => context.Target
        .Put("prompt", Prompts.Whatomate(context.Source) ?? Prompts.Silence(context.Source, context.NodeSyntax, "audio_file"))
        .Put("options", Options(context))
        .Put("timeout_ms", TimeoutMs(context))
        .Put("max_retries", Retries(context));

    public override IReadOnlyList<NodeResult> Results(Out.JsonObject config) =>
    [
        .. (config["options"] as Out.JsonObject ?? []).Select(o => new NodeResult("digit:" + o.Key, "digit:" + o.Key, true)),
        new("max_retries", "max_retries"),
    ];

    /// <summary>options: { "1": { label } } → options. Without options Whatomate takes any key.</summary>
    private static Out.JsonObject Options(NodeMappingContext context)
    {
        var source = context.Source;
        var options = new Out.JsonObject();
        var written = source.Object("options");
        foreach (var option in written?.Properties ?? [])
        {
            // Whatomate reads one key per attempt: a longer option can never be chosen.
            if (option.Key!.Length != 1 || !AnyKey.Contains(option.Key[0])) { source.Adapted(option, "options", $"option '{option.Key}' is not one key; Whatomate reads one key at a time, so it can never be chosen and was left out"); continue; }
            var label = option is JsonObject o ? (o["label"] as JsonString)?.Value : null;
            if (option is not JsonObject) source.Unmapped(option);
            options[option.Key] = new Out.JsonObject().Put("label", label);
        }
        if (options.Count == 0)
        {
            source.Adapted(written ?? context.NodeSyntax, "options", "Whatomate accepts any key when a menu has no options; the import makes every key an option");
            foreach (var key in AnyKey) options[key.ToString()] = new Out.JsonObject();
        }
        return options;
    }
}
