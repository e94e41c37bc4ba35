using Callytics.Compiler.Diagnostics;
using Callytics.Runtime.Catalog;
using Callytics.Runtime.Contract;
using Nodes = System.Text.Json.Nodes;

namespace Callytics.Compiler.Packaging;

/// <summary>
/// How a flow job's findings, prompts and catalog travel between the host and the compile worker
/// (one JSON line each way): every field of a <see cref="Diagnostic"/> is kept, and the descriptor is
/// found again by its id, so the host reports exactly what a check in its own process would.
/// </summary>
public static class FlowJobWire
{
    private static readonly Dictionary<string, DiagnosticDescriptor> Descriptors = DiagnosticDescriptors.All.ToDictionary(d => d.Id, StringComparer.Ordinal);

    /// <summary>Findings as a JSON array.</summary>
    public static Nodes.JsonArray ToJson(IEnumerable<Diagnostic> diagnostics) =>
    [
        .. diagnostics.Select(d => new Nodes.JsonObject
        {
            ["id"] = d.Id,
            ["severity"] = (int)d.Severity,
            ["message"] = d.Message,
            ["path"] = d.Path,
            ["line"] = d.Line,
            ["column"] = d.Column,
            ["pointer"] = d.Pointer,
            ["nodeId"] = d.NodeId,
        }),
    ];

    /// <summary>Findings from <see cref="ToJson(IEnumerable{Diagnostic})"/>.</summary>
    /// <exception cref="FormatException">A field is missing or an id is unknown.</exception>
    public static IReadOnlyList<Diagnostic> ReadDiagnostics(Nodes.JsonNode? array)
    {
        if (array is not Nodes.JsonArray items) throw new FormatException("no diagnostics array");
        var list = new List<Diagnostic>(items.Count);
        foreach (var item in items)
        {
            var id = Text(item, "id");
            if (!Descriptors.TryGetValue(id, out var descriptor)) throw new FormatException($"unknown diagnostic id '{id}'");
            list.Add(new Diagnostic(descriptor, (DiagnosticSeverity)Number(item, "severity"), Text(item, "message"), Text(item, "path"),
                Number(item, "line"), Number(item, "column"), Text(item, "pointer"), item?["nodeId"]?.GetValue<string>()));
        }
        return list;
    }

    /// <summary>A prompt as JSON.</summary>
    public static Nodes.JsonObject ToJson(Prompt prompt) => new() { ["kind"] = prompt.Kind.ToString(), ["value"] = prompt.Value, ["voice"] = prompt.Voice };

    /// <summary>A prompt from <see cref="ToJson(Prompt)"/>.</summary>
    /// <exception cref="FormatException">Not a prompt.</exception>
    public static Prompt ReadPrompt(Nodes.JsonNode? node) =>
        Enum.TryParse<PromptKind>(Text(node, "kind"), out var kind)
            ? new Prompt(kind, Text(node, "value"), node?["voice"]?.GetValue<string>())
            : throw new FormatException("unknown prompt kind");

    /// <summary>The parts of a catalog the checker reads, as JSON.</summary>
    public static Nodes.JsonObject ToJson(FlowCatalog catalog) => new()
    {
        ["audio"] = Map(catalog.Audio),
        ["queues"] = Map(catalog.Queues),
        ["trunks"] = Map(catalog.Trunks.ToDictionary(t => t.Key, t => t.Value.DialFormat)),
        ["endpoints"] = Map(catalog.Endpoints),
    };

    /// <summary>A catalog from <see cref="ToJson(FlowCatalog)"/>.</summary>
    /// <exception cref="FormatException">Not such a catalog.</exception>
    public static FlowCatalog ReadCatalog(Nodes.JsonNode? node) => new(
        ReadMap(node?["audio"]), ReadMap(node?["queues"]),
        ReadMap(node?["trunks"]).ToDictionary(t => t.Key, t => new Trunk(t.Value), StringComparer.Ordinal),
        ReadMap(node?["endpoints"]));

    private static Nodes.JsonObject Map(IEnumerable<KeyValuePair<string, string>> entries)
    {
        var map = new Nodes.JsonObject();
        foreach (var (key, value) in entries) map[key] = value;
        return map;
    }

    private static Dictionary<string, string> ReadMap(Nodes.JsonNode? node) =>
        node is Nodes.JsonObject map
            ? map.ToDictionary(e => e.Key, e => e.Value?.GetValue<string>() ?? throw new FormatException($"no value for '{e.Key}'"), StringComparer.Ordinal)
            : throw new FormatException("a catalog section is missing");

    private static string Text(Nodes.JsonNode? node, string key) =>
        node?[key] is Nodes.JsonValue v && v.TryGetValue<string>(out var text) ? text : throw new FormatException($"no '{key}'");

    private static int Number(Nodes.JsonNode? node, string key) =>
        node?[key] is Nodes.JsonValue v && v.TryGetValue<int>(out var n) ? n : throw new FormatException($"no '{key}'");
}
