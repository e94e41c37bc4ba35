using System.Text.Json.Nodes;
using Callytics.Compiler.Importing;

namespace Callytics.Compiler.Tests.Importing;

/// <summary>What each construct of the real exports (the corpus) becomes in the flow language; docs/importing.md cites the product code behind each.</summary>
public sealed class ImportMappingTests
{
    private static JsonObject Import(string file, string from, ImportOptions? options = null) =>
        JsonNode.Parse(FlowImporter.ImportFile(FlowImporter.Find(from)!, ImportCorpusTests.Corpus(file), options).Json!)!.AsObject();

    private static JsonObject ImportText(string from, string text) =>
        JsonNode.Parse(ImportDiagnosticTests.Import(from, text).Json!)!.AsObject();

    private static JsonObject Node(JsonObject flow, string id) =>
        flow["nodes"]!.AsArray().Select(n => n!.AsObject()).Single(n => n["id"]!.GetValue<string>() == id);

    private static JsonObject Config(JsonObject flow, string id) => Node(flow, id)["config"]!.AsObject();

    private static string[] Edges(JsonObject flow, string source) =>
        flow["edges"]!.AsArray().Select(e => e!.AsObject())
            .Where(e => e["source"]!.GetValue<string>() == source)
            .Select(e => $"{e["sourceHandle"]?.GetValue<string>() ?? "next"}->{e["target"]!.GetValue<string>()}")
            .ToArray();

    private static readonly System.Text.Json.JsonSerializerOptions Relaxed = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static string Json(JsonNode? node) => node!.ToJsonString(Relaxed);

    [Fact]
    public void Callytics_default_branch_keys_are_the_single_way_on_and_done_after_a_transfer_is_completed()
    {
        var flow = Import("restaurant-ivr.callytics.json", "callytics");

        Assert.Equal(["next->welcome_audio_1"], Edges(flow, "start_1"));
        Assert.Equal(["next->menu_1"], Edges(flow, "welcome_audio_1"));
        Assert.Equal(["digit:1->transfer_reservations_1", "digit:2->play_hours_location_1", "digit:3->transfer_staff_1"], Edges(flow, "menu_1"));
        Assert.Equal(["completed->hangup_1"], Edges(flow, "transfer_reservations_1"));
    }

    [Fact]
    public void Callytics_menu_branches_are_strings_and_the_attempt_budgets_become_retries()
    {
        var config = Config(Import("grouped-support.callytics.json", "callytics"), "main_menu");

        Assert.Equal("""{"1":{},"2":{},"21":{},"*":{}}""", Json(config["options"]));
        Assert.Equal("""{"sound":"custom/main-menu"}""", Json(config["prompt"]));
        Assert.Equal("""{"sound":"custom/did-not-hear"}""", Json(config["timeout_prompt"]));
        Assert.Equal("""{"audio":"12"}""", Json(config["invalid_prompt"]));
        Assert.Equal("""{"sound":"vm-goodbye"}""", Json(config["final_prompt"]));
        // max(2 timeouts, 3 invalid keys) attempts = 2 retries; a two-key branch waits Callytics' 4 s.
        Assert.Equal(2, config["max_retries"]!.GetValue<long>());
        Assert.Equal(4000, config["inter_digit_timeout_ms"]!.GetValue<long>());
    }

    [Fact]
    public void Callytics_a_menu_edge_without_condition_catches_the_branches_without_their_own()
    {
        // edgeResolver.ts:31-38: no edge for the key's condition and none 'default', so the edge without condition.
        var flow = ImportText("callytics", """
            { "name": "fallback", "nodes": [
                { "nodeKey": "s", "type": "start", "config": {} },
                { "nodeKey": "m", "type": "menu", "config": { "prompt_audio_file_id": 1, "branches": ["1", "2", "#"] } },
                { "nodeKey": "a", "type": "hangup", "config": {} },
                { "nodeKey": "b", "type": "hangup", "config": {} } ],
              "edges": [
                { "sourceNodeKey": "s", "targetNodeKey": "m", "branchKey": "default", "condition": null },
                { "sourceNodeKey": "m", "targetNodeKey": "a", "branchKey": "1", "condition": "1" },
                { "sourceNodeKey": "m", "targetNodeKey": "b", "branchKey": "default", "condition": null } ] }
            """);

        Assert.Equal(["digit:1->a", "digit:2->b", "digit:#->b"], Edges(flow, "m"));
    }

    [Fact]
    public void Callytics_day_keyed_schedule_closes_after_the_closing_minute_and_never_crosses_midnight()
    {
        var config = Config(Import("grouped-support.callytics.json", "callytics"), "hours");

        Assert.Equal("Europe/London", config["timezone"]!.GetValue<string>());
        Assert.Equal("""[{"start":"08:30","end":"17:31"}]""", Json(config["schedule"]!["monday"]));
        Assert.Equal("""[{"start":"08:30","end":"16:01"}]""", Json(config["schedule"]!["friday"]));
        Assert.Null(config["schedule"]!["saturday"]);
        Assert.Null(config["schedule"]!["sunday"]);
    }

    [Fact]
    public void Callytics_business_hours_without_a_time_zone_stays_closed()
    {
        var flow = ImportText("callytics", """
            { "name": "tz", "nodes": [
                { "nodeKey": "s", "type": "start", "config": {} },
                { "nodeKey": "b", "type": "business_hours", "config": { "timezone": "", "schedule": { "monday": { "enabled": true, "open": "09:00", "close": "17:00" } } } } ],
              "edges": [] }
            """);

        Assert.Equal("""{"timezone":"UTC","schedule":{}}""", Json(Config(flow, "b")));
    }

    [Fact]
    public void Callytics_transfer_targets_trunks_on_no_answer_and_the_legacy_pjsip_destination()
    {
        var grouped = Import("grouped-support.callytics.json", "callytics");
        var clinic = Import("medical-clinic-ivr.callytics.json", "callytics");

        Assert.Equal("""{"type":"pstn","value":"+442071234567","trunk":"3"}""", Json(Config(grouped, "sales_transfer")["destination"]));
        Assert.Equal(["completed->goodbye", "no_answer->support_hunt"], Edges(grouped, "sales_transfer"));
        Assert.Equal("""{"type":"extension","value":"2001"}""", Json(Config(clinic, "transfer_appointments_1")["destination"]));
        Assert.Equal(30000, Config(clinic, "transfer_appointments_1")["timeout_ms"]!.GetValue<long>());
    }

    [Fact]
    public void Callytics_hunt_keeps_its_destinations_strategy_and_timeouts()
    {
        var config = Config(Import("hunt-subflow.callytics.json", "callytics"), "hunt-1");

        Assert.Equal("""{"destinations":[{"type":"extension","value":"2001"}],"strategy":"ordered","ring_timeout_ms":3000,"total_timeout_ms":10000}""", Json(config));
    }

    [Fact]
    public void Callytics_webhook_edges_fire_on_every_queue_result_and_after_a_voicemail_with_no_way_on()
    {
        var flow = Import("grouped-support.callytics.json", "callytics");

        Assert.Equal(["completed->crm_webhook", "timeout->voicemail_box", "timeout->crm_webhook", "abandoned->crm_webhook"], Edges(flow, "billing_queue"));
        Assert.Equal(["next->crm_webhook"], Edges(flow, "voicemail_box"));
        Assert.Empty(Edges(flow, "crm_webhook"));
        Assert.Equal("""{"url":"https://crm.example.com/hooks/calls","method":"POST","headers":{"X-Source":"callytics"},"timeout_ms":4000,"retries":2}""", Json(Config(flow, "crm_webhook")));
    }

    [Fact]
    public void Callytics_a_webhook_in_the_middle_of_a_flow_fires_and_the_call_ends_there()
    {
        var flow = Import("appointment-reminder.callytics.json", "callytics");

        Assert.Equal(["next->end_call", "next->lookup_webhook_1"], Edges(flow, "intro_audio_1"));
        Assert.Empty(Edges(flow, "lookup_webhook_1"));
    }

    [Fact]
    public void Callytics_start_timeout_prompts_voicemail_and_callback_defaults_are_the_runtime_s()
    {
        var grouped = Import("grouped-support.callytics.json", "callytics");
        var dispatch = Import("dispatch-hotline.callytics.json", "callytics");
        var sales = Import("sales-callback.callytics.json", "callytics");
        var queue = Import("simple-queue.callytics.json", "callytics");

        Assert.Equal(6000, Config(grouped, "start")["input_timeout_ms"]!.GetValue<long>());
        Assert.Equal(5000, Config(queue, "start_1")["input_timeout_ms"]!.GetValue<long>());
        Assert.Equal("""{"prompt":{"audio":"1"}}""", Json(Config(queue, "welcome_audio_1")));
        Assert.Equal("""{"queue":"1"}""", Json(Config(queue, "queue_1")));
        Assert.Equal("""{"prompt":{"sound":"silence/1"},"max_duration_s":60,"mailbox":"dispatch"}""", Json(Config(dispatch, "voicemail_1")));
        Assert.Equal("""{"prompt":{"audio":"15"},"max_duration_s":90,"mailbox":"support"}""", Json(Config(grouped, "voicemail_box")));
        Assert.Equal("""{"number_source":"caller_id"}""", Json(Config(sales, "callback_1")));
        Assert.Equal("""{"variable":"sales_interest","timeout_ms":5000,"terminator":null}""", Json(Config(sales, "collect_interest_1")));
    }

    [Fact]
    public void Callytics_group_frames_become_layout_groups_and_member_positions_become_absolute()
    {
        var flow = Import("grouped-support.callytics.json", "callytics");
        var layout = flow["layout"]!.AsObject();

        Assert.Equal("""{"x":580,"y":160}""", Json(layout["main_menu"]));
        Assert.Equal("""{"x":300,"y":200}""", Json(layout["hours"]));
        Assert.Equal("""[{"id":"group-1714812000000","label":"Daytime","x":540,"y":40,"width":900,"height":420,"nodes":["main_menu","sales_transfer","support_hunt","account_digits","billing_queue","conference_room"]}]""",
            Json(layout["x-groups"]));
        Assert.DoesNotContain(flow["nodes"]!.AsArray(), n => n!["id"]!.GetValue<string>() == "group-1714812000000");
    }

    [Fact]
    public void Layout_groups_check_clean_and_leave_the_semantic_hash_alone()
    {
        var json = FlowImporter.ImportFile(FlowImporter.Find("callytics")!, ImportCorpusTests.Corpus("grouped-support.callytics.json")).Json!;
        var framed = Callytics.Compiler.Syntax.JsonLoader.Parse("framed.flow.json", json).Root as Callytics.Compiler.Syntax.JsonObject;
        var bare = JsonNode.Parse(json)!.AsObject();
        bare["layout"]!.AsObject().Remove("x-groups");
        var unframed = Callytics.Compiler.Syntax.JsonLoader.Parse("bare.flow.json", bare.ToJsonString()).Root as Callytics.Compiler.Syntax.JsonObject;

        Assert.False(Callytics.Compiler.Checking.FlowChecker.CheckText("framed.flow.json", json).Diagnostics.HasErrors);
        Assert.Equal(Callytics.Compiler.Packaging.SemanticHash.Compute(unframed!), Callytics.Compiler.Packaging.SemanticHash.Compute(framed!));
    }

    [Fact]
    public void Callytics_a_flow_without_start_starts_at_its_first_node()
    {
        var flow = ImportText("callytics", """
            { "name": "no start", "nodes": [
                { "nodeKey": "welcome", "type": "play_audio", "positionX": 100, "positionY": 300, "config": { "audio_file_path": "hello-world" } },
                { "nodeKey": "bye", "type": "hangup", "config": {} } ],
              "edges": [ { "sourceNodeKey": "welcome", "targetNodeKey": "bye", "branchKey": "default" } ] }
            """);

        Assert.Equal(["next->welcome"], Edges(flow, "start"));
        Assert.Equal("""{"x":100,"y":160}""", Json(flow["layout"]!["start"]));
    }

    [Fact]
    public void Whatomate_record_greeting_text_menu_options_and_retries_map()
    {
        var flow = Import("support-ivr.whatomate.json", "whatomate");

        Assert.Equal("7b0f3c1e-58a2-4d61-9a0e-2f4c8d9b1a37", flow["id"]!.GetValue<string>());
        Assert.Equal("Support IVR", flow["name"]!.GetValue<string>());
        Assert.Equal("""{"prompt":{"tts":"Welcome to Acme support."},"interruptible":true}""", Json(Config(flow, "node_1713088931000_1")));
        var menu = Config(flow, "node_1713088931000_2");
        Assert.Equal("""{"1":{"label":"Order status"},"2":{"label":"Talk to an agent"},"3":{"label":"Billing"}}""", Json(menu["options"]));
        Assert.Equal(8000, menu["timeout_ms"]!.GetValue<long>());
        Assert.Equal(2, menu["max_retries"]!.GetValue<long>());
        Assert.Equal(["digit:1->node_1713088931000_3", "digit:2->node_1713088931000_6", "digit:3->node_1713088931000_8", "max_retries->node_1713088931000_7"], Edges(flow, "node_1713088931000_2"));
    }

    [Fact]
    public void Whatomate_gather_http_callback_transfer_and_goto_flow_map()
    {
        var flow = Import("support-ivr.whatomate.json", "whatomate");

        Assert.Equal("""{"variable":"order_id","max_digits":6,"terminator":"#","timeout_ms":10000,"max_retries":1,"prompt":{"tts":"Enter your six digit order number, then hash."}}""", Json(Config(flow, "node_1713088931000_3")));
        Assert.Equal(["next->node_1713088931000_4", "timeout->node_1713088931000_6"], Edges(flow, "node_1713088931000_3"));
        Assert.Equal("""{"url":"https://api.acme.example/orders/{{order_id}}/status","method":"GET","headers":{"Accept":"application/json"},"timeout_ms":5000,"store_response_as":"order_status"}""", Json(Config(flow, "node_1713088931000_4")));
        Assert.Equal(["success->node_1713088931000_5", "failure->node_1713088931000_6"], Edges(flow, "node_1713088931000_4"));
        Assert.Equal("queue", Node(flow, "node_1713088931000_6")["type"]!.GetValue<string>());
        Assert.Equal(["completed->node_1713088931000_7", "timeout->node_1713088931000_9"], Edges(flow, "node_1713088931000_6"));
        Assert.Equal("""{"flow":"e41f0b6a-2c3d-4b8e-9f17-6a5d0c2e8b93"}""", Json(Config(flow, "node_1713088931000_8")));
    }

    [Fact]
    public void Whatomate_default_edges_catch_every_outcome_without_its_own()
    {
        var flow = Import("billing.whatomate.json", "whatomate");

        Assert.Equal(["digit:1->node_1713090000000_1", "digit:2->node_1713090000000_1", "max_retries->node_1713090000000_1"], Edges(flow, "node_1713090000000_0"));
    }

    [Fact]
    public void Whatomate_timing_is_read_in_the_timezone_option_with_an_exclusive_end()
    {
        var flow = Import("support-ivr.whatomate.json", "whatomate", new ImportOptions("Europe/Berlin"));
        var config = Config(flow, "node_1713088931000_0");

        Assert.Equal("Europe/Berlin", config["timezone"]!.GetValue<string>());
        Assert.Equal("""[{"start":"09:00","end":"17:00"}]""", Json(config["schedule"]!["friday"]));
        Assert.Null(config["schedule"]!["saturday"]);
    }

    [Fact]
    public void Whatomate_entry_node_gets_a_start_node_above_it_and_a_graph_without_one_starts_where_the_editor_would()
    {
        var named = Import("after-hours.whatomate.json", "whatomate");
        var unnamed = ImportText("whatomate", """
            { "version": 2, "nodes": [
                { "id": "b", "type": "hangup", "position": { "x": 0, "y": 200 } },
                { "id": "a", "type": "greeting", "position": { "x": 0, "y": 0 }, "config": { "greeting_text": "Hi" } } ],
              "edges": [ { "from": "a", "to": "b", "condition": "default" } ] }
            """);

        Assert.Equal(["next->node_1712300000000_0"], Edges(named, "start"));
        Assert.Equal("""{"x":0,"y":-140}""", Json(named["layout"]!["start"]));
        Assert.Equal(["next->a"], Edges(unnamed, "start"));
    }

    [Fact]
    public void Whatomate_editor_state_keys_and_record_bookkeeping_are_let_go_without_findings()
    {
        var result = FlowImporter.ImportFile(FlowImporter.Find("whatomate")!, ImportCorpusTests.Corpus("support-ivr.whatomate.json"));

        Assert.DoesNotContain(result.Diagnostics.Diagnostics, d => d.Id == "CFL6002");
    }

    [Fact]
    public void The_same_export_always_gives_the_same_bytes()
    {
        var first = FlowImporter.ImportFile(FlowImporter.Find("callytics")!, ImportCorpusTests.Corpus("grouped-support.callytics.json")).Json;
        var second = FlowImporter.ImportFile(FlowImporter.Find("callytics")!, ImportCorpusTests.Corpus("grouped-support.callytics.json")).Json;

        Assert.Equal(first, second);
    }
}
