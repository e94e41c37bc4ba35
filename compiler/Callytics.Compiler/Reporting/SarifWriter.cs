using System.Text.Json;
using Callytics.Compiler.Diagnostics;

namespace Callytics.Compiler.Reporting;

/// <summary>SARIF 2.1.0 output, the format code-scanning services read to annotate pull requests.</summary>
public static class SarifWriter
{
    /// <summary>The SARIF document for a run.</summary>
    public static string ToSarif(IReadOnlyList<Diagnostic> diagnostics, string toolVersion)
    {
        var rules = diagnostics.Select(d => d.Descriptor).DistinctBy(d => d.Id).OrderBy(d => d.Id, StringComparer.Ordinal).ToList();
        var ruleIndex = rules.Select((r, i) => (r.Id, i)).ToDictionary(p => p.Id, p => p.i);
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
            w.WriteString("version", "2.1.0");
            w.WriteStartArray("runs");
            w.WriteStartObject();
            w.WriteStartObject("tool");
            w.WriteStartObject("driver");
            w.WriteString("name", "callyc");
            w.WriteString("version", toolVersion);
            w.WriteString("informationUri", "https://github.com/callytics/flow-compiler");
            w.WriteStartArray("rules");
            foreach (var rule in rules)
            {
                w.WriteStartObject();
                w.WriteString("id", rule.Id);
                w.WriteString("name", rule.Title.Replace(" ", ""));
                w.WriteStartObject("shortDescription"); w.WriteString("text", rule.Title); w.WriteEndObject();
                w.WriteStartObject("help"); w.WriteString("text", rule.Help); w.WriteEndObject();
                w.WriteString("helpUri", rule.HelpUri);
                w.WriteStartObject("defaultConfiguration"); w.WriteString("level", Level(rule.Severity)); w.WriteEndObject();
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteStartArray("results");
            foreach (var d in diagnostics)
            {
                w.WriteStartObject();
                w.WriteString("ruleId", d.Id);
                w.WriteNumber("ruleIndex", ruleIndex[d.Id]);
                w.WriteString("level", Level(d.Severity));
                w.WriteStartObject("message"); w.WriteString("text", d.Message); w.WriteEndObject();
                w.WriteStartArray("locations");
                w.WriteStartObject();
                w.WriteStartObject("physicalLocation");
                w.WriteStartObject("artifactLocation"); w.WriteString("uri", d.Path.Replace('\\', '/')); w.WriteEndObject();
                w.WriteStartObject("region"); w.WriteNumber("startLine", d.Line); w.WriteNumber("startColumn", d.Column); w.WriteEndObject();
                w.WriteEndObject();
                if (d.Pointer.Length > 0 || d.NodeId is not null)
                {
                    w.WriteStartArray("logicalLocations");
                    w.WriteStartObject();
                    w.WriteString("fullyQualifiedName", d.Pointer.Length > 0 ? d.Pointer : "/");
                    if (d.NodeId is not null) w.WriteString("name", d.NodeId);
                    w.WriteString("kind", "element");
                    w.WriteEndObject();
                    w.WriteEndArray();
                }
                w.WriteEndObject();
                w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    private static string Level(DiagnosticSeverity severity) => severity switch
    {
        DiagnosticSeverity.Error => "error",
        DiagnosticSeverity.Warning => "warning",
        _ => "note",
    };
}
