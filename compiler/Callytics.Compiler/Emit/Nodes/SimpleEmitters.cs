using Callytics.Compiler.Binding.Nodes;

namespace Callytics.Compiler.Emit.Nodes;

/// <summary>start: straight on to next.</summary>
internal sealed class StartEmitter : NodeEmitter<StartNode>
{
    protected override void Emit(StartNode node, EmitContext c) =>
        Method(node, c, () => c.LeaveOrHangUp(node, "next"));
}

/// <summary>play_audio: play, then next.</summary>
internal sealed class PlayAudioEmitter : NodeEmitter<PlayAudioNode>
{
    protected override void Emit(PlayAudioNode node, EmitContext c) =>
        EffectThenNext(node, c, "Play", "PlayEffect", $"[{CSharp.Prompt(node.Prompt)}], Interruptible: {CSharp.Bool(node.Interruptible)}");
}

/// <summary>set_variable: assign in order, then next.</summary>
internal sealed class SetVariableEmitter : NodeEmitter<SetVariableNode>
{
    protected override void Emit(SetVariableNode node, EmitContext c)
    {
        var field = c.Field(node, "Assign");
        c.Writer.Line($"private static readonly KeyValuePair<string, Template>[] {field} =");
        c.Writer.OpenArray();
        foreach (var (name, template) in node.Assign)
            c.Writer.Line($"new({CSharp.Literal(name)}, Template.Parse({CSharp.Literal(template.Text)})),");
        c.Writer.CloseArray(";");
        Method(node, c, () =>
        {
            c.Writer.Line($"foreach (var (name, value) in {field}) s.Set(name, value.Render(s, ctx.UtcNow, TemplateEscaping.None));");
            c.LeaveOrHangUp(node, "next");
        });
    }
}

/// <summary>conference: join the room; next when the caller leaves it.</summary>
internal sealed class ConferenceEmitter : NodeEmitter<ConferenceNode>
{
    protected override void Emit(ConferenceNode node, EmitContext c) =>
        EffectThenNext(node, c, "Conference", "ConferenceEffect", $"{CSharp.Literal(node.Room)}, MaxParticipants: {node.MaxParticipants}, MohWhenAlone: {CSharp.Bool(node.MohWhenAlone)}");
}

/// <summary>subflow: enter the other flow; next when it returns.</summary>
internal sealed class SubflowEmitter : NodeEmitter<SubflowNode>
{
    protected override void Emit(SubflowNode node, EmitContext c) =>
        EffectThenNext(node, c, "Call", "EnterFlowEffect", $"{CSharp.Literal(node.Flow)}, IsSubflow: true, ReturnNode: {CSharp.Literal(node.Id)}");
}

/// <summary>return: back to the calling flow (the engine hangs up at top level).</summary>
internal sealed class ReturnEmitter : NodeEmitter<ReturnNode>
{
    protected override void Emit(ReturnNode node, EmitContext c) =>
        Method(node, c, () =>
        {
            c.FireWebhooks(node, "next");
            c.Writer.Line("return ReturnEffect.Instance;");
        });
}

/// <summary>goto_flow: continue in the other flow's start, for good.</summary>
internal sealed class GotoFlowEmitter : NodeEmitter<GotoFlowNode>
{
    protected override void Emit(GotoFlowNode node, EmitContext c)
    {
        var field = c.Field(node, "Goto");
        c.Writer.Line($"private static readonly EnterFlowEffect {field} = new({CSharp.Literal(node.Flow)}, IsSubflow: false, ReturnNode: {CSharp.Literal(node.Id)});");
        Method(node, c, () =>
        {
            c.FireWebhooks(node, "next");
            c.Writer.Line($"return {field};");
        });
    }
}

/// <summary>hangup: goodbye and hang up.</summary>
internal sealed class HangupEmitter : NodeEmitter<HangupNode>
{
    protected override void Emit(HangupNode node, EmitContext c)
    {
        var field = c.Field(node, "Hangup");
        c.Writer.Line($"private static readonly HangupEffect {field} = new({CSharp.Prompt(node.Prompt)});");
        Method(node, c, () =>
        {
            c.FireWebhooks(node, "next");
            c.Writer.Line($"return {field};");
        });
    }
}
