using Callytics.Compiler.Binding.Fields;
using Callytics.Runtime.Contract;

namespace Callytics.Compiler.Binding.Nodes;

/// <summary>Plays a prompt, then continues.</summary>
public sealed record PlayAudioNode(NodeInfo Info, Prompt Prompt, bool Interruptible) : BoundNode(Info);

internal sealed class PlayAudioNodeType : NodeType
{
    public override string Name => "play_audio";
    public override string Description => "Plays a prompt, then continues on next.";
    public override IReadOnlyList<ConfigField> Fields { get; } =
    [
        Field.Prompt("prompt", "The prompt to play.", required: true),
        Field.Boolean("interruptible", "When true a key press stops playback; the key is kept as type-ahead for the next input node.", false),
    ];
    public override IReadOnlyList<OutputSpec> GetOutputs(BoundNode node) => [OutputSpec.RequiredNext];
    public override BoundNode Bind(NodeInfo info, ConfigValues config, BindContext context) =>
        new PlayAudioNode(info, config.Get("prompt", Prompt.Sound("")), config.Bool("interruptible"));
}
