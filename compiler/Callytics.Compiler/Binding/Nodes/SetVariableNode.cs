using Callytics.Compiler.Binding.Fields;
using Callytics.Runtime.Helpers;

namespace Callytics.Compiler.Binding.Nodes;

/// <summary>Assigns variables from templates, in order.</summary>
public sealed record SetVariableNode(NodeInfo Info, IReadOnlyList<KeyValuePair<string, Template>> Assign) : BoundNode(Info);

internal sealed class SetVariableNodeType : NodeType
{
    public override string Name => "set_variable";
    public override string Description => "Assigns variables from templates, in the order written.";
    public override bool Waits => false;
    /// <summary>The config fields, declared once: schema, binding, defaults and the editor's form come from here.</summary>
    internal static class Config
    {
        public static readonly ConfigField<IReadOnlyList<KeyValuePair<string, object>>> Assign = Field.Required("assign", VariableMapField.Assign, "Variable → template, e.g. { \"greeting\": \"Hello {{caller_id}}\" }.");
    }

    public override IReadOnlyList<ConfigField> Fields { get; } = [Config.Assign];
    public override IReadOnlyList<OutputSpec> GetOutputs(BoundNode node) => [OutputSpec.RequiredNext];
    public override BoundNode Bind(NodeInfo info, ConfigValues config, BindContext context) =>
        new SetVariableNode(info, (config.Get(Config.Assign) ?? []).Select(e => new KeyValuePair<string, Template>(e.Key, (Template)e.Value)).ToArray());
}
