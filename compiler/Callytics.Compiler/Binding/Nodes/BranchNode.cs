using Callytics.Compiler.Binding.Fields;

namespace Callytics.Compiler.Binding.Nodes;

/// <summary>Routes on variables: the first matching rule wins, else <c>default</c>.</summary>
public sealed record BranchNode(NodeInfo Info, IReadOnlyList<BranchRule> Rules) : BoundNode(Info)
{
    /// <summary>The output for a rule.</summary>
    public static string OutputFor(string rule) => BranchNodeType.RulePrefix + rule;
}

internal sealed class BranchNodeType : NodeType
{
    public const string RulePrefix = "rule:";

    public override string Name => "branch";
    public override string Description => "Routes on variables: the first rule that matches wins, else default.";
    public override bool Waits => false;
    public override string? DynamicOutputPrefix => RulePrefix;
    /// <summary>The config fields, declared once: schema, binding, defaults and the editor's form come from here.</summary>
    internal static class Config
    {
        public static readonly ConfigField<IReadOnlyList<BranchRule>> Rules = Field.Required("rules", BranchRulesField.Instance, "Rules tried in order: { name, when: { variable, op, value } }.");
    }

    public override IReadOnlyList<ConfigField> Fields { get; } = [Config.Rules];
    public override IReadOnlyList<OutputSpec> GetOutputs(BoundNode node)
    {
        var outputs = ((BranchNode)node).Rules.Select(r => new OutputSpec(BranchNode.OutputFor(r.Name), true)).ToList();
        outputs.Add(new("default", true));
        return outputs;
    }
    public override BoundNode Bind(NodeInfo info, ConfigValues config, BindContext context) => new BranchNode(info, (config.Get(Config.Rules) ?? []));
}
