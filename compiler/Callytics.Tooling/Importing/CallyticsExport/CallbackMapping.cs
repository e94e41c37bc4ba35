using Callytics.Compiler.Importing.Mapping;
using Callytics.Compiler.Syntax;
using Out = System.Text.Json.Nodes;

namespace Callytics.Compiler.Importing.CallyticsExport;

/// <summary>
/// Callytics <c>callback</c> → <c>callback</c> (terminal; Callytics returns 'done',
/// nodes/callback.executor.ts:270-425): <c>number_source</c> ani (the caller id) or dtmf with
/// <c>dtmf_prompt_audio_id</c> and <c>dtmf_max_digits</c> (11). Who calls back
/// (<c>destination_*</c>, <c>operator_id</c>) has no place in the flow language's callback.
/// </summary>
internal sealed class CallbackMapping : NodeMapping
{
    private const long DtmfMaxDigits = 11;

    public override string SourceType => "callback";
    public override string TargetType => "callback";

    public override void MapConfig(NodeMappingContext context)
    {
        var source = context.Source;
        var dtmf = source.Take("number_source") is JsonString { Value: "dtmf" };
        var prompt = Prompts.Callytics(source, "dtmf_prompt_audio_id", "dtmf_prompt_audio_path");
        context.Target.Put("number_source", dtmf ? "dtmf" : "caller_id");
        if (dtmf)
        {
            context.Target.Put("max_digits", source.Integer("dtmf_max_digits") ?? DtmfMaxDigits)
                .Put("prompt", prompt ?? Prompts.Silence(source, context.NodeSyntax, "dtmf_prompt_audio_id"));
        }
        else source.Ignore("dtmf_max_digits");
        source.Ignore("destination_type");
        CallyticsValues.NoEquivalent(source, "destination_value", "destination_trunk_id", "operator_id", "confirmation_audio_id");
    }

    public override IReadOnlyList<NodeResult> Results(Out.JsonObject config) => [new(CallyticsRouting.Done, null)];
}
