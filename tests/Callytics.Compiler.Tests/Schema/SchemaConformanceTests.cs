using Callytics.Compiler.Checking;
using Callytics.Compiler.Schema;
using Callytics.Compiler.Tests.Support;
using Callytics.TestSupport;
using NJsonSchema;

namespace Callytics.Compiler.Tests.Schema;

/// <summary>
/// schema/flow.schema.json is generated from the node registry; these tests keep the checked-in file
/// in step (set CALLYTICS_APPROVE=1 to rewrite it), check that it is a valid draft-07 schema, and
/// that it agrees with the checker on valid flows and on schema errors.
/// </summary>
public class SchemaConformanceTests
{
    private static readonly Lazy<JsonSchema> FlowSchema = new(() => JsonSchema.FromJsonAsync(File.ReadAllText(RepoPaths.Schema), RepoPaths.Schema).GetAwaiter().GetResult());

    [Fact]
    public void Checked_in_schema_equals_the_generated_one()
    {
        var generated = FlowSchemaGenerator.Generate();
        if (Environment.GetEnvironmentVariable("CALLYTICS_APPROVE") == "1") File.WriteAllText(RepoPaths.Schema, generated);
        var checkedIn = File.ReadAllText(RepoPaths.Schema).ReplaceLineEndings("\n");
        Assert.True(checkedIn == generated,
            "schema/flow.schema.json is out of date: run `callyc schema --out schema/flow.schema.json` or the tests with CALLYTICS_APPROVE=1.");
    }

    [Fact]
    public async Task Schema_is_a_valid_draft_07_schema()
    {
        var metaSchema = await JsonSchema.FromJsonAsync(WithoutBooleanSchemas(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Schema", "json-schema-draft-07.json"))));
        var text = File.ReadAllText(RepoPaths.Schema);
        var errors = metaSchema.Validate(text);
        Assert.True(errors.Count == 0, string.Join("\n", errors.Select(e => $"{e.Path}: {e.Kind}")));
        Assert.Equal("http://json-schema.org/draft-07/schema#", FlowSchema.Value.SchemaVersion);
        // Every node type has its definition, and every definition that is referenced exists.
        foreach (var type in Binding.NodeRegistry.All)
            Assert.True(FlowSchema.Value.Definitions.ContainsKey("node_" + type.Name) && FlowSchema.Value.Definitions.ContainsKey("config_" + type.Name), type.Name);
    }

    /// <summary>
    /// NJsonSchema 10.7 cannot read boolean schemas, which the draft-07 meta-schema uses for "any value"
    /// (a property's <c>true</c>, <c>"items": true</c>); <c>{}</c> means the same.
    /// </summary>
    private static string WithoutBooleanSchemas(string metaSchema)
    {
        var root = System.Text.Json.Nodes.JsonNode.Parse(metaSchema)!;
        foreach (var node in Flatten(root).ToList())
        {
            if (node is not System.Text.Json.Nodes.JsonObject obj) continue;
            if (obj["items"] is System.Text.Json.Nodes.JsonValue { } items && items.GetValueKind() == System.Text.Json.JsonValueKind.True) obj["items"] = new System.Text.Json.Nodes.JsonObject();
            if (obj["properties"] is System.Text.Json.Nodes.JsonObject properties)
                foreach (var name in properties.Where(p => p.Value?.GetValueKind() == System.Text.Json.JsonValueKind.True).Select(p => p.Key).ToList())
                    properties[name] = new System.Text.Json.Nodes.JsonObject();
        }
        return root.ToJsonString();

        static IEnumerable<System.Text.Json.Nodes.JsonNode> Flatten(System.Text.Json.Nodes.JsonNode node)
        {
            yield return node;
            var children = node switch
            {
                System.Text.Json.Nodes.JsonObject o => o.Select(p => p.Value),
                System.Text.Json.Nodes.JsonArray a => a.AsEnumerable(),
                _ => [],
            };
            foreach (var child in children.OfType<System.Text.Json.Nodes.JsonNode>())
                foreach (var d in Flatten(child)) yield return d;
        }
    }

    [Fact]
    public void Every_property_has_a_description()
    {
        using var doc = System.Text.Json.JsonDocument.Parse(File.ReadAllText(RepoPaths.Schema));
        var missing = new List<string>();
        Walk(doc.RootElement, "#");
        Assert.True(missing.Count == 0, "Properties without description:\n" + string.Join("\n", missing));

        void Walk(System.Text.Json.JsonElement e, string path)
        {
            if (e.ValueKind == System.Text.Json.JsonValueKind.Array)
            {
                var i = 0;
                foreach (var item in e.EnumerateArray()) Walk(item, $"{path}/{i++}");
            }
            if (e.ValueKind != System.Text.Json.JsonValueKind.Object) return;
            foreach (var p in e.EnumerateObject())
            {
                if (p.Name is "if" or "then") continue; // conditions repeat properties described elsewhere
                if (p.Name == "properties" && p.Value.ValueKind == System.Text.Json.JsonValueKind.Object)
                    foreach (var prop in p.Value.EnumerateObject())
                        if (prop.Name != "type" || !path.Contains("/node_", StringComparison.Ordinal))
                            if (!prop.Value.TryGetProperty("description", out _) && !prop.Value.TryGetProperty("$ref", out _)) missing.Add($"{path}/properties/{prop.Name}");
                Walk(p.Value, $"{path}/{p.Name}");
            }
        }
    }

    public static TheoryData<string> CleanFlows() => [.. Corpus.WithRepositoryFlows().Select(f => f.Name)];

    [Theory]
    [MemberData(nameof(CleanFlows))]
    public void Flows_without_schema_findings_validate_against_the_schema(string name)
    {
        var text = Corpus.WithRepositoryFlows().Single(f => f.Name == name).Text;
        var result = FlowChecker.CheckText(name, text);
        Assert.DoesNotContain(result.Diagnostics.Diagnostics, d => d.Id.StartsWith("CFL0", StringComparison.Ordinal) || d.Id.StartsWith("CFL1", StringComparison.Ordinal));
        var errors = FlowSchema.Value.Validate(text);
        Assert.True(errors.Count == 0, string.Join("\n", errors.Select(Describe)));
    }

    [Fact]
    public void Wrong_kinds_for_every_field_of_every_node_type_fail_both_checker_and_schema()
    {
        // The checker's CFL1001 and the schema's type check must agree field by field.
        foreach (var type in Binding.NodeRegistry.All)
        {
            foreach (var field in type.Fields)
            {
                var accepted = NodeSamples.AcceptedKinds(field.Type);
                foreach (var (kind, json) in new[] { (Syntax.JsonKind.String, "\"s\""), (Syntax.JsonKind.Boolean, "true"), (Syntax.JsonKind.Array, "[]"), (Syntax.JsonKind.Number, "7") })
                {
                    if (accepted.Contains(kind)) continue;
                    var config = NodeSamples.Config(type);
                    config[field.Name] = System.Text.Json.Nodes.JsonNode.Parse(json);
                    var text = NodeSamples.FlowWith(type, config.ToJsonString());
                    Assert.Contains(FlowChecker.CheckText("t", text).Diagnostics.Diagnostics, d => d.Id == "CFL1001");
                    Assert.True(FlowSchema.Value.Validate(text).Count > 0, $"schema accepts {type.Name}.{field.Name} = {json}");
                }
            }
        }
    }

    public static TheoryData<string, string> SchemaErrors() => new()
    {
        { "CFL1003", Node("""{ "id": "n", "type": "hangup", "config": { "promt": { "sound": "bye" } } }""") },
        { "CFL1003", Node("""{ "id": "n", "type": "hangup", "lable": "x" }""") },
        { "CFL1003", Flow("\"nodez\": [],") },
        { "CFL1003", Node("""{ "id": "n", "type": "hangup", "config": { "prompt": { "sound": "bye", "volume": 3 } } }""") },
        { "CFL1001", Node("""{ "id": "n", "type": "voicemail", "config": { "prompt": { "sound": "b" }, "max_duration_s": "60" } }""") },
        { "CFL1001", Node("""{ "id": "n", "type": "voicemail", "config": { "prompt": { "sound": "b" }, "beep": "yes" } }""") },
        { "CFL1001", Node("""{ "id": "n", "type": "hangup", "config": [] }""") },
        { "CFL1001", Node("""{ "id": "n", "type": "hangup", "label": 5 }""") },
        { "CFL1001", Flow("\"name\": 5,") },
        { "CFL1008", Node("""{ "id": "n", "type": "voicemail", "config": { "prompt": { "sound": "b" }, "max_duration_s": 3601 } }""") },
        { "CFL1008", Node("""{ "id": "n", "type": "voicemail", "config": { "prompt": { "sound": "b" }, "max_duration_s": 0 } }""") },
        { "CFL1008", Node("""{ "id": "n", "type": "conference", "config": { "room": "r", "max_participants": -1 } }""") },
        { "CFL1008", Node("""{ "id": "n", "type": "queue_login", "config": { "queues": ["q"], "pin_max_digits": 1.5 } }""") },
        { "CFL1002", Node("""{ "id": "n", "type": "voicemail" }""") },
        { "CFL1002", Node("""{ "id": "n", "type": "voicemail", "config": {} }""") },
        { "CFL1002", Node("""{ "id": "n", "type": "transfer", "config": { "destination": { "type": "extension" } } }""") },
        { "CFL1002", Node("""{ "id": "n", "type": "hunt_group", "config": { "destinations": [{ "type": "extension", "value": "1" }] } }""") },
        { "CFL1007", Node("""{ "id": "n", "type": "hang_up" }""") },
        { "CFL1007", Node("""{ "id": "n", "type": "Hangup" }""") },
        { "CFL1009", Node("""{ "id": "n", "type": "voicemail", "config": { "prompt": { "sound": "b" }, "format": "mp3" } }""") },
        { "CFL1006", Node("""{ "id": "1n", "type": "hangup" }""") },
        { "CFL1005", Flow("").Replace("\"id\": \"t\"", "\"id\": \"T\"") },
        { "CFL1004", Flow("").Replace("\"schemaVersion\": 1", "\"schemaVersion\": 2") },
        { "CFL1010", Node("""{ "id": "n", "type": "hangup", "config": { "prompt": { "audio": "a", "sound": "b" } } }""") },
        { "CFL1011", Node("""{ "id": "n", "type": "business_hours", "config": { "timezone": "UTC", "schedule": { "monday": [{ "start": "9:00", "end": "17:00" }] } } }""") },
        { "CFL1022", Node("""{ "id": "n", "type": "menu", "config": { "prompt": { "sound": "m" }, "options": { "123": {} } } }""") },
        { "CFL1027", Node("""{ "id": "n", "type": "queue_login", "config": { "queues": [] } }""") },
        { "CFL1025", Node("""{ "id": "n", "type": "conference", "config": { "room": "a b" } }""") },
    };

    [Theory]
    [MemberData(nameof(SchemaErrors))]
    public void Schema_errors_fail_both_the_checker_and_the_schema(string id, string text)
    {
        Assert.Contains(FlowChecker.CheckText("t", text).Diagnostics.Diagnostics, d => d.Id == id);
        Assert.True(FlowSchema.Value.Validate(text).Count > 0, $"the schema accepts a flow the checker rejects with {id}:\n{text}");
    }

    private static string Node(string node) => $$"""
        { "schemaVersion": 1, "id": "t",
          "nodes": [{ "id": "start", "type": "start" }, {{node}}],
          "edges": [{ "source": "start", "target": "n" }] }
        """;

    private static string Flow(string extra) => $$"""
        { "schemaVersion": 1, "id": "t", {{extra}}
          "nodes": [{ "id": "start", "type": "start" }, { "id": "n", "type": "hangup" }],
          "edges": [{ "source": "start", "target": "n" }] }
        """;

    private static string Describe(NJsonSchema.Validation.ValidationError e) =>
        e is NJsonSchema.Validation.ChildSchemaValidationError child
            ? $"{e.Path}: {e.Kind} ({string.Join("; ", child.Errors.SelectMany(x => x.Value).Select(Describe))})"
            : $"{e.Path}: {e.Kind} (line {e.LineNumber})";
}
