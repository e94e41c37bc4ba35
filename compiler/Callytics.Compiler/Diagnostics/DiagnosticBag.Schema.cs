using Callytics.Compiler.Syntax;
using D = Callytics.Compiler.Diagnostics.DiagnosticDescriptors;

namespace Callytics.Compiler.Diagnostics;

public sealed partial class DiagnosticBag
{
    /// <summary>CFL1001: at the value.</summary>
    public void ReportWrongType(JsonNode value, string? nodeId, string name, string expected) =>
        Report(D.WrongType, value, nodeId, name, expected, value.KindDescription);
    /// <summary>CFL1002: at the object missing the property.</summary>
    public void ReportMissingProperty(JsonNode obj, string? nodeId, string what, string property) =>
        Report(D.MissingProperty, obj, nodeId, what, property);
    /// <summary>CFL1003: at the unknown key.</summary>
    public void ReportUnknownProperty(JsonNode property, string? nodeId, IEnumerable<string> known) =>
        ReportAtKey(D.UnknownProperty, property, nodeId, property.Key, Suggestions.DidYouMean(property.Key!, known));
    /// <summary>CFL1004.</summary>
    public void ReportUnsupportedSchemaVersion(JsonNode value, string text) => Report(D.UnsupportedSchemaVersion, value, null, text);
    /// <summary>CFL1005.</summary>
    public void ReportInvalidFlowId(JsonNode value, string id) => Report(D.InvalidFlowId, value, null, id);
    /// <summary>CFL1006.</summary>
    public void ReportInvalidNodeId(JsonNode value, string id) => Report(D.InvalidNodeId, value, null, id);
    /// <summary>CFL1007.</summary>
    public void ReportUnknownNodeType(JsonNode value, string? nodeId, string type, IEnumerable<string> known) =>
        Report(D.UnknownNodeType, value, nodeId, type, Suggestions.DidYouMean(type, known));
    /// <summary>CFL1008: <paramref name="range"/> reads like "between 1 and 32".</summary>
    public void ReportValueOutOfRange(JsonNode value, string? nodeId, string name, string range, string actual) =>
        Report(D.ValueOutOfRange, value, nodeId, name, range, actual);
    /// <summary>CFL1009.</summary>
    public void ReportInvalidEnumValue(JsonNode value, string? nodeId, string name, IEnumerable<string> allowed, string actual) =>
        Report(D.InvalidEnumValue, value, nodeId, name, string.Join(", ", allowed), actual);
    /// <summary>CFL1010.</summary>
    public void ReportInvalidPrompt(JsonNode value, string? nodeId, string detail) => Report(D.InvalidPrompt, value, nodeId, detail);
    /// <summary>CFL1011.</summary>
    public void ReportInvalidTime(JsonNode value, string? nodeId, string text) => Report(D.InvalidTime, value, nodeId, text);
    /// <summary>CFL1012.</summary>
    public void ReportInvalidTimeZone(JsonNode value, string? nodeId, string text, IEnumerable<string> known) =>
        Report(D.InvalidTimeZone, value, nodeId, text, Suggestions.DidYouMean(text, known));
    /// <summary>CFL1013.</summary>
    public void ReportInvalidDate(JsonNode value, string? nodeId, string text) => Report(D.InvalidDate, value, nodeId, text);
    /// <summary>CFL1014.</summary>
    public void ReportInvalidUrl(JsonNode value, string? nodeId, string text) => Report(D.InvalidUrl, value, nodeId, text);
    /// <summary>CFL1015.</summary>
    public void ReportInvalidExtension(JsonNode value, string? nodeId, string text) => Report(D.InvalidExtension, value, nodeId, text);
    /// <summary>CFL1016.</summary>
    public void ReportInvalidPstnNumber(JsonNode value, string? nodeId, string text) => Report(D.InvalidPstnNumber, value, nodeId, text);
    /// <summary>CFL1017.</summary>
    public void ReportInvalidSipUri(JsonNode value, string? nodeId, string text) => Report(D.InvalidSipUri, value, nodeId, text);
    /// <summary>CFL1018: at the destination object.</summary>
    public void ReportPstnWithoutTrunk(JsonNode destination, string? nodeId) => Report(D.PstnWithoutTrunk, destination, nodeId);
    /// <summary>CFL1019.</summary>
    public void ReportInvalidVariableName(int offset, string pointer, string? nodeId, string name) => Report(D.InvalidVariableName, offset, pointer, nodeId, name);
    /// <summary>CFL1020.</summary>
    public void ReportInvalidTemplate(JsonNode value, string? nodeId, string reason) => Report(D.InvalidTemplate, value, nodeId, reason);
    /// <summary>CFL1020 for a key that is a template (a webhook payload's keys): at the key.</summary>
    public void ReportInvalidTemplateInKey(JsonNode property, string? nodeId, string reason) => ReportAtKey(D.InvalidTemplate, property, nodeId, reason);
    /// <summary>CFL1021.</summary>
    public void ReportTemplateInUrlAuthority(JsonNode value, string? nodeId, string url) => Report(D.TemplateInUrlAuthority, value, nodeId, url);
    /// <summary>CFL1022: at the key.</summary>
    public void ReportInvalidMenuKey(JsonNode option, string? nodeId) => ReportAtKey(D.InvalidMenuKey, option, nodeId, option.Key);
    /// <summary>CFL1023.</summary>
    public void ReportInvalidRegex(JsonNode value, string? nodeId, string pattern, string reason) => Report(D.InvalidRegex, value, nodeId, pattern, reason);
    /// <summary>CFL1024.</summary>
    public void ReportInvalidJsonPath(JsonNode value, string? nodeId, string path) => Report(D.InvalidJsonPath, value, nodeId, path);
    /// <summary>CFL1025.</summary>
    public void ReportInvalidRoomName(JsonNode value, string? nodeId, string room) => Report(D.InvalidRoomName, value, nodeId, room);
    /// <summary>CFL1026: at the minimum's value.</summary>
    public void ReportMinAboveMax(JsonNode min, string? nodeId, string minName, long minValue, string maxName, long maxValue) =>
        Report(D.MinAboveMax, min, nodeId, minName, minValue, maxName, maxValue);
    /// <summary>CFL1027.</summary>
    public void ReportTooFewItems(JsonNode value, string? nodeId, string name, int min) => Report(D.TooFewItems, value, nodeId, name, min);
    /// <summary>CFL1028.</summary>
    public void ReportTooManyItems(JsonNode value, string? nodeId, string name, int max, int actual) => Report(D.TooManyItems, value, nodeId, name, max, actual);
    /// <summary>CFL1029.</summary>
    public void ReportDuplicateRuleName(JsonNode value, string? nodeId, string name) => Report(D.DuplicateRuleName, value, nodeId, name);
    /// <summary>CFL1030: <paramref name="problem"/> reads like "needs a numeric value".</summary>
    public void ReportInvalidRuleValue(JsonNode at, string? nodeId, string op, string problem) => Report(D.InvalidRuleValue, at, nodeId, op, problem);
    /// <summary>CFL1031.</summary>
    public void ReportInvalidRuleName(JsonNode value, string? nodeId, string name) => Report(D.InvalidRuleName, value, nodeId, name);
    /// <summary>CFL1032.</summary>
    public void ReportInvalidReferenceId(JsonNode value, string? nodeId, string id, string kind) => Report(D.InvalidReferenceId, value, nodeId, id, kind);
    /// <summary>CFL1033: at the header's key.</summary>
    public void ReportInvalidHeaderName(JsonNode header, string? nodeId) => ReportAtKey(D.InvalidHeaderName, header, nodeId, header.Key);
    /// <summary>CFL1034.</summary>
    public void ReportEmptyString(JsonNode value, string? nodeId, string name) => Report(D.EmptyString, value, nodeId, name);
    /// <summary>CFL1035.</summary>
    public void ReportDuplicateHoliday(JsonNode value, string? nodeId, string date) => Report(D.DuplicateHoliday, value, nodeId, date);
}
