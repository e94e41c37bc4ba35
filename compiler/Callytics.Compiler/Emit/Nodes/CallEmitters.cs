using Callytics.Compiler.Binding;
using Callytics.Compiler.Binding.Nodes;
using Callytics.Runtime.Contract;

namespace Callytics.Compiler.Emit.Nodes;

/// <summary>Shared by transfer and hunt_group: the dial effect and its two outputs.</summary>
internal static class DialEmission
{
    public static string Target(DialTarget t) =>
        $"new DialTarget(DestinationType.{t.Type}, {CSharp.Literal(t.Value)}, {CSharp.LiteralOrNull(t.Trunk)})";

    public static void Emit(BoundNode node, EmitContext c, IEnumerable<DialTarget> targets, DialStrategy strategy, int ringMs, int totalMs, bool record, bool moh)
    {
        var field = c.Field(node, "Dial");
        var w = c.Writer;
        w.Line($"private static readonly DialEffect {field} = new(");
        w.Indented(() =>
        {
            w.Line("[");
            w.Indented(() => { foreach (var t in targets) w.Line(Target(t) + ","); });
            w.Line("],");
            w.Line($"DialStrategy.{strategy}, RingTimeoutMs: {ringMs}, TotalTimeoutMs: {totalMs}, RecordCall: {CSharp.Bool(record)}, MusicOnHold: {CSharp.Bool(moh)});");
        });
        NodeEmitter.Method(node, c, () =>
        {
            w.Line($"if (o is EnterOutcome) return {field};");
            NodeEmitter.Block(c, "if (o is DialOutcome { Result: DialResult.Completed })", () => c.LeaveOrHangUp(node, "completed"));
            c.LeaveOrHangUp(node, "no_answer");
        });
    }
}

/// <summary>transfer: ring one destination.</summary>
internal sealed class TransferEmitter : NodeEmitter<TransferNode>
{
    protected override void Emit(TransferNode node, EmitContext c) =>
        DialEmission.Emit(node, c, [node.Destination], DialStrategy.Ordered, node.TimeoutMs, node.TimeoutMs, node.RecordCall, node.MusicOnHold);
}

/// <summary>hunt_group: ring several.</summary>
internal sealed class HuntGroupEmitter : NodeEmitter<HuntGroupNode>
{
    protected override void Emit(HuntGroupNode node, EmitContext c) =>
        DialEmission.Emit(node, c, node.Destinations, node.Strategy, node.RingTimeoutMs, node.TotalTimeoutMs, node.RecordCall, moh: false);
}

/// <summary>queue: wait for an operator; completed, timeout, or abandoned (webhooks only).</summary>
internal sealed class QueueEmitter : NodeEmitter<QueueNode>
{
    protected override void Emit(QueueNode node, EmitContext c)
    {
        var field = c.Field(node, "Queue");
        var w = c.Writer;
        w.Line($"private static readonly QueueEffect {field} = new({CSharp.Literal(node.Queue)}, MaxWaitMs: {node.MaxWaitMs}, Hold: {CSharp.Prompt(node.Hold)}, RecordCall: {CSharp.Bool(node.RecordCall)});");
        Method(node, c, () =>
        {
            OnEnterReturn(c, field);
            w.Line("var result = ((QueueOutcome)o).Result;");
            Block(c, "if (result == QueueResult.Completed)", () => c.LeaveOrHangUp(node, "completed"));
            Block(c, "if (result == QueueResult.Timeout)", () => c.LeaveOrHangUp(node, "timeout"));
            w.Line("// The caller hung up while waiting: only webhooks follow.");
            c.FireWebhooks(node, "abandoned");
            w.Line($"return HangUp(ctx, {CSharp.Literal(node.Id)}, \"abandoned\");");
        });
    }
}

/// <summary>queue_status: read the queue's live state, set its variables, route (QueueStatusLogic).</summary>
internal sealed class QueueStatusEmitter : NodeEmitter<QueueStatusNode>
{
    protected override void Emit(QueueStatusNode node, EmitContext c)
    {
        var field = c.Field(node, "QueueStatus");
        var spec = c.Field(node, "QueueStatusSpec");
        var w = c.Writer;
        var busyConnected = c.IsConnected(node, "busy");
        w.Line($"private static readonly QueueStatusEffect {field} = new({CSharp.Literal(node.Queue)});");
        w.Line($"private static readonly QueueStatusSpec {spec} = new(BusyWhenWaiting: {Nullable(node.BusyWhenWaiting)}, BusyWhenWaitMs: {Nullable(node.BusyWhenWaitMs)}, BusyConnected: {CSharp.Bool(busyConnected)});");
        Method(node, c, () =>
        {
            OnEnterReturn(c, field);
            w.Line($"var result = QueueStatusLogic.Decide({spec}, s, (QueueStatusOutcome)o);");
            Block(c, "if (result == QueueStatusResult.Unstaffed)", () => c.LeaveOrHangUp(node, "unstaffed"));
            if (busyConnected) Block(c, "if (result == QueueStatusResult.Busy)", () => c.LeaveOrHangUp(node, "busy"));
            c.LeaveOrHangUp(node, "staffed");
        });
    }

    private static string Nullable(int? value) => value is { } v ? v.ToString(System.Globalization.CultureInfo.InvariantCulture) : "null";
}

/// <summary>Terminal nodes that perform one effect, then fire their webhooks and end the call.</summary>
internal abstract class TerminalEffectEmitter<TNode> : NodeEmitter<TNode> where TNode : BoundNode
{
    protected abstract string FieldKind { get; }
    protected abstract string EffectType { get; }
    protected abstract string Arguments(TNode node);

    protected sealed override void Emit(TNode node, EmitContext c)
    {
        var field = c.Field(node, FieldKind);
        c.Writer.Line($"private static readonly {EffectType} {field} = new({Arguments(node)});");
        Method(node, c, () =>
        {
            OnEnterReturn(c, field);
            c.FireWebhooks(node, "next");
            c.Writer.Line("return new HangupEffect(null);");
        });
    }
}

/// <summary>queue_login: PIN, then the operator waits for callers.</summary>
internal sealed class QueueLoginEmitter : TerminalEffectEmitter<QueueLoginNode>
{
    protected override string FieldKind => "Login";
    protected override string EffectType => "QueueLoginEffect";
    protected override string Arguments(QueueLoginNode n) =>
        $"{CSharp.StringList(n.Queues)}, PinMaxDigits: {n.PinMaxDigits}, MaxAttempts: {n.MaxAttempts}, Prompt: {CSharp.Prompt(n.Prompt)}, InvalidPrompt: {CSharp.Prompt(n.InvalidPrompt)}, SuccessPrompt: {CSharp.Prompt(n.SuccessPrompt)}";
}

/// <summary>callback: take the number, store the pending callback.</summary>
internal sealed class CallbackEmitter : TerminalEffectEmitter<CallbackNode>
{
    protected override string FieldKind => "Callback";
    protected override string EffectType => "CallbackEffect";
    protected override string Arguments(CallbackNode n) =>
        $"CallbackNumberSource.{n.NumberSource}, MaxDigits: {n.MaxDigits}, Prompt: {CSharp.Prompt(n.Prompt)}, ConfirmPrompt: {CSharp.Prompt(n.ConfirmPrompt)}, Queue: {CSharp.LiteralOrNull(n.Queue)}";
}

/// <summary>voicemail: record the message.</summary>
internal sealed class VoicemailEmitter : TerminalEffectEmitter<VoicemailNode>
{
    protected override string FieldKind => "Voicemail";
    protected override string EffectType => "VoicemailEffect";
    protected override string Arguments(VoicemailNode n) =>
        $"{CSharp.Prompt(n.Prompt)}, MaxDurationSeconds: {n.MaxDurationSeconds}, Format: {CSharp.Literal(n.Format)}, Beep: {CSharp.Bool(n.Beep)}, Mailbox: {CSharp.Literal(n.Mailbox)}";
}
