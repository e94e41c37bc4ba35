using Callytics.Compiler.Binding.Fields;
using Callytics.Runtime.Contract;

namespace Callytics.Compiler.Binding.Nodes;

/// <summary>Plays a prompt, then continues.</summary>
public sealed record PlayAudioNode(NodeInfo Info, Prompt Prompt, bool Interruptible) : BoundNode(Info);

internal sealed class PlayAudioNodeType : NodeType
{
    public override string Name => "play_audio";
    public override string Description => "Plays a prompt, then continues on next.";
    /// <summary>The config fields, declared once: schema, binding, defaults and the editor's form come from here.</summary>
    internal static class Config
    {
        public static readonly ConfigField<Prompt?> Prompt = Field.Prompt("prompt", "The prompt to play.", required: true);
        public static readonly ConfigField<bool> Interruptible = Field.Boolean("interruptible", "When true a key press stops playback; the key is kept as type-ahead for the next input node.", false);
    }

    public override IReadOnlyList<ConfigField> Fields { get; } = [Config.Prompt, Config.Interruptible];
    public override IReadOnlyList<OutputSpec> GetOutputs(BoundNode node) => [OutputSpec.RequiredNext];
    public override BoundNode Bind(NodeInfo info, ConfigValues config, BindContext context) =>
        new PlayAudioNode(info, (config.Get(Config.Prompt) ?? Prompt.Sound("")), config.Get(Config.Interruptible));
}
