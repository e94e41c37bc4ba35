using System.Text.Json;
using Callytics.Compiler.Syntax;
using Callytics.Runtime.Contract;
using Callytics.Runtime.Helpers;

namespace Callytics.Compiler.Binding.Fields;

/// <summary>A dial destination <c>{ type, value, trunk? }</c>; binds to <see cref="DialTarget"/>.</summary>
/// <param name="trunkRequiredForPstn">False where the node has its own trunk property (transfer checks it then).</param>
public sealed class DestinationField(bool trunkRequiredForPstn = true) : FieldType<DialTarget>
{
    /// <summary>A destination whose pstn form must name its trunk (hunt groups).</summary>
    public static readonly DestinationField Instance = new();

    private static readonly string[] Types = ["extension", "pstn", "sip_uri"];

    /// <inheritdoc />
    public override void WriteSchema(Utf8JsonWriter writer) => writer.WriteString("$ref", "#/definitions/destination");

    /// <summary>Writes the shared <c>destination</c> definition.</summary>
    public static void WriteDefinition(Utf8JsonWriter w)
    {
        w.WriteString("type", "object");
        w.WriteString("description", "Where to ring: an extension, a PSTN number (through a trunk) or a SIP URI.");
        w.WriteStartObject("properties");
        w.WriteStartObject("type"); w.WriteString("type", "string"); w.WriteStartArray("enum"); foreach (var t in Types) w.WriteStringValue(t); w.WriteEndArray(); w.WriteString("description", "extension: ^[A-Za-z0-9_-]{1,64}$; pstn: digits with optional +, spaces, dashes, dots and parentheses ignored; sip_uri: sip:user@host."); w.WriteEndObject();
        w.WriteStartObject("value"); w.WriteString("type", "string"); w.WriteNumber("minLength", 1); w.WriteString("description", "The extension, number or URI."); w.WriteEndObject();
        w.WriteStartObject("trunk"); w.WriteString("type", "string"); w.WriteString("pattern", "^[A-Za-z0-9_.-]{1,64}$"); w.WriteString("description", "The trunk that dials out (required for pstn); its dial_format is applied before dialing."); w.WriteEndObject();
        w.WriteEndObject();
        w.WriteStartArray("required"); w.WriteStringValue("type"); w.WriteStringValue("value"); w.WriteEndArray();
        w.WriteStartObject("patternProperties"); w.WriteStartObject("^x-"); w.WriteEndObject(); w.WriteEndObject();
        w.WriteBoolean("additionalProperties", false);
        w.WriteStartObject("if"); w.WriteStartObject("properties"); w.WriteStartObject("type"); w.WriteStartArray("enum"); w.WriteStringValue("pstn"); w.WriteEndArray(); w.WriteEndObject(); w.WriteEndObject(); w.WriteEndObject();
        w.WriteStartObject("then"); w.WriteStartArray("required"); w.WriteStringValue("trunk"); w.WriteEndArray(); w.WriteEndObject();
    }

    /// <inheritdoc />
    public override object? Bind(JsonNode value, string name, BindContext context)
    {
        if (value is not JsonObject obj) return WrongType(value, name, context, "a destination object");
        if (!ObjectShape.Check(obj, name, ["type", "value"], ["trunk"], context)) return null;
        var type = ObjectShape.String(obj, "type", "type", context);
        var text = ObjectShape.String(obj, "value", "value", context);
        if (type is null || text is null) return null;
        var d = context.Diagnostics;
        var valueNode = obj["value"]!;
        string? trunk = null;
        if (obj["trunk"] is { } trunkNode)
        {
            trunk = ObjectShape.String(obj, "trunk", "trunk", context);
            if (trunk is null) return null;
            if (!Identifiers.IsReferenceId(trunk)) { d.ReportInvalidReferenceId(trunkNode, context.NodeId, trunk, "trunk"); return Failed(context); }
            context.Facts.References.Add(new Reference(ReferenceKind.Trunk, trunk, trunkNode));
        }
        switch (type)
        {
            case "extension":
                if (!Identifiers.IsRoomName(text)) { d.ReportInvalidExtension(valueNode, context.NodeId, text); return Failed(context); }
                return new DialTarget(DestinationType.Extension, text, trunk);
            case "pstn":
                if (!PhoneNumbers.IsValid(text)) { d.ReportInvalidPstnNumber(valueNode, context.NodeId, text); return Failed(context); }
                if (trunk is null && trunkRequiredForPstn) { d.ReportPstnWithoutTrunk(value, context.NodeId); return Failed(context); }
                return new DialTarget(DestinationType.Pstn, text, trunk);
            case "sip_uri":
                if (!IsSipUri(text)) { d.ReportInvalidSipUri(valueNode, context.NodeId, text); return Failed(context); }
                return new DialTarget(DestinationType.SipUri, text, trunk);
            default:
                d.ReportInvalidEnumValue(obj["type"]!, context.NodeId, "type", Types, type);
                return Failed(context);
        }
    }

    /// <summary><c>sip:user@host</c>, where user and host have no spaces, '@' or control characters.</summary>
    public static bool IsSipUri(string text)
    {
        if (!text.StartsWith("sip:", StringComparison.Ordinal)) return false;
        var rest = text[4..];
        var at = rest.IndexOf('@');
        if (at <= 0 || at == rest.Length - 1 || rest.IndexOf('@', at + 1) >= 0) return false;
        return rest.All(c => c > ' ' && c != 0x7f && c is not ('<' or '>' or '"'));
    }
}

/// <summary>A list of 1 to 32 destinations (hunt groups).</summary>
public sealed class DestinationListField : FieldType<IReadOnlyList<DialTarget>>
{
    /// <summary>The one instance.</summary>
    public static readonly DestinationListField Instance = new();

    /// <summary>The most destinations a hunt group may ring.</summary>
    public const int MaxItems = 32;

    /// <inheritdoc />
    public override void WriteSchema(Utf8JsonWriter writer)
    {
        writer.WriteString("type", "array");
        writer.WriteNumber("minItems", 1);
        writer.WriteNumber("maxItems", MaxItems);
        writer.WriteStartObject("items"); DestinationField.Instance.WriteSchema(writer); writer.WriteEndObject();
    }

    /// <inheritdoc />
    public override object? Bind(JsonNode value, string name, BindContext context)
    {
        if (value is not JsonArray array) return WrongType(value, name, context, "an array of destinations");
        if (array.Items.Count == 0) { context.Diagnostics.ReportTooFewItems(value, context.NodeId, name, 1); return Failed(context); }
        if (array.Items.Count > MaxItems) { context.Diagnostics.ReportTooManyItems(value, context.NodeId, name, MaxItems, array.Items.Count); return Failed(context); }
        var result = new List<DialTarget>();
        foreach (var item in array.Items)
            if (DestinationField.Instance.Bind(item, name, context) is DialTarget target) result.Add(target);
        return result;
    }
}
