using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Callytics.Compiler.Syntax;
using Callytics.Runtime.Helpers;

namespace Callytics.Compiler.Binding.Fields;

/// <summary>A menu option: the keys pressed and a label for people.</summary>
public sealed record MenuOption(string Key, string Label);

/// <summary>Menu options: an object whose keys are 1-2 of <c>0-9 * #</c>, values <c>{ "label": "…" }</c>.</summary>
public sealed class MenuOptionsField : FieldType<IReadOnlyList<MenuOption>>
{
    /// <summary>The one instance.</summary>
    public static readonly MenuOptionsField Instance = new();

    /// <summary>The key pattern.</summary>
    public const string KeyPattern = "^[0-9*#]{1,2}$";

    /// <inheritdoc />
    public override void WriteSchema(Utf8JsonWriter w)
    {
        w.WriteString("type", "object");
        w.WriteNumber("minProperties", 1);
        // patternProperties + additionalProperties: false rather than propertyNames, which NJsonSchema does not check.
        w.WriteStartObject("patternProperties");
        w.WriteStartObject(KeyPattern);
        w.WriteString("type", "object");
        w.WriteStartObject("properties"); w.WriteStartObject("label"); w.WriteString("type", "string"); w.WriteString("description", "What the option is for (shown on the canvas)."); w.WriteEndObject(); w.WriteEndObject();
        w.WriteStartObject("patternProperties"); w.WriteStartObject("^x-"); w.WriteEndObject(); w.WriteEndObject();
        w.WriteBoolean("additionalProperties", false);
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteBoolean("additionalProperties", false);
    }

    /// <inheritdoc />
    public override object? Bind(JsonNode value, string name, BindContext context)
    {
        if (value is not JsonObject obj) return WrongType(value, name, context, "an object of options keyed by digits");
        if (obj.Properties.Count == 0) { context.Diagnostics.ReportTooFewItems(value, context.NodeId, name, 1); return Failed(context); }
        var options = new List<MenuOption>();
        foreach (var option in obj.Properties)
        {
            var key = option.Key!;
            if (!IsKey(key)) { context.Diagnostics.ReportInvalidMenuKey(option, context.NodeId); Failed(context); continue; }
            if (option is not JsonObject body) { WrongType(option, key, context, "an object { \"label\": … }"); continue; }
            if (!ObjectShape.Check(body, $"option {key}", [], ["label"], context)) continue;
            var label = body["label"] is null ? "" : ObjectShape.String(body, "label", "label", context);
            if (label is null) continue;
            options.Add(new MenuOption(key, label));
        }
        return options;
    }

    /// <summary>True for a valid option key.</summary>
    public static bool IsKey(string key) => key.Length is 1 or 2 && key.All(c => c is (>= '0' and <= '9') or '*' or '#');
}

/// <summary>A branch rule: a name (the output <c>rule:&lt;name&gt;</c>) and a condition.</summary>
public sealed record BranchRule(string Name, BranchCondition Condition);

/// <summary>Branch rules: <c>[{ "name", "when": { "variable", "op", "value"? } }]</c>.</summary>
public sealed class BranchRulesField : FieldType<IReadOnlyList<BranchRule>>
{
    /// <summary>The one instance.</summary>
    public static readonly BranchRulesField Instance = new();

    /// <inheritdoc />
    public override void WriteSchema(Utf8JsonWriter w)
    {
        w.WriteString("type", "array");
        w.WriteStartObject("items");
        w.WriteString("type", "object");
        w.WriteStartObject("properties");
        w.WriteStartObject("name"); w.WriteString("type", "string"); w.WriteString("pattern", "^[A-Za-z0-9_-]{1,64}$"); w.WriteString("description", "The rule's name; its output is rule:<name>."); w.WriteEndObject();
        w.WriteStartObject("when");
        w.WriteString("type", "object");
        w.WriteString("description", "The condition: a variable, an operator and (except for empty / not_empty) a value.");
        w.WriteStartObject("properties");
        w.WriteStartObject("variable"); w.WriteString("type", "string"); w.WriteString("pattern", "^[a-z_][a-z0-9_]{0,63}$"); w.WriteString("description", "The variable tested."); w.WriteEndObject();
        w.WriteStartObject("op"); w.WriteString("type", "string"); w.WriteStartArray("enum"); foreach (var op in BranchCondition.OperatorNames) w.WriteStringValue(op); w.WriteEndArray(); w.WriteString("description", "eq, ne (text), lt, gt (numeric), contains, matches (regex, time-limited), empty, not_empty."); w.WriteEndObject();
        w.WriteStartObject("value"); w.WriteStartArray("type"); w.WriteStringValue("string"); w.WriteStringValue("number"); w.WriteEndArray(); w.WriteString("description", "The value compared with (not for empty / not_empty)."); w.WriteEndObject();
        w.WriteEndObject();
        w.WriteStartArray("required"); w.WriteStringValue("variable"); w.WriteStringValue("op"); w.WriteEndArray();
        w.WriteBoolean("additionalProperties", false);
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteStartArray("required"); w.WriteStringValue("name"); w.WriteStringValue("when"); w.WriteEndArray();
        w.WriteStartObject("patternProperties"); w.WriteStartObject("^x-"); w.WriteEndObject(); w.WriteEndObject();
        w.WriteBoolean("additionalProperties", false);
        w.WriteEndObject();
    }

    /// <inheritdoc />
    public override object? Bind(JsonNode value, string name, BindContext context)
    {
        if (value is not JsonArray array) return WrongType(value, name, context, "an array of rules");
        var rules = new List<BranchRule>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in array.Items)
        {
            if (item is not JsonObject rule) { WrongType(item, name, context, "a rule object"); continue; }
            if (!ObjectShape.Check(rule, "rule", ["name", "when"], [], context)) continue;
            var ruleName = ObjectShape.String(rule, "name", "name", context);
            if (ruleName is null) continue;
            if (!Identifiers.IsRoomName(ruleName)) { context.Diagnostics.ReportInvalidRuleName(rule["name"]!, context.NodeId, ruleName); Failed(context); continue; }
            if (!names.Add(ruleName)) { context.Diagnostics.ReportDuplicateRuleName(rule["name"]!, context.NodeId, ruleName); Failed(context); continue; }
            if (BindCondition(rule["when"]!, context) is { } condition) rules.Add(new BranchRule(ruleName, condition));
        }
        return rules;
    }

    private static BranchCondition? BindCondition(JsonNode node, BindContext context)
    {
        if (node is not JsonObject when) { WrongType(node, "when", context, "a condition object"); return null; }
        if (!ObjectShape.Check(when, "when", ["variable", "op"], ["value"], context)) return null;
        var variable = ObjectShape.String(when, "variable", "variable", context);
        var opName = ObjectShape.String(when, "op", "op", context);
        if (variable is null || opName is null) return null;
        var d = context.Diagnostics;
        if (!VariableNames.IsValid(variable)) { d.ReportInvalidVariableName(when["variable"]!.Start, when["variable"]!.Pointer, context.NodeId, variable); Failed(context); return null; }
        if (!BranchCondition.TryParseOperator(opName, out var op)) { d.ReportInvalidEnumValue(when["op"]!, context.NodeId, "op", BranchCondition.OperatorNames, opName); Failed(context); return null; }
        context.Facts.Reads.Add(new VariableUse(variable, when["variable"]!));

        var valueNode = when["value"];
        string? text = valueNode switch
        {
            null => null,
            JsonString s => s.Value,
            JsonNumber n => n.Text,
            _ => null,
        };
        if (valueNode is not null && text is null) { WrongType(valueNode, "value", context, "a string or a number"); return null; }
        switch (op)
        {
            case BranchOperator.Empty or BranchOperator.NotEmpty:
                if (valueNode is not null) { d.ReportInvalidRuleValue(valueNode, context.NodeId, opName, "takes no value"); Failed(context); return null; }
                return new BranchCondition(variable, op, "");
            case BranchOperator.Lt or BranchOperator.Gt:
                if (text is null || !decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
                {
                    d.ReportInvalidRuleValue(valueNode ?? when, context.NodeId, opName, "needs a numeric value");
                    Failed(context);
                    return null;
                }
                return new BranchCondition(variable, op, text);
            default:
                if (text is null) { d.ReportInvalidRuleValue(when, context.NodeId, opName, "needs a value"); Failed(context); return null; }
                if (op == BranchOperator.Matches)
                {
                    try
                    {
                        _ = new Regex(text, RegexOptions.CultureInvariant, BranchCondition.RegexTimeout);
                    }
                    catch (ArgumentException e)
                    {
                        d.ReportInvalidRegex(valueNode!, context.NodeId, text, e.Message);
                        Failed(context);
                        return null;
                    }
                }
                return new BranchCondition(variable, op, text);
        }
    }
}
