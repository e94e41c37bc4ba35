using System.Text.Json;
using Callytics.Compiler.Diagnostics;

namespace Callytics.Compiler.Reporting;

/// <summary>The output formats of <c>callyc check</c>: the same findings, three shapes.</summary>
public enum DiagnosticFormat
{
    /// <summary>MSBuild canonical lines, for terminals, editors and CI log annotations.</summary>
    Text,
    /// <summary>A JSON document, for tools and the admin API.</summary>
    Json,
    /// <summary>SARIF 2.1.0, for code-scanning annotations.</summary>
    Sarif,
}

/// <summary>Counts of findings by severity.</summary>
public sealed record DiagnosticSummary(int Files, int Errors, int Warnings, int Infos)
{
    /// <summary>Counts the findings of a run.</summary>
    public static DiagnosticSummary Of(int files, IEnumerable<Diagnostic> diagnostics)
    {
        int e = 0, w = 0, i = 0;
        foreach (var d in diagnostics)
        {
            switch (d.Severity)
            {
                case DiagnosticSeverity.Error: e++; break;
                case DiagnosticSeverity.Warning: w++; break;
                default: i++; break;
            }
        }
        return new DiagnosticSummary(files, e, w, i);
    }

    /// <summary>The one-line summary.</summary>
    public override string ToString() =>
        $"{Files} flow{(Files == 1 ? "" : "s")} checked: {Errors} error{(Errors == 1 ? "" : "s")}, {Warnings} warning{(Warnings == 1 ? "" : "s")}, {Infos} info";
}

/// <summary>Writes findings in each format.</summary>
public static class DiagnosticFormatter
{
    /// <summary>Raises warnings to errors (--warnaserror).</summary>
    public static IReadOnlyList<Diagnostic> WarningsAsErrors(IEnumerable<Diagnostic> diagnostics) =>
        diagnostics.Select(d => d.Severity == DiagnosticSeverity.Warning ? d with { Severity = DiagnosticSeverity.Error } : d).ToArray();

    /// <summary>Writes the findings and the summary.</summary>
    public static void Write(TextWriter output, DiagnosticFormat format, IReadOnlyList<Diagnostic> diagnostics, DiagnosticSummary summary, string toolVersion)
    {
        switch (format)
        {
            case DiagnosticFormat.Json:
                output.WriteLine(ToJson(diagnostics, summary));
                break;
            case DiagnosticFormat.Sarif:
                output.WriteLine(SarifWriter.ToSarif(diagnostics, toolVersion));
                break;
            default:
                foreach (var d in diagnostics) output.WriteLine(d.ToString());
                output.WriteLine(summary.ToString());
                break;
        }
    }

    /// <summary>The JSON form: <c>{ "diagnostics": [...], "summary": {...} }</c>.</summary>
    public static string ToJson(IReadOnlyList<Diagnostic> diagnostics, DiagnosticSummary summary)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteStartArray("diagnostics");
            foreach (var d in diagnostics) WriteDiagnostic(w, d);
            w.WriteEndArray();
            w.WriteStartObject("summary");
            w.WriteNumber("files", summary.Files);
            w.WriteNumber("errors", summary.Errors);
            w.WriteNumber("warnings", summary.Warnings);
            w.WriteNumber("infos", summary.Infos);
            w.WriteEndObject();
            w.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>Writes one finding as a JSON object.</summary>
    public static void WriteDiagnostic(Utf8JsonWriter w, Diagnostic d)
    {
        w.WriteStartObject();
        w.WriteString("id", d.Id);
        w.WriteString("severity", Diagnostic.SeverityText(d.Severity));
        w.WriteString("message", d.Message);
        w.WriteString("path", d.Path);
        w.WriteNumber("line", d.Line);
        w.WriteNumber("column", d.Column);
        w.WriteString("pointer", d.Pointer);
        if (d.NodeId is null) w.WriteNull("nodeId"); else w.WriteString("nodeId", d.NodeId);
        w.WriteString("help", d.Descriptor.HelpUri);
        w.WriteEndObject();
    }
}
