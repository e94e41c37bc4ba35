using Callytics.Compiler.Diagnostics;
using Callytics.Compiler.Importing;

namespace Callytics.Compiler.Tests.Importing;

/// <summary>Every import diagnostic (CFL6001-CFL6005), located in the source export, on exports in the products' real shapes.</summary>
public sealed class ImportDiagnosticTests
{
    internal static ImportResult Import(string from, string text) =>
        FlowImporter.ImportText(FlowImporter.Find(from)!, "export.json", text);

    internal static string[] Findings(ImportResult result) =>
        result.Diagnostics.Sorted().Select(d => $"{d.Id} {d.Severity} ({d.Line},{d.Column}) {d.NodeId}").ToArray();

    [Fact]
    public void CFL6001_an_unknown_node_type_is_an_error_at_its_type_and_its_edges_are_reported()
    {
        var result = Import("whatomate", """
            {
              "version": 2,
              "entry_node": "hello",
              "nodes": [
                { "id": "hello", "type": "greeting", "config": { "greeting_text": "Hi" } },
                { "id": "sms", "type": "send_sms", "config": { "text": "Thanks" } }
              ],
              "edges": [ { "from": "hello", "to": "sms", "condition": "default" } ]
            }
            """);

        // The greeting's only edge led to the left-out node, so it ends the flow: a hangup is added (CFL6005).
        Assert.Equal(["CFL6005 Info (5,13) hello", "CFL6001 Error (6,28) sms", "CFL6003 Error (8,14) "], Findings(result));
        Assert.Contains("'send_sms'", result.Diagnostics.Sorted()[1].Message);
        Assert.Contains("its target 'sms' was left out", result.Diagnostics.Sorted()[2].Message);
        Assert.DoesNotContain(result.Flow!.Nodes, n => n.Id == "sms");
    }

    [Fact]
    public void CFL6002_a_key_with_no_equivalent_is_reported_at_the_key_with_its_value()
    {
        var result = Import("callytics", """
            { "name": "legacy",
              "nodes": [
                { "nodeKey": "s", "type": "start", "config": {} },
                { "nodeKey": "m", "type": "menu", "width": 180,
                  "config": { "prompt_audio_file_id": 3, "branches": ["1"],
                              "repeat_prompt_on_invalid": true, "timeout_prompt_audio_id": "" } },
                { "nodeKey": "h", "type": "hangup", "config": {} }
              ],
              "edges": [ { "sourceNodeKey": "s", "targetNodeKey": "m", "branchKey": "default", "animated": true },
                         { "sourceNodeKey": "m", "targetNodeKey": "h", "branchKey": "1", "condition": "1" } ] }
            """);

        Assert.Equal(["CFL6002 Warning (4,39) m", "CFL6002 Warning (6,19) m", "CFL6002 Warning (9,84) s → m"], Findings(result));
        var legacy = result.Diagnostics.Sorted()[1];
        Assert.Equal("'repeat_prompt_on_invalid' of node 'm' has no equivalent and was not imported (value: true)", legacy.Message);
        Assert.Equal("/nodes/1/config/repeat_prompt_on_invalid", legacy.Pointer);
    }

    [Fact]
    public void CFL6002_a_value_of_the_wrong_kind_is_reported_at_its_key()
    {
        var result = Import("whatomate", """
            { "version": 2, "entry_node": "g",
              "nodes": [ { "id": "g", "type": "gather", "config": { "store_as": "pin", "max_digits": "four" } } ],
              "edges": [] }
            """);

        Assert.Contains("CFL6002 Warning (2,76) g", Findings(result));
        Assert.Contains(result.Diagnostics.Diagnostics, d => d.Message.Contains("(value: \"four\")", StringComparison.Ordinal));
    }

    [Fact]
    public void CFL6003_a_get_digits_that_routes_on_the_key_is_reported_at_the_condition()
    {
        var result = Import("callytics", """
            { "name": "keys",
              "nodes": [
                { "nodeKey": "s", "type": "start", "config": {} },
                { "nodeKey": "g", "type": "get_digits", "config": { "variable_name": "choice", "timeout_ms": 5000 } },
                { "nodeKey": "a", "type": "hangup", "config": {} },
                { "nodeKey": "b", "type": "hangup", "config": {} }
              ],
              "edges": [
                { "sourceNodeKey": "s", "targetNodeKey": "g", "branchKey": "default", "condition": null },
                { "sourceNodeKey": "g", "targetNodeKey": "a", "branchKey": "default", "condition": null },
                { "sourceNodeKey": "g", "targetNodeKey": "b", "branchKey": "5", "condition": "5" }
              ] }
            """);

        Assert.Equal(["CFL6003 Error (11,82) "], Findings(result));
        Assert.Contains("routes this get_digits on the key pressed ('5')", result.Diagnostics.Diagnostics[0].Message);
        Assert.DoesNotContain(result.Flow!.Edges, e => e.Target == "b");
    }

    [Fact]
    public void CFL6003_an_on_no_answer_that_names_no_node_is_reported_at_the_value()
    {
        var result = Import("callytics", """
            { "name": "fallback",
              "nodes": [
                { "nodeKey": "s", "type": "start", "config": {} },
                { "nodeKey": "t", "type": "transfer", "config": { "target_type": "extension", "target_value": "100", "on_no_answer": "ghost" } }
              ],
              "edges": [ { "sourceNodeKey": "s", "targetNodeKey": "t", "branchKey": "default" } ] }
            """);

        Assert.Equal(["CFL6003 Error (4,122) "], Findings(result));
        Assert.Contains("'no_answer' names 'ghost', which is not an imported node", result.Diagnostics.Diagnostics[0].Message);
    }

    [Fact]
    public void CFL6003_an_edge_to_a_node_that_does_not_exist_is_reported_at_the_edge()
    {
        var result = Import("callytics", """
            { "name": "x", "nodes": [ { "nodeKey": "s", "type": "start" } ],
              "edges": [ { "sourceNodeKey": "s", "targetNodeKey": "ghost", "branchKey": "default" } ] }
            """);

        Assert.Contains("CFL6003 Error (2,14) ", Findings(result));
        Assert.Contains("its target 'ghost' is not a node", result.Diagnostics.Sorted().First(d => d.Id == "CFL6003").Message);
    }

    [Fact]
    public void CFL6004_an_unsupported_whatomate_version_is_reported_at_the_version()
    {
        var result = Import("whatomate", """
            { "version": 1, "entry_node": "g", "nodes": [], "edges": [] }
            """);

        Assert.Equal(["CFL6004 Error (1,14) "], Findings(result));
        Assert.Null(result.Flow);
        Assert.Contains("version 1 is not supported", result.Diagnostics.Diagnostics[0].Message);
    }

    [Fact]
    public void CFL6004_a_document_of_the_other_product_is_not_taken_for_this_one()
    {
        var result = Import("whatomate", File.ReadAllText(ImportCorpusTests.Corpus("simple-queue.callytics.json")));

        Assert.Equal(["CFL6004 Error (1,1) "], Findings(result));
        Assert.Contains("'version' is missing", result.Diagnostics.Diagnostics[0].Message);
    }

    [Theory]
    [InlineData("[1, 2]", "CFL6004 Error (1,1) ")]
    [InlineData("{ \"name\": \"x\", \"nodes\": {}, \"edges\": [] }", "CFL6004 Error (1,25) ")]
    [InlineData("{ \"name\": \"x\", \"nodes\": [ 42 ], \"edges\": [] }", "CFL6004 Error (1,27) ")]
    [InlineData("{ \"name\": \"x\", \"nodes\": [ { \"nodeKey\": \"a\" } ], \"edges\": [] }", "CFL6004 Error (1,27) ")]
    public void CFL6004_a_document_of_the_wrong_shape_is_located(string text, string expected)
    {
        var result = Import("callytics", text);

        Assert.Contains(expected, Findings(result));
        Assert.True(result.HasErrors);
    }

    [Fact]
    public void CFL6004_text_that_is_not_json_keeps_its_input_finding()
    {
        var result = Import("callytics", "{ \"name\": ");

        Assert.Equal(["CFL0001", "CFL6004"], result.Diagnostics.Sorted().Select(d => d.Id).Order().ToArray());
        Assert.Null(result.Json);
    }

    [Fact]
    public void CFL6004_an_entry_node_that_names_no_node_is_reported_at_entry_node()
    {
        var result = Import("whatomate", """
            { "version": 2, "entry_node": "nowhere", "nodes": [ { "id": "h", "type": "hangup" } ], "edges": [] }
            """);

        Assert.Equal(["CFL6004 Error (1,31) "], Findings(result));
    }

    [Fact]
    public void CFL6005_invalid_and_duplicate_node_ids_are_fitted_deterministically()
    {
        var result = Import("callytics", """
            { "name": "ids",
              "nodes": [
                { "nodeKey": "3f2a-9c", "type": "start" },
                { "nodeKey": "play me", "type": "play_audio", "config": { "audio_file_id": 7 } },
                { "nodeKey": "play me", "type": "hangup" }
              ],
              "edges": [ { "sourceNodeKey": "3f2a-9c", "targetNodeKey": "play me", "branchKey": "default" } ] }
            """);

        Assert.Equal(["CFL6005 Info (3,18) 3f2a-9c", "CFL6005 Info (4,18) play me", "CFL6005 Info (4,18) play me", "CFL6005 Info (5,18) play me"], Findings(result));
        Assert.Equal(["n_3f2a-9c", "play_me", "play_me_2", "end_call"], result.Flow!.Nodes.Select(n => n.Id));
        Assert.Contains(new ImportedEdge("n_3f2a-9c", "play_me", "next"), result.Flow.Edges);
        Assert.Contains("this one became 'play_me_2'", result.Diagnostics.Sorted()[3].Message);
    }

    [Fact]
    public void CFL6005_an_edge_the_product_never_follows_is_left_out_with_a_note_at_its_key()
    {
        // menu.executor.ts:220-274: the menu retries by itself and never ends with 'timeout'.
        var result = Import("callytics", """
            { "name": "dead",
              "nodes": [
                { "nodeKey": "s", "type": "start", "config": {} },
                { "nodeKey": "m", "type": "menu", "config": { "prompt_audio_file_id": 2, "branches": ["1"] } },
                { "nodeKey": "a", "type": "hangup", "config": {} },
                { "nodeKey": "b", "type": "hangup", "config": {} }
              ],
              "edges": [
                { "sourceNodeKey": "s", "targetNodeKey": "m", "branchKey": "default", "condition": null },
                { "sourceNodeKey": "m", "targetNodeKey": "a", "branchKey": "1", "condition": "1" },
                { "sourceNodeKey": "m", "targetNodeKey": "b", "branchKey": "timeout", "condition": "timeout" }
              ] }
            """);

        Assert.Equal(["CFL6005 Info (11,88) m"], Findings(result));
        Assert.Equal("'edge to b' of node 'm' was adapted: the Callytics runtime never follows 'timeout' from a 'menu' node, so this edge was not imported", result.Diagnostics.Diagnostics[0].Message);
        Assert.DoesNotContain(result.Flow!.Edges, e => e.Target == "b");
    }

    [Fact]
    public void CFL6005_a_result_without_an_edge_gets_an_added_hangup_and_a_note_at_the_node()
    {
        var result = Import("whatomate", """
            { "version": 2, "entry_node": "g",
              "nodes": [ { "id": "g", "type": "greeting", "config": { "greeting_text": "Bye" } } ],
              "edges": [] }
            """);

        Assert.Equal(["CFL6005 Info (2,22) g"], Findings(result));
        Assert.Contains("it ends the IVR flow there and plays nothing more", result.Diagnostics.Diagnostics[0].Message);
        Assert.Contains(new ImportedEdge("g", "end_call", "next"), result.Flow!.Edges);
        Assert.Equal("hangup", result.Flow.Nodes.Single(n => n.Id == "end_call").Type);
    }

    [Fact]
    public void CFL6005_room_names_variables_and_joined_retry_budgets_are_reported()
    {
        var result = Import("callytics", """
            { "name": "adapt",
              "nodes": [
                { "nodeKey": "s", "type": "start" },
                { "nodeKey": "c", "type": "conference", "config": { "roomName": "Team Standup!" } },
                { "nodeKey": "g", "type": "get_digits", "config": { "variable_name": "Account Number" } },
                { "nodeKey": "m", "type": "menu", "config": { "prompt_audio_file_id": 1, "branches": ["1"],
                  "max_timeout_attempts": 2, "max_invalid_attempts": 4 } }
              ],
              "edges": [] }
            """);

        Assert.Equal(["CFL6005 Info (3,18) s", "CFL6005 Info (4,69) c", "CFL6005 Info (5,18) g", "CFL6005 Info (5,74) g", "CFL6005 Info (6,18) m", "CFL6005 Info (7,58) m"], Findings(result));
        var flow = result.Flow!;
        Assert.Equal("Team_Standup", flow.Nodes.Single(n => n.Id == "c").Config["room"]!.GetValue<string>());
        Assert.Equal("account_number", flow.Nodes.Single(n => n.Id == "g").Config["variable"]!.GetValue<string>());
        Assert.Equal(3, flow.Nodes.Single(n => n.Id == "m").Config["max_retries"]!.GetValue<long>());
    }

    [Fact]
    public void Every_import_id_is_covered_by_a_test_here()
    {
        var ids = DiagnosticDescriptors.All.Where(d => d.Stage == DiagnosticStage.Import).Select(d => d.Id);
        var source = File.ReadAllText(Path.Combine(Callytics.TestSupport.RepoPaths.Root, "tests", "Callytics.Compiler.Tests", "Importing", "ImportDiagnosticTests.cs"));

        Assert.All(ids, id => Assert.Contains($"public void {id}_", source));
    }
}
