using System.Globalization;
using System.Text.Json;
using Callytics.Compiler.Syntax;

namespace Callytics.Compiler.Binding.Fields;

/// <summary>A whole number within a range; binds to <see cref="int"/>.</summary>
public sealed class IntegerField(long minimum, long maximum) : FieldType<int>
{
    /// <summary>The smallest allowed value.</summary>
    public long Minimum { get; } = minimum;

    /// <summary>The largest allowed value.</summary>
    public long Maximum { get; } = maximum;

    /// <inheritdoc />
    public override void WriteSchema(Utf8JsonWriter writer)
    {
        writer.WriteString("type", "integer");
        writer.WriteNumber("minimum", Minimum);
        writer.WriteNumber("maximum", Maximum);
    }

    /// <inheritdoc />
    public override object? Bind(JsonNode value, string name, BindContext context)
    {
        if (value is not JsonNumber number) return WrongType(value, name, context, "an integer");
        if (!number.TryGetInt64(out var n) || n < Minimum || n > Maximum)
        {
            context.Diagnostics.ReportValueOutOfRange(value, context.NodeId, name, $"a whole number from {Minimum} to {Maximum}", number.Text);
            return Failed(context);
        }
        return (int)n;
    }
}

/// <summary>true or false.</summary>
public sealed class BooleanField : FieldType<bool>
{
    /// <summary>The one instance.</summary>
    public static readonly BooleanField Instance = new();

    /// <inheritdoc />
    public override void WriteSchema(Utf8JsonWriter writer) => writer.WriteString("type", "boolean");

    /// <inheritdoc />
    public override object? Bind(JsonNode value, string name, BindContext context) =>
        value is JsonBoolean b ? b.Value : WrongType(value, name, context, "true or false");
}

/// <summary>One of a fixed set of strings.</summary>
public sealed class EnumField(params string[] values) : FieldType<string>
{
    /// <summary>The allowed values.</summary>
    public IReadOnlyList<string> Values { get; } = values;

    /// <inheritdoc />
    public override void WriteSchema(Utf8JsonWriter writer)
    {
        writer.WriteString("type", "string");
        writer.WriteStartArray("enum");
        foreach (var v in Values) writer.WriteStringValue(v);
        writer.WriteEndArray();
    }

    /// <inheritdoc />
    public override object? Bind(JsonNode value, string name, BindContext context)
    {
        if (value is not JsonString s) return WrongType(value, name, context, "a string");
        if (Values.Contains(s.Value)) return s.Value;
        context.Diagnostics.ReportInvalidEnumValue(value, context.NodeId, name, Values, s.Value);
        return Failed(context);
    }
}

/// <summary>The kinds of plain text a field may hold, each with its own check.</summary>
public enum TextKind
{
    /// <summary>Any non-empty text.</summary>
    NonEmpty,
    /// <summary>A variable the node assigns.</summary>
    VariableWritten,
    /// <summary>A queue id (catalog reference).</summary>
    QueueId,
    /// <summary>A trunk id (catalog reference).</summary>
    TrunkId,
    /// <summary>A flow id (subflow, goto_flow).</summary>
    FlowId,
    /// <summary>A conference room name.</summary>
    RoomName,
    /// <summary>A mailbox or voice id.</summary>
    Identifier,
}

/// <summary>A string with a format check that depends on its <see cref="TextKind"/>.</summary>
public sealed class TextField(TextKind kind) : FieldType<string>
{
    private const string IdPattern = "^[A-Za-z0-9_.-]{1,64}$";

    /// <summary>What the text is.</summary>
    public TextKind Kind { get; } = kind;

    /// <inheritdoc />
    public override void WriteSchema(Utf8JsonWriter writer)
    {
        writer.WriteString("type", "string");
        switch (Kind)
        {
            case TextKind.NonEmpty: writer.WriteNumber("minLength", 1); break;
            case TextKind.VariableWritten: writer.WriteString("pattern", "^[a-z_][a-z0-9_]{0,63}$"); break;
            case TextKind.FlowId: writer.WriteString("pattern", "^[a-z0-9][a-z0-9_-]{0,63}$"); break;
            case TextKind.RoomName: writer.WriteString("pattern", "^[A-Za-z0-9_-]{1,64}$"); break;
            default: writer.WriteString("pattern", IdPattern); break;
        }
    }

    /// <inheritdoc />
    public override object? Bind(JsonNode value, string name, BindContext context)
    {
        if (value is not JsonString s) return WrongType(value, name, context, "a string");
        var text = s.Value;
        var d = context.Diagnostics;
        switch (Kind)
        {
            case TextKind.NonEmpty:
                if (text.Length == 0) { d.ReportEmptyString(value, context.NodeId, name); return Failed(context); }
                break;
            case TextKind.VariableWritten:
                if (!Callytics.Runtime.Helpers.VariableNames.IsValid(text)) { d.ReportInvalidVariableName(value.Start, value.Pointer, context.NodeId, text); return Failed(context); }
                context.Facts.Writes.Add(new VariableUse(text, value));
                break;
            case TextKind.FlowId:
                if (!Identifiers.IsFlowId(text)) { d.ReportInvalidFlowId(value, text); return Failed(context); }
                context.Facts.References.Add(new Reference(ReferenceKind.Flow, text, value));
                break;
            case TextKind.RoomName:
                if (!Identifiers.IsRoomName(text)) { d.ReportInvalidRoomName(value, context.NodeId, text); return Failed(context); }
                break;
            case TextKind.QueueId:
                if (!Identifiers.IsReferenceId(text)) { d.ReportInvalidReferenceId(value, context.NodeId, text, "queue"); return Failed(context); }
                context.Facts.References.Add(new Reference(ReferenceKind.Queue, text, value));
                break;
            case TextKind.TrunkId:
                if (!Identifiers.IsReferenceId(text)) { d.ReportInvalidReferenceId(value, context.NodeId, text, "trunk"); return Failed(context); }
                context.Facts.References.Add(new Reference(ReferenceKind.Trunk, text, value));
                break;
            default:
                if (!Identifiers.IsReferenceId(text)) { d.ReportInvalidReferenceId(value, context.NodeId, text, name); return Failed(context); }
                break;
        }
        return text;
    }
}

/// <summary>A list of queue ids (queue_login).</summary>
public sealed class QueueListField : FieldType<IReadOnlyList<string>>
{
    /// <summary>The one instance.</summary>
    public static readonly QueueListField Instance = new();
    private static readonly TextField Item = new(TextKind.QueueId);

    /// <inheritdoc />
    public override void WriteSchema(Utf8JsonWriter writer)
    {
        writer.WriteString("type", "array");
        writer.WriteNumber("minItems", 1);
        writer.WriteStartObject("items");
        Item.WriteSchema(writer);
        writer.WriteEndObject();
    }

    /// <inheritdoc />
    public override object? Bind(JsonNode value, string name, BindContext context)
    {
        if (value is not JsonArray array) return WrongType(value, name, context, "an array of queue ids");
        if (array.Items.Count == 0) { context.Diagnostics.ReportTooFewItems(value, context.NodeId, name, 1); return Failed(context); }
        var result = new List<string>();
        foreach (var item in array.Items)
            if (Item.Bind(item, name, context) is string id) result.Add(id);
        return result;
    }
}

/// <summary>Format checks for the ids of the language.</summary>
public static class Identifiers
{
    /// <summary><c>^[a-z0-9][a-z0-9_-]{0,63}$</c>.</summary>
    public static bool IsFlowId(string s) =>
        s.Length is >= 1 and <= 64 && (char.IsAsciiLetterLower(s[0]) || char.IsAsciiDigit(s[0]))
        && s.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '_' or '-');

    /// <summary><c>^[A-Za-z_][A-Za-z0-9_-]{0,63}$</c>.</summary>
    public static bool IsNodeId(string s) =>
        s.Length is >= 1 and <= 64 && (char.IsAsciiLetter(s[0]) || s[0] == '_')
        && s.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-');

    /// <summary><c>^[A-Za-z0-9_-]{1,64}$</c> (rooms, extensions, rule names).</summary>
    public static bool IsRoomName(string s) =>
        s.Length is >= 1 and <= 64 && s.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-');

    /// <summary><c>^[A-Za-z0-9_.-]{1,64}$</c> (catalog ids: audio, queues, trunks, mailboxes).</summary>
    public static bool IsReferenceId(string s) =>
        s.Length is >= 1 and <= 64 && s.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.');

    /// <summary>An integer as a string, for messages.</summary>
    public static string Text(long n) => n.ToString(CultureInfo.InvariantCulture);
}
