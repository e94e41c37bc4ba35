using Callytics.Compiler.Binding.Fields;

namespace Callytics.Compiler.Binding.Nodes;

/// <summary>Where every call begins. Exactly one per flow; nothing may enter it.</summary>
/// <param name="InputTimeoutMs">The flow's default wait for caller input.</param>
public sealed record StartNode(NodeInfo Info, int InputTimeoutMs) : BoundNode(Info);

internal sealed class StartNodeType : NodeType
{
    public override string Name => "start";
    public override string Description => "Where every call begins. Exactly one per flow; no edge may enter it.";
    public override bool Waits => false;
    /// <summary>The config fields, declared once: schema, binding, defaults and the editor's form come from here.</summary>
    internal static class Config
    {
        public static readonly ConfigField<int> InputTimeoutMs = Field.Milliseconds("input_timeout_ms", "Default wait for caller input in this flow (menus and get_digits without their own timeout_ms).", 10_000, 500);
    }

    public override IReadOnlyList<ConfigField> Fields { get; } = [Config.InputTimeoutMs];
    public override IReadOnlyList<OutputSpec> GetOutputs(BoundNode node) => [OutputSpec.RequiredNext];
    public override BoundNode Bind(NodeInfo info, ConfigValues config, BindContext context) => new StartNode(info, config.Get(Config.InputTimeoutMs));
}
