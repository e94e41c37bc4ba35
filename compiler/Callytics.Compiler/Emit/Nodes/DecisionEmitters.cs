using System.Globalization;
using Callytics.Compiler.Binding.Nodes;
using Callytics.Runtime.Helpers;

namespace Callytics.Compiler.Emit.Nodes;

/// <summary>business_hours: evaluate the schedule in its zone at the moment the node is reached.</summary>
internal sealed class BusinessHoursEmitter : NodeEmitter<BusinessHoursNode>
{
    private static readonly string[] Days = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

    protected override void Emit(BusinessHoursNode node, EmitContext c)
    {
        var field = c.Field(node, "Hours");
        var w = c.Writer;
        w.Line($"private static readonly BusinessHours {field} = new({CSharp.Literal(node.TimeZone)},");
        w.Indented(() =>
        {
            w.Line("[");
            w.Indented(() =>
            {
                for (var d = 0; d < 7; d++)
                    w.Line($"[{string.Join(", ", node.Week[d].Select(Range))}], // {Days[d]}{Describe(node.Week[d])}");
            });
            w.Line("],");
            w.Line("[");
            w.Indented(() =>
            {
                foreach (var h in node.Holidays)
                {
                    var ranges = h.Ranges is null ? "null" : $"[{string.Join(", ", h.Ranges.Select(Range))}]";
                    w.Line($"new Holiday({CSharp.Literal(h.Date)}, {CSharp.Literal(h.Name)}, {ranges}),");
                }
            });
            w.Line("]);");
        });
        Method(node, c, () =>
        {
            w.Line($"var now = {field}.Evaluate(ctx.UtcNow);");
            Block(c, "if (now == BusinessHoursResult.InHours)", () => c.LeaveOrHangUp(node, "in_hours"));
            if (c.IsConnected(node, "holiday"))
                Block(c, "if (now == BusinessHoursResult.Holiday)", () => c.LeaveOrHangUp(node, "holiday"));
            c.LeaveOrHangUp(node, "out_of_hours");
        });
    }

    private static string Range(TimeRange r) => $"new TimeRange({r.StartMinute}, {r.EndMinute})";

    private static string Describe(IReadOnlyList<TimeRange> ranges) =>
        ranges.Count == 0 ? ": closed" : ": " + string.Join(", ", ranges.Select(r => $"{Clock(r.StartMinute)}-{Clock(r.EndMinute)}"));

    private static string Clock(int minutes) => $"{minutes / 60:00}:{minutes % 60:00}".ToString(CultureInfo.InvariantCulture);
}

/// <summary>branch: the first rule that matches wins, else default.</summary>
internal sealed class BranchEmitter : NodeEmitter<BranchNode>
{
    protected override void Emit(BranchNode node, EmitContext c)
    {
        var field = c.Field(node, "Rules");
        var w = c.Writer;
        w.Line($"private static readonly BranchCondition[] {field} =");
        w.OpenArray();
        foreach (var rule in node.Rules)
            w.Line($"new({CSharp.Literal(rule.Condition.Variable)}, BranchOperator.{rule.Condition.Operator}, {CSharp.Literal(rule.Condition.Value)}), // {CSharp.Comment(rule.Name)}");
        w.CloseArray(";");
        Method(node, c, () =>
        {
            for (var i = 0; i < node.Rules.Count; i++)
            {
                var rule = node.Rules[i];
                Block(c, $"if ({field}[{i}].Test(s.Get({CSharp.Literal(rule.Condition.Variable)})))", () => c.LeaveOrHangUp(node, BranchNode.OutputFor(rule.Name)));
            }
            c.LeaveOrHangUp(node, "default");
        });
    }
}
