using System.Text.Json.Nodes;
using Callytics.Compiler.Diagnostics;
using Callytics.Compiler.Reporting;
using Callytics.Runtime.Storage.Flows;

namespace Callytics.Runtime.Host.Admin;

/// <summary>The admin API's JSON answers: errors carry a <c>message</c> and the compiler's <c>diagnostics</c>.</summary>
internal static class AdminJson
{
    /// <summary>An error answer: <c>{ "message": ..., "diagnostics": [...] }</c>.</summary>
    public static IResult Error(int status, string message, IReadOnlyList<Diagnostic>? diagnostics = null) =>
        Results.Content(WithDiagnostics(new JsonObject { ["message"] = message }, diagnostics ?? []).ToJsonString(), "application/json", statusCode: status);

    /// <summary>A success answer with the diagnostics: <c>{ ..., "diagnostics": [...], "summary": {...} }</c>.</summary>
    public static IResult Ok(JsonObject body, IReadOnlyList<Diagnostic> diagnostics) =>
        Results.Content(WithDiagnostics(body, diagnostics).ToJsonString(), "application/json");

    /// <summary>A flow document (stored JSON text) as the body.</summary>
    public static IResult Document(string json) => Results.Content(json, "application/json");

    /// <summary>A version as the editor's client reads it.</summary>
    public static JsonObject Version(FlowVersionInfo info) => new()
    {
        ["flowId"] = info.FlowId,
        ["version"] = info.Version,
        ["publishedBy"] = info.PublishedBy,
        ["publishedAt"] = info.PublishedAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        ["message"] = info.Message,
        ["assemblySha256"] = info.AssemblySha256,
    };

    private static JsonObject WithDiagnostics(JsonObject body, IReadOnlyList<Diagnostic> diagnostics)
    {
        var formatted = JsonNode.Parse(DiagnosticFormatter.ToJson(diagnostics, DiagnosticSummary.Of(1, diagnostics)))!.AsObject();
        body["diagnostics"] = formatted["diagnostics"]!.DeepClone();
        body["summary"] = formatted["summary"]!.DeepClone();
        return body;
    }
}
