using Callytics.Compiler.Importing.Mapping;
using Out = System.Text.Json.Nodes;

namespace Callytics.Compiler.Importing.Whatomate;

/// <summary>
/// Whatomate <c>gather</c> → <c>get_digits</c> (ivr.go executeGather): the prompt plays once, then
/// up to <c>max_retries</c> attempts collect up to <c>max_digits</c> (10) keys, ended by the
/// <c>terminator</c> ("#" also when ""), each within <c>timeout_seconds</c>; any key collected is
/// the outcome "default" (→ next), none in every attempt is "max_retries" (→ timeout).
/// </summary>
internal sealed class GatherMapping : WhatomateMapping
{
    private const long MaxDigits = 10;

    public override string SourceType => "gather";
    public override string TargetType => "get_digits";

    protected override void Map(NodeMappingContext context)
    {
        var source = context.Source;
        var variable = context.Variable("store_as", "Whatomate");
        var terminator = source.String("terminator");
        context.Target.Put("variable", variable)
            .Put("max_digits", source.Integer("max_digits") is > 0 and var max ? max : MaxDigits)
            .Put("terminator", string.IsNullOrEmpty(terminator) ? "#" : terminator)
            .Put("timeout_ms", TimeoutMs(context))
            .Put("max_retries", Retries(context))
            .Put("prompt", Prompts.Whatomate(source));
    }

    public override IReadOnlyList<NodeResult> Results(Out.JsonObject config) =>
        [new(Default, "next", true), new("max_retries", "timeout")];
}
