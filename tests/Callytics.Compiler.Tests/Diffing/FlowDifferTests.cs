using System.Text.Json.Nodes;
using Callytics.Compiler.Diffing;

namespace Callytics.Compiler.Tests.Diffing;

public sealed class FlowDifferTests
{
    private const string Base = """
        {
          "schemaVersion": 1, "id": "demo", "name": "Demo",
          "nodes": [
            { "id": "start", "type": "start" },
            { "id": "menu", "type": "menu", "label": "Main menu", "config": { "prompt": { "audio": "welcome" }, "options": { "1": { "label": "Sales" } }, "max_retries": 2 } },
            { "id": "bye", "type": "hangup" }
          ],
          "edges": [
            { "source": "start", "target": "menu" },
            { "source": "menu", "sourceHandle": "digit:1", "target": "bye" }
          ],
          "layout": { "start": { "x": 0, "y": 0 }, "menu": { "x": 0, "y": 140 }, "bye": { "x": 0, "y": 280 } }
        }
        """;

    private static string Edit(Action<JsonObject> change)
    {
        var root = JsonNode.Parse(Base)!.AsObject();
        change(root);
        return root.ToJsonString();
    }

    private static JsonObject Node(JsonObject root, string id) =>
        root["nodes"]!.AsArray().OfType<JsonObject>().Single(n => (string?)n["id"] == id);

    [Fact]
    public void Same_document_reformatted_and_reordered_has_no_changes()
    {
        var reordered = Edit(root =>
        {
            var nodes = root["nodes"]!.AsArray();
            var first = nodes[0]!;
            nodes.RemoveAt(0);
            nodes.Add(first);
        });
        var diff = FlowDiffer.Compare(Base, reordered);
        Assert.True(diff.IsSemanticallyEqual);
        Assert.Empty(diff.LayoutMoves);
        Assert.False(diff.IsLayoutOnly);
    }

    [Fact]
    public void Added_and_removed_nodes_are_listed_with_type_and_label()
    {
        var changed = Edit(root =>
        {
            var nodes = root["nodes"]!.AsArray();
            nodes.Remove(Node(root, "bye"));
            nodes.Add(JsonNode.Parse("""{ "id": "queue", "type": "queue", "label": "Sales queue", "config": { "queue": "sales" } }"""));
        });
        var diff = FlowDiffer.Compare(Base, changed);
        Assert.Equal([new NodeRef("queue", "queue", "Sales queue")], diff.NodesAdded);
        Assert.Equal([new NodeRef("bye", "hangup", null)], diff.NodesRemoved);
        Assert.Empty(diff.NodesChanged);
    }

    [Fact]
    public void Config_changes_are_reported_per_key_with_old_and_new_values_including_nested_keys()
    {
        var changed = Edit(root =>
        {
            var config = Node(root, "menu")["config"]!.AsObject();
            config["max_retries"] = 3;
            config["options"]!["1"]!["label"] = "Sales team";
            config.Remove("prompt");
            config["timeout_ms"] = 5000;
        });
        var change = Assert.Single(FlowDiffer.Compare(Base, changed).NodesChanged);
        Assert.Equal("menu", change.Id);
        Assert.Empty(change.FieldChanges);
        Assert.Equal(
            [
                new ValueChange("max_retries", "2", "3"),
                new ValueChange("options.1.label", "\"Sales\"", "\"Sales team\""),
                new ValueChange("prompt", """{"audio":"welcome"}""", null),
                new ValueChange("timeout_ms", null, "5000"),
            ],
            change.ConfigChanges);
    }

    [Fact]
    public void Type_and_label_changes_are_field_changes()
    {
        var changed = Edit(root =>
        {
            Node(root, "bye")["type"] = "voicemail";
            Node(root, "menu")["label"] = "Top menu";
        });
        var diff = FlowDiffer.Compare(Base, changed);
        Assert.Equal([new ValueChange("type", "\"hangup\"", "\"voicemail\"")], diff.NodesChanged.Single(n => n.Id == "bye").FieldChanges);
        Assert.Equal("voicemail", diff.NodesChanged.Single(n => n.Id == "bye").Type);
        Assert.Equal([new ValueChange("label", "\"Main menu\"", "\"Top menu\"")], diff.NodesChanged.Single(n => n.Id == "menu").FieldChanges);
    }

    [Fact]
    public void Edges_are_compared_by_source_handle_and_target()
    {
        var changed = Edit(root =>
        {
            var edges = root["edges"]!.AsArray();
            edges.RemoveAt(1);
            edges.Add(JsonNode.Parse("""{ "source": "menu", "sourceHandle": "digit:2", "target": "bye" }"""));
        });
        var diff = FlowDiffer.Compare(Base, changed);
        Assert.Equal([new EdgeRef("menu", "digit:2", "bye")], diff.EdgesAdded);
        Assert.Equal([new EdgeRef("menu", "digit:1", "bye")], diff.EdgesRemoved);
    }

    [Fact]
    public void Layout_moves_are_listed_apart_and_make_a_layout_only_diff()
    {
        var moved = Edit(root => root["layout"]!["menu"] = JsonNode.Parse("""{ "x": 300, "y": 140 }"""));
        var diff = FlowDiffer.Compare(Base, moved);
        Assert.True(diff.IsSemanticallyEqual);
        Assert.True(diff.IsLayoutOnly);
        Assert.Equal([new LayoutMove("menu", """{"x":0,"y":140}""", """{"x":300,"y":140}""")], diff.LayoutMoves);
    }

    [Fact]
    public void A_separately_stored_layout_replaces_the_documents_layout()
    {
        var withoutLayout = Edit(root => root.Remove("layout"));
        var diff = FlowDiffer.Compare(withoutLayout, withoutLayout, """{ "menu": { "x": 1, "y": 1 } }""", """{ "menu": { "x": 2, "y": 1 } }""");
        Assert.Equal("menu", Assert.Single(diff.LayoutMoves).Id);
    }

    [Fact]
    public void Flow_level_properties_are_compared_by_key()
    {
        var changed = Edit(root => root["name"] = "Demo line");
        var diff = FlowDiffer.Compare(Base, changed);
        Assert.Equal([new ValueChange("name", "\"Demo\"", "\"Demo line\"")], diff.FlowChanges);
        Assert.False(diff.IsSemanticallyEqual);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[1,2]")]
    public void Unreadable_documents_give_a_clear_error(string bad)
    {
        var error = Assert.Throws<FlowDiffException>(() => FlowDiffer.Compare(Base, bad));
        Assert.Contains("new flow", error.Message);
    }

    [Fact]
    public void Odd_but_valid_json_does_not_crash()
    {
        var diff = FlowDiffer.Compare("""{ "nodes": 5, "edges": [1, {"source": 2}] }""", """{ "nodes": [ { "id": "a" }, { "id": 7 } ] }""");
        Assert.Equal([new NodeRef("a", null, null)], diff.NodesAdded);
        Assert.Empty(diff.EdgesAdded);
        Assert.Empty(diff.EdgesRemoved);
    }

    [Fact]
    public void Text_output_lists_semantic_changes_then_layout_under_its_own_heading()
    {
        var changed = Edit(root =>
        {
            Node(root, "menu")["config"]!["max_retries"] = 3;
            root["layout"]!["bye"] = JsonNode.Parse("""{ "x": 9, "y": 9 }""");
            root["edges"]!.AsArray().RemoveAt(1);
        });
        var text = FlowDiffFormatter.ToText(FlowDiffer.Compare(Base, changed), "1", "2");
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(
            [
                "diff 1 → 2",
                "~ node menu (menu)",
                "    config.max_retries: 2 → 3",
                "- edge menu [digit:1] → bye",
                "layout (no effect on calls):",
                """  moved bye: {"x":0,"y":280} → {"x":9,"y":9}""",
            ],
            lines);
    }

    [Fact]
    public void Json_output_round_trips_the_changes()
    {
        var changed = Edit(root => Node(root, "menu")["config"]!["max_retries"] = 3);
        var json = JsonNode.Parse(FlowDiffFormatter.ToJson(FlowDiffer.Compare(Base, changed), "1", "draft"))!;
        Assert.Equal("draft", (string?)json["to"]);
        Assert.False((bool)json["semanticallyEqual"]!);
        var config = json["nodesChanged"]![0]!["configChanges"]![0]!;
        Assert.Equal("max_retries", (string?)config["key"]);
        Assert.Equal("2", (string?)config["old"]);
        Assert.Equal("3", (string?)config["new"]);
    }
}
