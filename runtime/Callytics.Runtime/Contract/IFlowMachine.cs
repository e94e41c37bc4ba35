namespace Callytics.Runtime.Contract;

/// <summary>
/// A compiled flow. The generated state machine decides what happens next; the engine performs
/// the effect it asks for and feeds the outcome back. A machine keeps no state of its own: all of
/// a call's state is in <see cref="CallState"/>, so a call can be checkpointed between steps.
/// </summary>
public interface IFlowMachine
{
    /// <summary>The flow id, version and semantic hash this machine was compiled from.</summary>
    FlowIdentity Identity { get; }

    /// <summary>The id of the flow's start node, where a new call (or a goto into this flow) begins.</summary>
    string StartNode { get; }

    /// <summary>
    /// Advances the call until it needs something done. On entering a node, <paramref name="outcome"/>
    /// is <see cref="Outcome.Enter"/>; afterwards it is the outcome of the effect the node asked for.
    /// Nodes that need nothing from outside (set_variable, branch, business_hours) run within one step.
    /// </summary>
    Effect Step(CallState state, Outcome outcome, IStepContext context);
}

/// <summary>Who a compiled machine is: the flow, its published version, and the sha256 of its semantic JSON.</summary>
public sealed record FlowIdentity(string FlowId, int Version, string SemanticHash);

/// <summary>Put on generated assemblies so that a loader can identify a flow without running it.</summary>
[AttributeUsage(AttributeTargets.Assembly | AttributeTargets.Class, AllowMultiple = false)]
public sealed class CompiledFlowAttribute(string flowId, int version, string semanticHash, string machineType) : Attribute
{
    /// <summary>The flow id.</summary>
    public string FlowId { get; } = flowId;
    /// <summary>The published version number.</summary>
    public int Version { get; } = version;
    /// <summary>sha256 (hex) of the flow's semantic JSON, layout excluded.</summary>
    public string SemanticHash { get; } = semanticHash;
    /// <summary>Full name of the class implementing <see cref="IFlowMachine"/>.</summary>
    public string MachineType { get; } = machineType;
}
