using Callytics.Compiler.Syntax;
using D = Callytics.Compiler.Diagnostics.DiagnosticDescriptors;

namespace Callytics.Compiler.Diagnostics;

public sealed partial class DiagnosticBag
{
    /// <summary>CFL6001: at the node's type value.</summary>
    public void ReportImportUnknownNodeType(JsonNode type, string nodeId, string typeName) =>
        Report(D.ImportUnknownNodeType, type, nodeId, nodeId, typeName);

    /// <summary>CFL6002: at the key of the source property that was not imported.</summary>
    public void ReportImportUnmappedKey(JsonNode property, string nodeId) =>
        ReportAtKey(D.ImportUnmappedKey, property, nodeId, property.Key ?? property.Pointer, nodeId, Preview(property));

    /// <summary>CFL6003: at the edge (or the part of it that could not be mapped).</summary>
    public void ReportImportUnmappedEdge(JsonNode at, string from, string to, string reason) =>
        Report(D.ImportUnmappedEdge, at, null, $"{from} → {to}", reason);

    /// <summary>CFL6004: at the value that shows the document is not what --from said.</summary>
    public void ReportImportInvalidDocument(JsonNode at, string product, string problem) =>
        Report(D.ImportInvalidDocument, at, null, product, problem);

    /// <summary>CFL6004 for a file that has no JSON tree at all (its input findings are already reported).</summary>
    public void ReportImportInvalidDocument(string product, string problem) =>
        Report(D.ImportInvalidDocument, 0, "", null, product, problem);

    /// <summary>CFL6005: at the source value that was changed on the way in.</summary>
    public void ReportImportValueAdapted(JsonNode value, string nodeId, string what, string how) =>
        Report(D.ImportValueAdapted, value, nodeId, what, nodeId, how);

    /// <summary>A short rendering of a source value for messages (long values are cut).</summary>
    private static string Preview(JsonNode value)
    {
        var text = value switch
        {
            JsonString s => "\"" + s.Value + "\"",
            JsonNumber n => n.Text,
            JsonBoolean b => b.Value ? "true" : "false",
            JsonNull => "null",
            JsonArray a => $"a list of {a.Items.Count}",
            JsonObject o => $"an object with {o.Properties.Count} key(s)",
            _ => value.KindDescription,
        };
        return text.Length > 60 ? text[..57] + "..." : text;
    }
}
