using System.Text.Json.Nodes;
using Callytics.Compiler.Importing;

namespace Callytics.Compiler.Tests.Importing;

/// <summary>What each source construct becomes in the flow language (flow-language.md §2, "Where the two reference products differ").</summary>
public sealed class ImportMappingTests
{
    private static JsonObject Import(string file, string from) =>
        JsonNode.Parse(FlowImporter.ImportFile(FlowImporter.Find(from)!, ImportSampleTests.Sample(file)).Json!)!.AsObject();

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
    public void Callytics_business_hours_open_and_closed_become_in_hours_and_out_of_hours()
    {
        var flow = Import("support-line.callytics.json", "callytics");
        var config = Config(flow, "hours");

        Assert.Equal("business_hours", Node(flow, "hours")["type"]!.GetValue<string>());
        Assert.Equal(["in_hours->welcome", "out_of_hours->closed"], Edges(flow, "hours"));
        Assert.Equal("""[{"start":"08:00","end":"18:00"}]""", Json(config["schedule"]!["friday"]));
        Assert.Equal("""[{"start":"09:00","end":"13:00"}]""", Json(config["schedule"]!["saturday"]));
        Assert.Null(config["schedule"]!["sunday"]);
        Assert.Equal("""[{"date":"2026-12-25","name":"Christmas Day"},{"date":"2027-01-01","name":"New Year"}]""", Json(config["holidays"]));
    }

    [Fact]
    public void Callytics_nested_menus_map_branches_to_digit_outputs_and_back()
    {
        var flow = Import("support-line.callytics.json", "callytics");

        Assert.Equal(["digit:1->sales-hunt", "digit:2->support-menu", "digit:3->billing-callback", "digit:0->operator", "max_retries->goodbye"], Edges(flow, "main-menu"));
        Assert.Equal(["digit:1->internet-queue", "digit:2->tv-desk", "digit:9->main-menu"], Edges(flow, "support-menu"));
        var menu = Config(flow, "main-menu");
        Assert.Equal("""{"audio":"main-menu"}""", Json(menu["prompt"]));
        Assert.Equal("""{"1":{"label":"Sales"},"2":{"label":"Technical support"},"3":{"label":"Billing"},"0":{"label":"Operator"}}""", Json(menu["options"]));
        Assert.Equal(3, menu["max_retries"]!.GetValue<long>());
        Assert.Equal("""{"audio":"goodbye"}""", Json(menu["final_prompt"]));
    }

    [Fact]
    public void Callytics_hunt_becomes_an_ordered_hunt_group_with_pstn_through_its_trunk()
    {
        var config = Config(Import("support-line.callytics.json", "callytics"), "sales-hunt");

        Assert.Equal("ordered", config["strategy"]!.GetValue<string>());
        Assert.Equal("""[{"type":"extension","value":"201"},{"type":"extension","value":"202"},{"type":"pstn","value":"+49 30 1234567","trunk":"sip-trunk-1"}]""", Json(config["destinations"]));
        Assert.Equal(15000, config["ring_timeout_ms"]!.GetValue<long>());
        Assert.Equal(45000, config["total_timeout_ms"]!.GetValue<long>());
    }

    [Theory]
    [InlineData("sequential", "ordered")]
    [InlineData("order", "ordered")]
    [InlineData("random", "random")]
    [InlineData("group", "simultaneous")]
    public void Callytics_hunt_strategies_map(string source, string expected)
    {
        var text = $$"""
            { "name": "h", "nodes": [ { "nodeKey": "h", "type": "hunt", "config": { "destinations": ["100"], "strategy": "{{source}}" } } ], "edges": [] }
            """;
        var flow = JsonNode.Parse(FlowImporter.ImportText(FlowImporter.Find("callytics")!, "h.json", text).Json!)!.AsObject();

        Assert.Equal(expected, Config(flow, "h")["strategy"]!.GetValue<string>());
    }

    [Fact]
    public void Callytics_webhooks_hang_off_terminal_nodes_and_the_abandoned_queue_output()
    {
        var flow = Import("support-line.callytics.json", "callytics");

        Assert.Equal(["next->notify-crm"], Edges(flow, "goodbye"));
        Assert.Equal(["next->notify-crm"], Edges(flow, "closed"));
        Assert.Equal(["completed->goodbye", "timeout->closed", "abandoned->notify-crm"], Edges(flow, "internet-queue"));
        var webhook = Config(flow, "notify-crm");
        Assert.Equal("POST", webhook["method"]!.GetValue<string>());
        Assert.Equal("""{"X-Source":"ivr","X-Caller":"{{caller_id}}"}""", Json(webhook["headers"]));
    }

    [Fact]
    public void Callytics_queue_transfer_callback_and_voicemail_configs_map()
    {
        var flow = Import("support-line.callytics.json", "callytics");

        Assert.Equal("""{"queue":"support-internet","max_wait_ms":300000,"hold":{"audio":"hold-music"}}""", Json(Config(flow, "internet-queue")));
        Assert.Equal("""{"destination":{"type":"pstn","value":"+49 (30) 555-0100"},"trunk":"sip-trunk-1","timeout_ms":30000,"record_call":true}""", Json(Config(flow, "operator")));
        Assert.Equal("""{"number_source":"caller_id","queue":"billing"}""", Json(Config(flow, "billing-callback")));
        Assert.Equal("""{"prompt":{"audio":"closed-message"},"max_duration_s":180,"mailbox":"support"}""", Json(Config(flow, "closed")));
    }

    [Fact]
    public void Callytics_positions_become_layout_and_the_group_frame_is_left_out()
    {
        var flow = Import("support-line.callytics.json", "callytics");
        var layout = flow["layout"]!.AsObject();

        Assert.Equal("""{"x":100,"y":480}""", Json(layout["sales-hunt"]));
        Assert.Equal(13, layout.Count);
        Assert.DoesNotContain(flow["nodes"]!.AsArray(), n => n!["id"]!.GetValue<string>() == "frame-support");
    }

    [Fact]
    public void Callytics_menu_attempt_budgets_join_queue_login_ids_become_text_and_conference_left_is_next()
    {
        var flow = Import("operators.callytics.json", "callytics");

        Assert.Equal("""{"tts":"Press 1 to log in to your queues, 2 for the team conference, 3 to request a callback."}""", Json(Config(flow, "node_2")["prompt"]));
        Assert.Equal("""{"queues":["12","support-internet"],"pin_max_digits":6,"max_attempts":3,"prompt":{"audio":"enter-pin"}}""", Json(Config(flow, "node_3")));
        Assert.Equal(["next->node_8"], Edges(flow, "node_4"));
        Assert.Equal(2, Config(flow, "node_5")["max_retries"]!.GetValue<long>());
        Assert.Equal("dtmf", Config(flow, "node_6")["number_source"]!.GetValue<string>());
        Assert.Equal("PUT", Config(flow, "node_7")["method"]!.GetValue<string>());
    }

    [Fact]
    public void Whatomate_entry_node_gets_a_start_node_above_it()
    {
        var flow = Import("bank-line.whatomate.json", "whatomate");

        Assert.Equal("start", flow["nodes"]![0]!["type"]!.GetValue<string>());
        Assert.Equal(["next->greet"], Edges(flow, "start"));
        Assert.Equal("""{"x":300,"y":0}""", Json(flow["layout"]!["start"]));
    }

    [Fact]
    public void Whatomate_timing_becomes_business_hours_across_midnight_with_holidays()
    {
        var flow = Import("bank-line.whatomate.json", "whatomate");
        var config = Config(flow, "hours");

        Assert.Equal("business_hours", Node(flow, "hours")["type"]!.GetValue<string>());
        Assert.Equal("""[{"start":"22:00","end":"02:00"}]""", Json(config["schedule"]!["saturday"]));
        Assert.Equal("""[{"date":"2026-11-26","name":"Holiday"},{"date":"2026-12-25","name":"Christmas"}]""", Json(config["holidays"]));
        Assert.Equal(["in_hours->main", "out_of_hours->closed"], Edges(flow, "hours"));
    }

    [Fact]
    public void Whatomate_gather_and_http_callback_store_what_they_read()
    {
        var flow = Import("bank-line.whatomate.json", "whatomate");

        Assert.Equal("get_digits", Node(flow, "account")["type"]!.GetValue<string>());
        Assert.Equal("""{"variable":"account","max_digits":8,"min_digits":8,"timeout_ms":10000,"prompt":{"tts":"Please enter your eight digit account number, then the hash key."},"terminator":"#"}""", Json(Config(flow, "account")));
        Assert.Equal("http_request", Node(flow, "balance_api")["type"]!.GetValue<string>());
        Assert.Equal("balance_json", Config(flow, "balance_api")["store_response_as"]!.GetValue<string>());
        Assert.Equal("GET", Config(flow, "balance_api")["method"]!.GetValue<string>());
        Assert.Equal(4000, Config(flow, "balance_api")["timeout_ms"]!.GetValue<long>());
        Assert.Equal(["success->balance_ok", "failure->adviser"], Edges(flow, "balance_api"));
    }

    [Fact]
    public void Whatomate_menu_greeting_transfer_and_goto_flow_map()
    {
        var flow = Import("bank-line.whatomate.json", "whatomate");

        Assert.Equal("""{"tts":"Welcome to Example Bank.","voice":"en-us"}""", Json(Config(flow, "greet")["prompt"]));
        Assert.Equal(8000, Config(flow, "main")["timeout_ms"]!.GetValue<long>());
        Assert.Equal(["digit:1->account", "digit:2->adviser", "digit:9->cards", "max_retries->bye"], Edges(flow, "main"));
        Assert.Equal("""{"destination":{"type":"extension","value":"advisers"},"timeout_ms":40000}""", Json(Config(flow, "adviser")));
        Assert.Equal(["completed->bye", "no_answer->closed"], Edges(flow, "adviser"));
        Assert.Equal("""{"flow":"card-services"}""", Json(Config(flow, "cards")));
    }

    [Fact]
    public void Whatomate_numeric_ids_are_sanitized_everywhere_and_object_bodies_become_text()
    {
        var flow = Import("clinic.whatomate.json", "whatomate");

        Assert.Equal("clinic-appointments", flow["id"]!.GetValue<string>());
        Assert.Equal(["digit:1->n_4", "digit:2->n_5", "digit:9->n_2"], Edges(flow, "n_3"));
        Assert.Equal("""{"reference":"{{booking_ref}}","caller":"{{caller_id}}"}""", Config(flow, "n_6")["body"]!.GetValue<string>());
        Assert.Null(Config(flow, "n_5")["terminator"]);
        Assert.True(Config(flow, "n_5").ContainsKey("terminator"));
        Assert.Equal("""{"destination":{"type":"pstn","value":"+1 (555) 010-2000"},"trunk":"pstn-main","timeout_ms":25000}""", Json(Config(flow, "n_8")));
    }

    [Fact]
    public void The_same_export_always_gives_the_same_bytes()
    {
        var first = FlowImporter.ImportFile(FlowImporter.Find("whatomate")!, ImportSampleTests.Sample("clinic.whatomate.json")).Json;
        var second = FlowImporter.ImportFile(FlowImporter.Find("whatomate")!, ImportSampleTests.Sample("clinic.whatomate.json")).Json;

        Assert.Equal(first, second);
    }
}
