using Callytics.Compiler.Binding.Fields;

namespace Callytics.Compiler.Binding.Nodes;

/// <summary>Calls another flow; comes back to <c>next</c> when it reaches a return node. Variables are shared.</summary>
public sealed record SubflowNode(NodeInfo Info, string Flow) : BoundNode(Info);

/// <summary>Goes back to the flow that called this one through a subflow node.</summary>
public sealed record ReturnNode(NodeInfo Info) : BoundNode(Info);

/// <summary>Continues in another flow's start, for good; variables carried over.</summary>
public sealed record GotoFlowNode(NodeInfo Info, string Flow) : BoundNode(Info);

internal sealed class SubflowNodeType : NodeType
{
    public override string Name => "subflow";
    public override string Description => "Calls another flow and continues on next when it reaches a return node; variables are shared both ways.";
    // A called flow normally prompts (that is what sub-menus are for), so a retry loop through a
    // subflow is not reported as endless; the engine still stops a call that loops through flows without waiting.
    /// <summary>The config fields, declared once: schema, binding, defaults and the editor's form come from here.</summary>
    internal static class Config
    {
        public static readonly ConfigField<string> Flow = Field.Required("flow", new TextField(TextKind.FlowId), "The id of the flow to call.");
    }

    public override IReadOnlyList<ConfigField> Fields { get; } = [Config.Flow];
    public override IReadOnlyList<OutputSpec> GetOutputs(BoundNode node) => [OutputSpec.RequiredNext];
    public override BoundNode Bind(NodeInfo info, ConfigValues config, BindContext context) => new SubflowNode(info, (config.Get(Config.Flow) ?? ""));
}

internal sealed class ReturnNodeType : NodeType
{
    public override string Name => "return";
    public override string Description => "Returns to the calling flow's subflow node; in a top-level call it hangs up.";
    public override bool IsTerminal => true;
    public override bool Waits => false;
    public override IReadOnlyList<ConfigField> Fields { get; } = [];
    public override IReadOnlyList<OutputSpec> GetOutputs(BoundNode node) => [];
    public override BoundNode Bind(NodeInfo info, ConfigValues config, BindContext context) => new ReturnNode(info);
}

internal sealed class GotoFlowNodeType : NodeType
{
    public override string Name => "goto_flow";
    public override string Description => "Continues in another flow's start, for good; variables are carried over.";
    public override bool IsTerminal => true;
    public override bool Waits => false;
    /// <summary>The config fields, declared once: schema, binding, defaults and the editor's form come from here.</summary>
    internal static class Config
    {
        public static readonly ConfigField<string> Flow = Field.Required("flow", new TextField(TextKind.FlowId), "The id of the flow to continue in.");
    }

    public override IReadOnlyList<ConfigField> Fields { get; } = [Config.Flow];
    public override IReadOnlyList<OutputSpec> GetOutputs(BoundNode node) => [];
    public override BoundNode Bind(NodeInfo info, ConfigValues config, BindContext context) => new GotoFlowNode(info, (config.Get(Config.Flow) ?? ""));
}
