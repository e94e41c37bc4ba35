using Callytics.Compiler.Catalogs;
using Callytics.Compiler.Tests.Support;
using Callytics.Runtime.Catalog;
using static Callytics.Compiler.Tests.Support.Verify;

namespace Callytics.Compiler.Tests.Rules;

/// <summary>flow-language.md §3 "References" (CFL4xxx): flows checked together, and the catalog.</summary>
public class ReferenceTests
{
    private static readonly FlowCatalog Catalog = new(
        new Dictionary<string, string> { ["welcome"] = "custom/welcome", ["goodbye"] = "custom/goodbye" },
        new Dictionary<string, string> { ["sales"] = "Sales", ["support"] = "Support" },
        new Dictionary<string, Trunk> { ["main"] = new("{number}") },
        FlowCatalog.DefaultEndpoints);

    private const string Billing = """
        {
          "schemaVersion": 1,
          "id": "billing",
          "nodes": [
            { "id": "start", "type": "start" },
            { "id": "back", "type": "return" }
          ],
          "edges": [{ "source": "start", "target": "back" }]
        }
        """;

    [Fact]
    public void CFL4001_subflow_target_missing_from_the_set() => Flows(null,
        ("main.flow.json", """
        {
          "schemaVersion": 1,
          "id": "main",
          "nodes": [
            { "id": "start", "type": "start" },
            { "id": "call", "type": "subflow", "config": { "flow": {|CFL4001:"biling"|} } },
            { "id": "next", "type": "goto_flow", "config": { "flow": "billing" } }
          ],
          "edges": [{ "source": "start", "target": "call" }, { "source": "call", "target": "next" }]
        }
        """),
        ("billing.flow.json", Billing.Replace("\"id\": \"back\"", "\"id\": {|CFL3007:\"back\"|}")));

    [Fact]
    public void CFL4001_and_CFL3007_a_subflow_that_returns_is_fine() => Flows(null,
        ("main.flow.json", """
        {
          "schemaVersion": 1,
          "id": "main",
          "nodes": [
            { "id": "start", "type": "start" },
            { "id": "call", "type": "subflow", "config": { "flow": "billing" } },
            { "id": "bye", "type": "hangup" }
          ],
          "edges": [{ "source": "start", "target": "call" }, { "source": "call", "target": "bye" }]
        }
        """),
        ("billing.flow.json", Billing));

    [Fact]
    public void CFL4001_a_single_flow_does_not_check_flow_references() => Clean("""
        {
          "schemaVersion": 1,
          "id": "main",
          "nodes": [{ "id": "start", "type": "start" }, { "id": "go", "type": "goto_flow", "config": { "flow": "elsewhere" } }],
          "edges": [{ "source": "start", "target": "go" }]
        }
        """);

    [Fact]
    public void CFL4002_subflows_calling_each_other_point_at_the_closing_call() => Flows(null,
        ("a.flow.json", """
        {
          "schemaVersion": 1,
          "id": "a",
          "nodes": [
            { "id": "start", "type": "start" },
            { "id": "call", "type": "subflow", "config": { "flow": "b" } },
            { "id": "back", "type": "return" }
          ],
          "edges": [{ "source": "start", "target": "call" }, { "source": "call", "target": "back" }]
        }
        """),
        ("b.flow.json", """
        {
          "schemaVersion": 1,
          "id": "b",
          "nodes": [
            { "id": "start", "type": "start" },
            { "id": "call", "type": "subflow", "config": { "flow": {|CFL4002:"a"|} } },
            { "id": "back", "type": "return" }
          ],
          "edges": [{ "source": "start", "target": "call" }, { "source": "call", "target": "back" }]
        }
        """));

    [Fact]
    public void CFL4002_goto_flow_back_to_the_caller_is_not_recursion() => Flows(null,
        ("main.flow.json", """
        {
          "schemaVersion": 1,
          "id": "main",
          "nodes": [
            { "id": "start", "type": "start" },
            { "id": "call", "type": "subflow", "config": { "flow": "billing" } },
            { "id": "bye", "type": "hangup" }
          ],
          "edges": [{ "source": "start", "target": "call" }, { "source": "call", "target": "bye" }]
        }
        """),
        ("billing.flow.json", """
        {
          "schemaVersion": 1,
          "id": "billing",
          "nodes": [{ "id": "start", "type": "start" }, { "id": "restart", "type": "goto_flow", "config": { "flow": "main" } }],
          "edges": [{ "source": "start", "target": "restart" }]
        }
        """));

    [Fact]
    public void CFL4003_unknown_audio_with_a_catalog() => Flow("""
        {
          "schemaVersion": 1,
          "id": "t",
          "nodes": [
            { "id": "start", "type": "start" },
            { "id": "hi", "type": "play_audio", "config": { "prompt": { "audio": {|CFL4003:"welcom"|} } } },
            { "id": "bye", "type": "hangup", "config": { "prompt": { "audio": "goodbye" } } }
          ],
          "edges": [{ "source": "start", "target": "hi" }, { "source": "hi", "target": "bye" }]
        }
        """, Catalog);

    [Fact]
    public void CFL4003_without_a_catalog_references_are_not_checked() => Clean("""
        {
          "schemaVersion": 1,
          "id": "t",
          "nodes": [
            { "id": "start", "type": "start" },
            { "id": "q", "type": "queue", "config": { "queue": "nowhere", "hold": { "audio": "nothing" } } }
          ],
          "edges": [{ "source": "start", "target": "q" }]
        }
        """);

    [Fact]
    public void CFL4004_unknown_queue_in_queue_and_queue_login() => Flow("""
        {
          "schemaVersion": 1,
          "id": "t",
          "nodes": [
            { "id": "start", "type": "start" },
            { "id": "q", "type": "queue", "config": { "queue": {|CFL4004:"sale"|} } },
            { "id": "login", "type": "queue_login", "config": { "queues": ["support", {|CFL4004:"billing"|}] } }
          ],
          "edges": [{ "source": "start", "target": "q" }, { "source": "q", "sourceHandle": "timeout", "target": "login" }]
        }
        """, Catalog);

    [Fact]
    public void CFL4005_unknown_trunk_in_transfer_and_hunt_group() => Flow("""
        {
          "schemaVersion": 1,
          "id": "t",
          "nodes": [
            { "id": "start", "type": "start" },
            { "id": "out", "type": "transfer", "config": { "destination": { "type": "pstn", "value": "+3312345678" }, "trunk": {|CFL4005:"mian"|} } },
            { "id": "hunt", "type": "hunt_group", "config": { "strategy": "ordered", "destinations": [{ "type": "pstn", "value": "0612345678", "trunk": {|CFL4005:"backup"|} }, { "type": "pstn", "value": "0612345679", "trunk": "main" }] } }
          ],
          "edges": [{ "source": "start", "target": "out" }, { "source": "out", "sourceHandle": "no_answer", "target": "hunt" }]
        }
        """, Catalog);

    [Fact]
    public void CFL4006_two_files_with_the_same_flow_id() => Flows(null,
        ("one.flow.json", Billing.Replace("\"return\"", "\"hangup\"")),
        ("two.flow.json", Billing.Replace("\"return\"", "\"hangup\"").Replace("\"id\": \"billing\"", "\"id\": {|CFL4006:\"billing\"|}")));

    [Fact]
    public void CFL4007_invalid_catalog_points_at_the_entry()
    {
        using var dir = new TempDir();
        var (text, expected) = Markup.Parse("""
            {
              "audio": { "welcome": "custom/welcome", "bad": {|CFL4007:42|} },
              "queues": { "sales": { "name": "Sales" } },
              "trunks": { "main": { "dial_format": {|CFL4007:"9{nmber}"|} } },
              {|CFL4007:"queus"|}: {}
            }
            """);
        var (catalog, bag) = CatalogLoader.Load(dir.Write("catalog.json", text));
        Assert.Null(catalog);
        AssertDiagnostics(expected, bag.Diagnostics, "catalog");
    }

    [Fact]
    public void CFL4007_valid_catalog_loads()
    {
        using var dir = new TempDir();
        var (catalog, bag) = CatalogLoader.Load(dir.Write("catalog.json", """
            {
              "audio": { "welcome": { "path": "custom/welcome" } },
              "queues": { "sales": { "name": "Sales" } },
              "trunks": { "main": { "dial_format": "00{e164}" } },
              "endpoints": { "pstn": "PJSIP/{number}@{trunk}" }
            }
            """));
        AssertDiagnostics([], bag.Diagnostics, "catalog");
        Assert.NotNull(catalog);
        Assert.Equal("custom/welcome", catalog.Audio["welcome"]);
        Assert.Equal("00{e164}", catalog.Trunks["main"].DialFormat);
    }
}
