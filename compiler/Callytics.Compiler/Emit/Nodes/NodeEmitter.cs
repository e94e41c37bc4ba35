using Callytics.Compiler.Binding;

namespace Callytics.Compiler.Emit.Nodes;

/// <summary>Writes the static data and the method of one node type. One subclass per node type, listed in <see cref="NodeEmitters"/>.</summary>
public abstract class NodeEmitter
{
    /// <summary>The node type this emitter writes.</summary>
    public abstract string NodeType { get; }

    /// <summary>Writes the node's fields and method.</summary>
    public abstract void Emit(BoundNode node, EmitContext context);

    /// <summary>Writes <c>private Effect Node_x(CallState s, Outcome o, IStepContext ctx) { … }</c> (<c>internal static</c> in a part).</summary>
    internal static void Method(BoundNode node, EmitContext context, Action body)
    {
        context.Writer.Open($"{context.Modifiers(node, isStatic: false)} Effect {context.Method(node)}(CallState s, Outcome o, IStepContext ctx)");
        body();
        context.Writer.Close();
    }

    /// <summary>Writes <c>if (o is EnterOutcome) return &lt;field&gt;;</c>: the effect a node asks for on entry.</summary>
    internal static void OnEnterReturn(EmitContext context, string field) =>
        context.Writer.Line($"if (o is EnterOutcome) return {field};");

    /// <summary>
    /// The common shape "perform one effect, then leave through <c>next</c>" (play_audio,
    /// conference, subflow): the effect as a static field, returned on entry.
    /// </summary>
    internal static void EffectThenNext(BoundNode node, EmitContext context, string fieldKind, string effectType, string arguments)
    {
        var field = context.Field(node, fieldKind);
        context.Writer.Line($"private static readonly {effectType} {field} = new({arguments});");
        Method(node, context, () =>
        {
            OnEnterReturn(context, field);
            context.LeaveOrHangUp(node, "next");
        });
    }

    /// <summary>Writes a block whose statements leave the node (so each branch ends in its own return).</summary>
    internal static void Block(EmitContext context, string header, Action body)
    {
        context.Writer.Open(header);
        body();
        context.Writer.Close();
    }
}

/// <summary>A node emitter for the bound record type <typeparamref name="TNode"/>.</summary>
public abstract class NodeEmitter<TNode> : NodeEmitter where TNode : BoundNode
{
    /// <inheritdoc />
    public sealed override string NodeType => NodeRegistry.Of<TNode>().Name;

    /// <inheritdoc />
    public sealed override void Emit(BoundNode node, EmitContext context) => Emit((TNode)node, context);

    /// <summary>Writes a node of this type.</summary>
    protected abstract void Emit(TNode node, EmitContext context);
}
