using Callytics.Compiler.Binding;
using Callytics.Compiler.Binding.Fields;
using Callytics.Compiler.Syntax;

namespace Callytics.Compiler.Tests.Support;

/// <summary>A minimal valid config for every node type, and which JSON kinds each field type accepts.</summary>
public static class NodeSamples
{
    private static readonly Dictionary<string, string> Configs = new(StringComparer.Ordinal)
    {
        ["start"] = "{}",
        ["play_audio"] = """{ "prompt": { "sound": "hello" } }""",
        ["get_digits"] = """{ "variable": "v" }""",
        ["menu"] = """{ "prompt": { "sound": "menu" }, "options": { "1": {} } }""",
        ["business_hours"] = """{ "timezone": "UTC", "schedule": { "monday": [{ "start": "09:00", "end": "17:00" }] } }""",
        ["transfer"] = """{ "destination": { "type": "extension", "value": "100" } }""",
        ["hunt_group"] = """{ "strategy": "ordered", "destinations": [{ "type": "extension", "value": "100" }] }""",
        ["queue"] = """{ "queue": "q" }""",
        ["queue_status"] = """{ "queue": "q" }""",
        ["queue_login"] = """{ "queues": ["q"] }""",
        ["conference"] = """{ "room": "r" }""",
        ["callback"] = "{}",
        ["voicemail"] = """{ "prompt": { "sound": "beep" } }""",
        ["webhook"] = """{ "url": "https://h.example.com/x" }""",
        ["http_request"] = """{ "url": "https://h.example.com/x" }""",
        ["set_variable"] = """{ "assign": { "v": "1" } }""",
        ["branch"] = """{ "rules": [] }""",
        ["subflow"] = """{ "flow": "f" }""",
        ["return"] = "{}",
        ["goto_flow"] = """{ "flow": "f" }""",
        ["hangup"] = "{}",
    };

    /// <summary>The sample config of a node type; fails loudly for a type added without a sample.</summary>
    public static System.Text.Json.Nodes.JsonObject Config(NodeType type) =>
        Configs.TryGetValue(type.Name, out var json)
            ? System.Text.Json.Nodes.JsonNode.Parse(json)!.AsObject()
            : throw new InvalidOperationException($"Add a sample config for node type '{type.Name}' to NodeSamples.");

    /// <summary>The JSON kinds a field type accepts at all (its value may still be out of range or badly formatted).</summary>
    public static IReadOnlySet<JsonKind> AcceptedKinds(FieldType type) => type switch
    {
        IntegerField => Kinds(JsonKind.Number),
        BooleanField => Kinds(JsonKind.Boolean),
        EnumField or TextField or TemplateField or TimeZoneField => Kinds(JsonKind.String),
        TerminatorField => Kinds(JsonKind.String, JsonKind.Null),
        HoldField => Kinds(JsonKind.String, JsonKind.Object),
        PromptField or DestinationField or MenuOptionsField or ScheduleField or HeadersField or VariableMapField => Kinds(JsonKind.Object),
        DestinationListField or QueueListField or BranchRulesField or HolidaysField => Kinds(JsonKind.Array),
        PayloadField => Kinds(Enum.GetValues<JsonKind>()),
        _ => throw new InvalidOperationException($"Say which JSON kinds {type.GetType().Name} accepts in NodeSamples.AcceptedKinds."),
    };

    private static HashSet<JsonKind> Kinds(params JsonKind[] kinds) => [.. kinds];

    /// <summary>
    /// A flow with start → the node "n" of <paramref name="type"/> whose config is given as raw JSON text.
    /// Graph findings about n's outputs may appear; tests look at the schema findings.
    /// </summary>
    public static string FlowWith(NodeType type, string configJson) => $$"""
        {
          "schemaVersion": 1,
          "id": "t",
          "nodes": [
            { "id": "start", "type": "start" },
            { "id": "n", "type": "{{type.Name}}", "config": {{configJson}} }
          ],
          "edges": [{ "source": "start", "target": "n" }]
        }
        """;
}
