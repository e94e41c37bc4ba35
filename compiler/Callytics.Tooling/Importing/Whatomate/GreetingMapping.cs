using Callytics.Compiler.Importing.Mapping;
using Out = System.Text.Json.Nodes;

namespace Callytics.Compiler.Importing.Whatomate;

/// <summary>Whatomate <c>greeting</c> → <c>play_audio</c> (ivr.go executeGreeting: plays, stops at a key when <c>interruptible</c>, outcome "default").</summary>
internal sealed class GreetingMapping : WhatomateMapping
{
    public override string SourceType => "greeting";
    public override string TargetType => "play_audio";

    protected override void Map(NodeMappingContext context) => context.Target
        .Put("prompt", Prompts.Whatomate(context.Source) ?? Prompts.Silence(context.Source, context.NodeSyntax, "audio_file"))
        .Put("interruptible", context.Source.Boolean("interruptible"));

    public override IReadOnlyList<NodeResult> Results(Out.JsonObject config) => Single(Default);
}
