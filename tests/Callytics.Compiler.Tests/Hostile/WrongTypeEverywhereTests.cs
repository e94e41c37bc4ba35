using System.Text.Json;
using Callytics.Compiler.Binding;
using Callytics.Compiler.Checking;
using Callytics.Compiler.Syntax;
using Callytics.Compiler.Tests.Support;

namespace Callytics.Compiler.Tests.Hostile;

/// <summary>Every config field of every node type, given every JSON kind and hostile strings: located findings, never an exception.</summary>
public class WrongTypeEverywhereTests
{
    private static readonly (JsonKind Kind, string Json)[] Values =
    [
        (JsonKind.String, "\"text\""),
        (JsonKind.Number, "42"),
        (JsonKind.Number, "1.5"),
        (JsonKind.Boolean, "true"),
        (JsonKind.Null, "null"),
        (JsonKind.Array, "[]"),
        (JsonKind.Array, "[1, \"a\", {}]"),
        (JsonKind.Object, "{}"),
        (JsonKind.Object, "{ \"a\": [null] }"),
    ];

    /// <summary>Hostile strings, as JSON string literals.</summary>
    public static readonly string[] HostileStrings =
    [
        "\"\\\"\"", "\"\\u0000\"", "\"a\\u0000b\"", "\"\\u202Eevil\\u202C\"", "\"*/\"", "\"/*\"", "\"\\\"\\\"\\\"\"", "\"{{\"", "\"}}\"", "\"{{ }}\"",
        "\"line\\nbreak\\r\"", "\"\\uD800\"", "\"\\uDC00x\"", "\"\\\\\"", "\"</script>\"", "\"${x}\"", "\"' OR 1=1 --\"", "\"\\uD83D\\uDE00\"",
        "\"e\\u0301\"", "\"\"", "\" \"", "\"\\t\"", "\"%00\"", "\"https://{{x}}\"", "\"sip:@\"", "\"+\"", "\"24:00\"", "\"$\"", "\"$.\"", "\"$[\"",
        "\"\\uFEFF\"", "\"" + new string('x', 300) + "\"",
    ];

    public static TheoryData<string> NodeTypes() => [.. NodeRegistry.All.Select(t => t.Name)];

    [Theory]
    [MemberData(nameof(NodeTypes))]
    public void Sample_config_binds_without_schema_findings(string typeName)
    {
        var type = NodeRegistry.Find(typeName)!;
        var result = FlowChecker.CheckText("sample", NodeSamples.FlowWith(type, NodeSamples.Config(type).ToJsonString()));
        Assert.DoesNotContain(result.Diagnostics.Diagnostics, d => d.Id.StartsWith("CFL0", StringComparison.Ordinal) || d.Id.StartsWith("CFL1", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(NodeTypes))]
    public void Every_field_given_every_JSON_kind_is_reported_where_the_value_is(string typeName)
    {
        var type = NodeRegistry.Find(typeName)!;
        var checkedCases = 0;
        foreach (var field in type.Fields)
        {
            var accepted = NodeSamples.AcceptedKinds(field.Type);
            foreach (var (kind, json) in Values)
            {
                var (text, marks) = Markup.Parse(NodeSamples.FlowWith(type, ConfigWith(type, field.Name, "{|at:|}" + json)));
                var at = marks.Single();
                var result = CheckAndFormat(text);
                AssertLocated(result, text);
                if (accepted.Contains(kind)) continue;
                checkedCases++;
                Assert.True(
                    result.Diagnostics.Diagnostics.Any(d => d.Id == "CFL1001" && d.Line == at.Line && d.Column == at.Column),
                    $"{type.Name}.{field.Name} = {json}: expected CFL1001 at ({at.Line},{at.Column}), got: " +
                    string.Join("; ", result.Diagnostics.Diagnostics.Select(d => $"{d.Id}({d.Line},{d.Column}) {d.Message}")));
                Assert.False(result.Succeeded);
            }
        }
        Assert.True(type.Fields.Count == 0 || checkedCases > 0);
    }

    [Theory]
    [MemberData(nameof(NodeTypes))]
    public void Hostile_strings_in_every_string_field_never_crash(string typeName)
    {
        var type = NodeRegistry.Find(typeName)!;
        foreach (var field in type.Fields.Where(f => NodeSamples.AcceptedKinds(f.Type).Contains(JsonKind.String)))
            foreach (var s in HostileStrings)
                AssertLocated(CheckAndFormat(NodeSamples.FlowWith(type, ConfigWith(type, field.Name, s))), s);
    }

    [Fact]
    public void Hostile_strings_in_document_node_edge_and_prompt_strings_never_crash()
    {
        foreach (var s in HostileStrings)
        {
            var flows = new[]
            {
                $$"""{ "schemaVersion": 1, "id": {{s}}, "name": {{s}}, "description": {{s}}, "$schema": {{s}}, "nodes": [{ "id": "start", "type": "start" }, { "id": "b", "type": "hangup" }], "edges": [{ "source": "start", "target": "b" }] }""",
                $$"""{ "schemaVersion": 1, "id": "t", "nodes": [{ "id": {{s}}, "type": {{s}}, "label": {{s}} }, { "id": "start", "type": "start", "label": {{s}} }], "edges": [{ "source": "start", "target": {{s}}, "sourceHandle": {{s}}, "id": {{s}}, "targetHandle": {{s}} }], "layout": { {{s}}: { "x": 1, "y": 2 } } }""",
                $$"""{ "schemaVersion": 1, "id": "t", "nodes": [{ "id": "start", "type": "start" }, { "id": "b", "type": "hangup", "config": { "prompt": { "tts": {{s}}, "voice": {{s}} } } }, { "id": "c", "type": "hangup", "config": { "prompt": { "audio": {{s}} } } }], "edges": [{ "source": "start", "target": "b" }] }""",
                $$"""{ "schemaVersion": 1, "id": "t", "nodes": [{ "id": "start", "type": "start" }, { "id": "m", "type": "menu", "config": { "prompt": { "sound": {{s}} }, "options": { {{s}}: { "label": {{s}} } } } }], "edges": [{ "source": "start", "target": "m" }, { "source": "m", "sourceHandle": {{s}}, "target": "m" }] }""",
                $$"""{ "schemaVersion": 1, "id": "t", "nodes": [{ "id": "start", "type": "start" }, { "id": "b", "type": "branch", "config": { "rules": [{ "name": {{s}}, "when": { "variable": {{s}}, "op": {{s}}, "value": {{s}} } }, { "name": "r", "when": { "variable": "x", "op": "matches", "value": {{s}} } }] } }], "edges": [{ "source": "start", "target": "b" }] }""",
                $$"""{ "schemaVersion": 1, "id": "t", "nodes": [{ "id": "start", "type": "start" }, { "id": "h", "type": "http_request", "config": { "url": "https://a.example.com/p", "headers": { {{s}}: {{s}}, "X-A": {{s}} }, "body": {{s}}, "extract": { {{s}}: {{s}}, "v": {{s}} } } }], "edges": [{ "source": "start", "target": "h" }] }""",
                $$"""{ "schemaVersion": 1, "id": "t", "nodes": [{ "id": "start", "type": "start" }, { "id": "h", "type": "business_hours", "config": { "timezone": {{s}}, "schedule": { "monday": [{ "start": {{s}}, "end": {{s}} }] }, "holidays": [{ "date": {{s}}, "name": {{s}} }] } }], "edges": [{ "source": "start", "target": "h" }] }""",
                $$"""{ "schemaVersion": 1, "id": "t", "nodes": [{ "id": "start", "type": "start" }, { "id": "x", "type": "hunt_group", "config": { "strategy": {{s}}, "destinations": [{ "type": "pstn", "value": {{s}}, "trunk": {{s}} }, { "type": "sip_uri", "value": {{s}} }, { "type": "extension", "value": {{s}} }, { "type": {{s}}, "value": "1" }] } }], "edges": [{ "source": "start", "target": "x" }] }""",
            };
            foreach (var flow in flows) AssertLocated(CheckAndFormat(flow), flow);
        }
    }

    private static string ConfigWith(NodeType type, string field, string rawValue)
    {
        // Insert the raw value text as the field's value; other fields keep their sample values.
        var config = NodeSamples.Config(type);
        config.Remove(field);
        var rest = config.ToJsonString();
        var inner = rest.Length > 2 ? ", " + rest[1..^1] : "";
        return $"{{ \"{field}\": {rawValue}{inner} }}";
    }

    /// <summary>Checks a text and writes its findings in every output format: none of it may throw.</summary>
    internal static CheckedFlow CheckAndFormat(string text)
    {
        var result = FlowChecker.CheckText("hostile.flow.json", text);
        var diagnostics = result.Diagnostics.Sorted();
        var summary = Reporting.DiagnosticSummary.Of(1, diagnostics);
        foreach (var format in Enum.GetValues<Reporting.DiagnosticFormat>())
        {
            using var output = new StringWriter();
            Reporting.DiagnosticFormatter.Write(output, format, diagnostics, summary, "test");
            if (format != Reporting.DiagnosticFormat.Text) JsonDocument.Parse(output.ToString()).Dispose();
        }
        return result;
    }

    /// <summary>Every finding has a real position inside the text, and a flow with findings that are all non-errors bound.</summary>
    internal static void AssertLocated(CheckedFlow result, string context)
    {
        // Lines as the positions count them (LF, CR LF or a lone CR ends one), so a finding after a final CR is inside.
        var lines = result.Diagnostics.Source.GetLineColumn(result.Diagnostics.Source.Text.Length).Line;
        foreach (var d in result.Diagnostics.Diagnostics)
        {
            Assert.True(d.Line >= 1 && d.Column >= 1 && d.Line <= lines, $"{d.Id} at ({d.Line},{d.Column}) is outside the text ({lines} lines): {context}");
            Assert.False(string.IsNullOrWhiteSpace(d.Message));
        }
        if (!result.Diagnostics.HasErrors) Assert.NotNull(result.Flow);
    }
}
