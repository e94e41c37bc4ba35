using Callytics.Runtime.Contract;

namespace Callytics.Runtime.Machines;

/// <summary>
/// The base class of generated machines. Generated code supplies <see cref="Dispatch"/> (one
/// method per node); this class runs node after node until one asks for an effect, and guards
/// against endless loops that the analyzer could not rule out.
/// </summary>
public abstract class FlowMachine : IFlowMachine
{
    /// <summary>Transitions one step may take without asking for an effect before the call is ended.</summary>
    public const int MaxSilentTransitions = 10_000;

    /// <summary>Creates the machine.</summary>
    protected FlowMachine(FlowIdentity identity, string startNode)
    {
        Identity = identity;
        StartNode = startNode;
    }

    /// <inheritdoc />
    public FlowIdentity Identity { get; }

    /// <inheritdoc />
    public string StartNode { get; }

    /// <inheritdoc />
    public Effect Step(CallState state, Outcome outcome, IStepContext context)
    {
        for (var i = 0; i < MaxSilentTransitions; i++)
        {
            var effect = Dispatch(state, outcome, context);
            if (effect is not null) return effect;
            outcome = Outcome.Enter;
        }
        throw new MachineLoopException(Identity, state.Node);
    }

    /// <summary>The shape of a generated node method: runs the node, returns its effect or null after moving on.</summary>
    protected delegate Effect? NodeMethod(CallState state, Outcome outcome, IStepContext context);

    /// <summary>Runs the current node: returns the effect it needs, or null after moving the call to another node.</summary>
    protected abstract Effect? Dispatch(CallState state, Outcome outcome, IStepContext context);

    /// <summary>Moves the call along an output into <paramref name="to"/>; returns null so <see cref="Step"/> enters it.</summary>
    protected static Effect? Go(CallState state, IStepContext context, string from, string output, string to)
    {
        context.OnTransition(from, output, to);
        state.Enter(to);
        return null;
    }

    /// <summary>Leaves through an output that is not connected and whose behaviour then is to hang up.</summary>
    protected static Effect HangUp(IStepContext context, string from, string output, Prompt? goodbye = null)
    {
        context.OnTransition(from, output, null);
        return new HangupEffect(goodbye);
    }

    /// <summary>Thrown for a node id the machine does not have (a corrupt checkpoint).</summary>
    protected static Effect UnknownNode(CallState state) =>
        throw new InvalidOperationException($"Flow has no node '{state.Node}'.");
}

/// <summary>A step ran <see cref="FlowMachine.MaxSilentTransitions"/> transitions without waiting for anything.</summary>
public sealed class MachineLoopException(FlowIdentity flow, string node)
    : Exception($"Flow '{flow.FlowId}' v{flow.Version} looped without waiting for the caller (last node '{node}').");
