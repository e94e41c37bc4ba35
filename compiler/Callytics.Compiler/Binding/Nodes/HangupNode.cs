using Callytics.Compiler.Binding.Fields;
using Callytics.Runtime.Contract;

namespace Callytics.Compiler.Binding.Nodes;

/// <summary>Ends the call, optionally after a goodbye.</summary>
public sealed record HangupNode(NodeInfo Info, Prompt? Prompt) : BoundNode(Info);

internal sealed class HangupNodeType : NodeType
{
    public override string Name => "hangup";
    public override string Description => "Ends the call, optionally after a goodbye prompt.";
    public override bool IsTerminal => true;
    /// <summary>The config fields, declared once: schema, binding, defaults and the editor's form come from here.</summary>
    internal static class Config
    {
        public static readonly ConfigField<Prompt?> Prompt = Field.Prompt("prompt", "A goodbye played before hanging up.");
    }

    public override IReadOnlyList<ConfigField> Fields { get; } = [Config.Prompt];
    public override IReadOnlyList<OutputSpec> GetOutputs(BoundNode node) => [];
    public override BoundNode Bind(NodeInfo info, ConfigValues config, BindContext context) => new HangupNode(info, config.Get(Config.Prompt));
}
