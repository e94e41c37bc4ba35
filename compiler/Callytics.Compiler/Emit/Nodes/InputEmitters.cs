using Callytics.Compiler.Binding.Nodes;

namespace Callytics.Compiler.Emit.Nodes;

/// <summary>menu: MenuLogic decides; this maps its decisions onto the node's outputs.</summary>
internal sealed class MenuEmitter : NodeEmitter<MenuNode>
{
    protected override void Emit(MenuNode node, EmitContext c)
    {
        var field = c.Field(node, "Menu");
        var w = c.Writer;
        w.Line($"private static readonly MenuSpec {field} = new(");
        w.Indented(() =>
        {
            w.Line($"Prompt: {CSharp.Prompt(node.Prompt)},");
            w.Line($"Keys: {CSharp.StringList(node.Options.Select(o => o.Key))},");
            w.Line($"TimeoutMs: {c.InputTimeout(node.TimeoutMs)}, InterDigitTimeoutMs: {node.InterDigitTimeoutMs}, MaxRetries: {node.MaxRetries},");
            w.Line($"InvalidPrompt: {CSharp.Prompt(node.InvalidPrompt)},");
            w.Line($"TimeoutPrompt: {CSharp.Prompt(node.TimeoutPrompt)},");
            w.Line($"FinalPrompt: {CSharp.Prompt(node.FinalPrompt)},");
            w.Line($"Interruptible: {CSharp.Bool(node.Interruptible)},");
            w.Line($"InvalidConnected: {CSharp.Bool(c.IsConnected(node, "invalid"))}, TimeoutConnected: {CSharp.Bool(c.IsConnected(node, "timeout"))}, MaxRetriesConnected: {CSharp.Bool(c.IsConnected(node, "max_retries"))});");
        });
        Method(node, c, () =>
        {
            w.Line($"var decision = MenuLogic.Step({field}, s, o);");
            w.Line("if (decision.Result == MenuResult.Wait) return decision.Effect;");
            foreach (var (result, output) in new[] { ("Invalid", "invalid"), ("Timeout", "timeout"), ("MaxRetries", "max_retries") })
            {
                if (!c.IsConnected(node, output)) continue;
                Block(c, $"if (decision.Result == MenuResult.{result})", () => c.LeaveOrHangUp(node, output));
            }
            w.Open("switch (decision.Key)");
            foreach (var option in node.Options)
            {
                var label = option.Label.Length > 0 ? " // " + CSharp.Comment(option.Label) : "";
                w.Line($"case {CSharp.Literal(option.Key)}:{label}");
                w.Indented(() => c.LeaveOrHangUp(node, MenuNode.OutputFor(option.Key)));
            }
            w.Line("default:");
            w.Indented(() => w.Line("return UnknownNode(s);"));
            w.Close();
        });
    }
}

/// <summary>get_digits: DigitsLogic collects; next with the variable set, or timeout.</summary>
internal sealed class GetDigitsEmitter : NodeEmitter<GetDigitsNode>
{
    protected override void Emit(GetDigitsNode node, EmitContext c)
    {
        var field = c.Field(node, "Digits");
        var w = c.Writer;
        w.Line($"private static readonly DigitsSpec {field} = new(");
        w.Indented(() =>
        {
            w.Line($"Variable: {CSharp.Literal(node.Variable)}, Prompt: {CSharp.Prompt(node.Prompt)},");
            w.Line($"MaxDigits: {node.MaxDigits}, MinDigits: {node.MinDigits}, Terminator: {CSharp.Literal(node.Terminator)},");
            w.Line($"TimeoutMs: {c.InputTimeout(node.TimeoutMs)}, InterDigitTimeoutMs: {node.InterDigitTimeoutMs}, MaxRetries: {node.MaxRetries},");
            w.Line($"TimeoutConnected: {CSharp.Bool(c.IsConnected(node, "timeout"))});");
        });
        Method(node, c, () =>
        {
            w.Line($"var result = DigitsLogic.Step({field}, s, o, out var effect);");
            w.Line("if (result == DigitsResult.Wait) return effect;");
            if (c.IsConnected(node, "timeout"))
                Block(c, "if (result == DigitsResult.Timeout)", () => c.LeaveOrHangUp(node, "timeout"));
            c.LeaveOrHangUp(node, "next");
        });
    }
}
