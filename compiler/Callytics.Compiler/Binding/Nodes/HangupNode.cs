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
    public override IReadOnlyList<ConfigField> Fields { get; } =
    [
        Field.Prompt("prompt", "A goodbye played before hanging up."),
    ];
    public override IReadOnlyList<OutputSpec> GetOutputs(BoundNode node) => [];
    public override BoundNode Bind(NodeInfo info, ConfigValues config, BindContext context) => new HangupNode(info, config.Get<Prompt?>("prompt", null));
}
