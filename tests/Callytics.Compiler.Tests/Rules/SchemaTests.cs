using Callytics.Compiler.Tests.Support;
using static Callytics.Compiler.Tests.Support.Verify;

namespace Callytics.Compiler.Tests.Rules;

/// <summary>flow-language.md §3 "Schema" (CFL1xxx): types, required and unknown properties, ranges, ids and formats.</summary>
public class SchemaTests
{
    /// <summary>A flow whose only node besides start is <paramref name="node"/> (id "n"), connected from start; terminal nodes keep it clean.</summary>
    private static string With(string node) => $$"""
        {
          "schemaVersion": 1,
          "id": "t",
          "nodes": [
            { "id": "start", "type": "start" },
            {{node}}
          ],
          "edges": [{ "source": "start", "target": "n" }]
        }
        """;

    /// <summary>A flow where <paramref name="node"/> (id "n", a webhook) fires when the hangup node finishes.</summary>
    internal static string WithWebhook(string node) => $$"""
        {
          "schemaVersion": 1,
          "id": "t",
          "nodes": [
            { "id": "start", "type": "start" },
            { "id": "bye", "type": "hangup" },
            {{node}}
          ],
          "edges": [{ "source": "start", "target": "bye" }, { "source": "bye", "target": "n" }]
        }
        """;

    [Fact]
    public void CFL1001_wrong_type_points_at_the_value() => Flow(With("""{ "id": "n", "type": "voicemail", "config": { "prompt": { "sound": "beep" }, "max_duration_s": {|CFL1001:"60"|} } }"""));

    [Fact]
    public void CFL1001_boolean_given_as_string() => Flow(With("""{ "id": "n", "type": "voicemail", "config": { "prompt": { "sound": "beep" }, "beep": {|CFL1001:"yes"|} } }"""));

    [Fact]
    public void CFL1001_config_that_is_not_an_object() => Flow(With("""{ "id": "n", "type": "hangup", "config": {|CFL1001:[]|} }"""));

    [Fact]
    public void CFL1001_document_that_is_an_array() => Flow("{|CFL1001:[]|}");

    [Fact]
    public void CFL1002_missing_required_config_points_at_the_node() => Flow(With("""{|CFL1002:|}{ "id": "n", "type": "voicemail" }"""));

    [Fact]
    public void CFL1002_missing_required_config_property_points_at_the_config() => Flow(With("""{ "id": "n", "type": "voicemail", "config": {|CFL1002:|}{ "beep": false } }"""));

    [Fact]
    public void CFL1002_missing_document_property_points_at_the_document() => Flow("""
        {|CFL1002:|}{
          "schemaVersion": 1,
          "nodes": [{ "id": "start", "type": "start" }, { "id": "n", "type": "hangup" }],
          "edges": [{ "source": "start", "target": "n" }]
        }
        """);

    [Fact]
    public void CFL1002_dtmf_callback_needs_a_prompt() => Flow(With("""{ "id": "n", "type": "callback", "config": {|CFL1002:|}{ "number_source": "dtmf" } }"""));

    [Fact]
    public void CFL1003_unknown_config_property_points_at_the_key() => Flow(With("""{ "id": "n", "type": "hangup", "config": { {|CFL1003:"promt"|}: { "sound": "bye" } } }"""));

    [Fact]
    public void CFL1003_unknown_document_property() => Flow("""
        {
          "schemaVersion": 1,
          "id": "t",
          {|CFL1003:"node"|}: [],
          "nodes": [{ "id": "start", "type": "start" }, { "id": "n", "type": "hangup" }],
          "edges": [{ "source": "start", "target": "n" }]
        }
        """);

    [Fact]
    public void CFL1003_x_prefixed_keys_are_kept_and_ignored_everywhere() => Clean("""
        {
          "schemaVersion": 1,
          "id": "t",
          "x-owner": "ops",
          "nodes": [
            { "id": "start", "type": "start", "x-color": "red" },
            { "id": "n", "type": "hangup", "config": { "x-note": 1, "prompt": { "sound": "bye", "x-v": 2 } } }
          ],
          "edges": [{ "source": "start", "target": "n", "x-style": "dashed" }],
          "layout": { "x-zoom": 2, "start": { "x": 0, "y": 0, "x-w": 1 } }
        }
        """);

    [Fact]
    public void CFL1004_unsupported_schema_version() => Flow("""
        {
          "schemaVersion": {|CFL1004:2|},
          "id": "t",
          "nodes": [{ "id": "start", "type": "start" }, { "id": "n", "type": "hangup" }],
          "edges": [{ "source": "start", "target": "n" }]
        }
        """);

    [Fact]
    public void CFL1005_invalid_flow_id() => Flow("""
        {
          "schemaVersion": 1,
          "id": {|CFL1005:"Support Line"|},
          "nodes": [{ "id": "start", "type": "start" }, { "id": "n", "type": "hangup" }],
          "edges": [{ "source": "start", "target": "n" }]
        }
        """);

    [Fact]
    public void CFL1005_invalid_flow_id_in_a_subflow_reference() => Flow(With("""{ "id": "n", "type": "goto_flow", "config": { "flow": {|CFL1005:"Billing"|} } }"""));

    [Fact]
    public void CFL1006_invalid_node_id_does_not_cascade_into_edge_errors() => Flow(With("""{ "id": {|CFL1006:"n!"|}, "type": "hangup" }""").Replace("\"target\": \"n\"", "\"target\": \"n!\""));

    [Fact]
    public void CFL1007_unknown_node_type_suggests_the_closest() => Flow(With("""{ "id": "n", "type": {|CFL1007:"hang_up"|} }"""));

    [Fact]
    public void CFL1008_value_above_the_maximum() => Flow(With("""{ "id": "n", "type": "voicemail", "config": { "prompt": { "sound": "beep" }, "max_duration_s": {|CFL1008:3601|} } }"""));

    [Fact]
    public void CFL1008_negative_and_fractional_values() => Flow(With("""{ "id": "n", "type": "queue_login", "config": { "queues": ["q"], "pin_max_digits": {|CFL1008:-1|}, "max_attempts": {|CFL1008:2.5|} } }"""));

    [Fact]
    public void CFL1008_bounds_are_inclusive() => Clean(With("""{ "id": "n", "type": "voicemail", "config": { "prompt": { "sound": "beep" }, "max_duration_s": 3600 } }"""));

    [Fact]
    public void CFL1009_value_outside_the_enum() => Flow(With("""{ "id": "n", "type": "voicemail", "config": { "prompt": { "sound": "beep" }, "format": {|CFL1009:"mp3"|} } }"""));

    [Fact]
    public void CFL1009_destination_type_outside_the_enum() => Flow(With("""{ "id": "n", "type": "transfer", "config": { "destination": { "type": {|CFL1009:"phone"|}, "value": "100" } } }"""));

    [Fact]
    public void CFL1010_prompt_with_two_kinds() => Flow(With("""{ "id": "n", "type": "hangup", "config": { "prompt": {|CFL1010:|}{ "audio": "bye", "tts": "Bye" } } }"""));

    [Fact]
    public void CFL1010_prompt_with_no_kind() => Flow(With("""{ "id": "n", "type": "hangup", "config": { "prompt": {|CFL1010:|}{ } } }"""));

    [Fact]
    public void CFL1010_voice_without_tts_points_at_the_voice() => Flow(With("""{ "id": "n", "type": "hangup", "config": { "prompt": { "sound": "bye", "voice": {|CFL1010:"en-us"|} } } }"""));

    [Fact]
    public void CFL1010_each_prompt_kind_alone_is_fine()
    {
        Clean(With("""{ "id": "n", "type": "hangup", "config": { "prompt": { "tts": "Goodbye", "voice": "en-us" } } }"""));
        Clean(With("""{ "id": "n", "type": "hangup", "config": { "prompt": { "audio": "goodbye" } } }"""));
    }

    private static string Hours(string config) => $$"""
        {
          "schemaVersion": 1,
          "id": "t",
          "nodes": [
            { "id": "start", "type": "start" },
            { "id": "n", "type": "business_hours", "config": {{config}} },
            { "id": "bye", "type": "hangup" }
          ],
          "edges": [
            { "source": "start", "target": "n" },
            { "source": "n", "sourceHandle": "in_hours", "target": "bye" },
            { "source": "n", "sourceHandle": "out_of_hours", "target": "bye" }
          ]
        }
        """;

    [Fact]
    public void CFL1011_invalid_time() => Flow(Hours("""{ "timezone": "UTC", "schedule": { "monday": [{ "start": {|CFL1011:"9:00"|}, "end": {|CFL1011:"25:00"|} }] } }"""));

    [Fact]
    public void CFL1011_24_00_is_an_end_not_a_start() => Flow(Hours("""{ "timezone": "UTC", "schedule": { "monday": [{ "start": {|CFL1011:"24:00"|}, "end": "02:00" }] } }"""));

    [Fact]
    public void CFL1011_a_range_crossing_midnight_and_an_end_of_24_00_are_fine() =>
        Clean(Hours("""{ "timezone": "Europe/Paris", "schedule": { "friday": [{ "start": "22:00", "end": "02:00" }], "saturday": [{ "start": "08:00", "end": "24:00" }] } }"""));

    [Fact]
    public void CFL1012_unknown_time_zone() => Flow(Hours("""{ "timezone": {|CFL1012:"Europe/Pariss"|}, "schedule": { "monday": [{ "start": "09:00", "end": "17:00" }] } }"""));

    [Fact]
    public void CFL1013_invalid_holiday_date() => Flow(Hours("""{ "timezone": "UTC", "schedule": { "monday": [{ "start": "09:00", "end": "17:00" }] }, "holidays": [{ "date": {|CFL1013:"2026-02-30"|}, "name": "x" }] }"""));

    [Fact]
    public void CFL1014_url_that_is_not_http() => Flow(WithWebhook("""{ "id": "n", "type": "webhook", "config": { "url": {|CFL1014:"ftp://files.example.com/x"|} } }"""));

    [Fact]
    public void CFL1014_relative_url() => Flow(WithWebhook("""{ "id": "n", "type": "webhook", "config": { "url": {|CFL1014:"/hooks/call"|} } }"""));

    [Fact]
    public void CFL1015_invalid_extension() => Flow(With("""{ "id": "n", "type": "transfer", "config": { "destination": { "type": "extension", "value": {|CFL1015:"desk 12"|} } } }"""));

    [Fact]
    public void CFL1016_invalid_phone_number() => Flow(With("""{ "id": "n", "type": "transfer", "config": { "destination": { "type": "pstn", "value": {|CFL1016:"12"|} }, "trunk": "main" } }"""));

    [Fact]
    public void CFL1016_punctuated_number_with_trunk_is_fine() =>
        Clean(With("""{ "id": "n", "type": "transfer", "config": { "destination": { "type": "pstn", "value": "+33 (1) 23-45.67.89" }, "trunk": "main" } }"""));

    [Fact]
    public void CFL1017_invalid_sip_uri() => Flow(With("""{ "id": "n", "type": "transfer", "config": { "destination": { "type": "sip_uri", "value": {|CFL1017:"desk@pbx"|} } } }"""));

    [Fact]
    public void CFL1018_pstn_transfer_without_trunk() => Flow(With("""{ "id": "n", "type": "transfer", "config": { "destination": {|CFL1018:|}{ "type": "pstn", "value": "+3312345678" } } }"""));

    [Fact]
    public void CFL1018_pstn_hunt_destination_without_trunk() => Flow(With("""
        { "id": "n", "type": "hunt_group", "config": { "strategy": "ordered", "destinations": [
          { "type": "extension", "value": "100" },
          {|CFL1018:|}{ "type": "pstn", "value": "+3312345678" } ] } }
        """));

    [Fact]
    public void CFL1019_invalid_variable_name_points_at_the_key() => Flow("""
        {
          "schemaVersion": 1,
          "id": "t",
          "nodes": [
            { "id": "start", "type": "start" },
            { "id": "set", "type": "set_variable", "config": { "assign": { {|CFL1019:"Tier"|}: "gold" } } },
            { "id": "d", "type": "get_digits", "config": { "variable": {|CFL1019:"2fa"|} } },
            { "id": "bye", "type": "hangup" }
          ],
          "edges": [{ "source": "start", "target": "set" }, { "source": "set", "target": "d" }, { "source": "d", "target": "bye" }]
        }
        """);

    [Fact]
    public void CFL1020_unclosed_template() => Flow(WithWebhook("""{ "id": "n", "type": "webhook", "config": { "url": "https://h.example.com/x", "headers": { "X-Caller": {|CFL1020:"{{caller_id"|} } } }"""));

    [Fact]
    public void CFL1021_template_in_url_host() => Flow(WithWebhook("""{ "id": "n", "type": "webhook", "config": { "url": {|CFL1021:"https://{{tenant}}.example.com/x"|} } }"""));

    [Fact]
    public void CFL1021_template_in_path_is_fine() =>
        Clean(WithWebhook("""{ "id": "n", "type": "webhook", "config": { "url": "https://h.example.com/calls/{{call_id}}?from={{caller_id}}" } }"""));

    [Fact]
    public void CFL1022_invalid_menu_key_points_at_the_key() => Flow("""
        {
          "schemaVersion": 1,
          "id": "t",
          "nodes": [
            { "id": "start", "type": "start" },
            { "id": "m", "type": "menu", "config": { "prompt": { "sound": "menu" }, "options": { "1": {}, {|CFL1022:"123"|}: {} } } },
            { "id": "bye", "type": "hangup" }
          ],
          "edges": [
            { "source": "start", "target": "m" },
            { "source": "m", "sourceHandle": "digit:1", "target": "bye" }
          ]
        }
        """);

    private static string Branch(string rules, params string[] outputs) => $$"""
        {
          "schemaVersion": 1,
          "id": "t",
          "nodes": [
            { "id": "start", "type": "start" },
            { "id": "set", "type": "set_variable", "config": { "assign": { "tier": "gold" } } },
            { "id": "b", "type": "branch", "config": { "rules": {{rules}} } },
            { "id": "bye", "type": "hangup" }
          ],
          "edges": [
            { "source": "start", "target": "set" },
            { "source": "set", "target": "b" },
            {{string.Concat(outputs.Select(o => $"{{ \"source\": \"b\", \"sourceHandle\": \"{o}\", \"target\": \"bye\" }},"))}}
            { "source": "b", "sourceHandle": "default", "target": "bye" }
          ]
        }
        """;

    [Fact]
    public void CFL1023_invalid_regex() => Flow(Branch("""[{ "name": "vip", "when": { "variable": "tier", "op": "matches", "value": {|CFL1023:"(gold"|} } }]"""));

    [Fact]
    public void CFL1023_valid_regex_and_every_operator_are_fine() => Clean(Branch("""
        [{ "name": "a", "when": { "variable": "tier", "op": "matches", "value": "^(gold|platinum)$" } },
         { "name": "b", "when": { "variable": "tier", "op": "eq", "value": "gold" } },
         { "name": "c", "when": { "variable": "tier", "op": "ne", "value": "" } },
         { "name": "d", "when": { "variable": "tier", "op": "lt", "value": 10 } },
         { "name": "e", "when": { "variable": "tier", "op": "gt", "value": "2.5" } },
         { "name": "f", "when": { "variable": "tier", "op": "contains", "value": "ol" } },
         { "name": "g", "when": { "variable": "tier", "op": "empty" } },
         { "name": "h", "when": { "variable": "tier", "op": "not_empty" } }]
        """, "rule:a", "rule:b", "rule:c", "rule:d", "rule:e", "rule:f", "rule:g", "rule:h"));

    [Fact]
    public void CFL1024_invalid_jsonpath() => Flow("""
        {
          "schemaVersion": 1,
          "id": "t",
          "nodes": [
            { "id": "start", "type": "start" },
            { "id": "api", "type": "http_request", "config": { "url": "https://api.example.com/b", "extract": { "balance": {|CFL1024:"account.balance"|} } } },
            { "id": "bye", "type": "hangup" }
          ],
          "edges": [
            { "source": "start", "target": "api" },
            { "source": "api", "sourceHandle": "success", "target": "bye" },
            { "source": "api", "sourceHandle": "failure", "target": "bye" }
          ]
        }
        """);

    [Fact]
    public void CFL1025_invalid_room_name() => Flow(With("""{ "id": "n", "type": "conference", "config": { "room": {|CFL1025:"team room"|} } }"""));

    [Fact]
    public void CFL1026_min_digits_above_max_digits() => Flow("""
        {
          "schemaVersion": 1,
          "id": "t",
          "nodes": [
            { "id": "start", "type": "start" },
            { "id": "pin", "type": "get_digits", "config": { "variable": "pin", "max_digits": 4, "min_digits": {|CFL1026:6|} } },
            { "id": "bye", "type": "hangup" }
          ],
          "edges": [{ "source": "start", "target": "pin" }, { "source": "pin", "target": "bye" }]
        }
        """);

    [Fact]
    public void CFL1027_menu_without_options() => Flow("""
        {
          "schemaVersion": 1,
          "id": "t",
          "nodes": [
            { "id": "start", "type": "start" },
            { "id": "m", "type": "menu", "config": { "prompt": { "sound": "menu" }, "options": {|CFL1027:|}{ } } }
          ],
          "edges": [{ "source": "start", "target": "m" }]
        }
        """);

    [Fact]
    public void CFL1027_queue_login_without_queues() => Flow(With("""{ "id": "n", "type": "queue_login", "config": { "queues": {|CFL1027:[|}] } }"""));

    [Fact]
    public void CFL1028_hunt_group_with_33_destinations()
    {
        var destinations = string.Join(", ", Enumerable.Range(100, 33).Select(i => $$"""{ "type": "extension", "value": "{{i}}" }"""));
        Flow(With($$"""{ "id": "n", "type": "hunt_group", "config": { "strategy": "simultaneous", "destinations": {|CFL1028:[|}{{destinations}}] } }"""));
        Clean(With($$"""{ "id": "n", "type": "hunt_group", "config": { "strategy": "simultaneous", "destinations": [{{destinations[..destinations.LastIndexOf(", {", StringComparison.Ordinal)]}}] } }"""));
    }

    [Fact]
    public void CFL1029_duplicate_rule_name() => Flow(Branch("""
        [{ "name": "vip", "when": { "variable": "tier", "op": "eq", "value": "gold" } },
         { "name": {|CFL1029:"vip"|}, "when": { "variable": "tier", "op": "eq", "value": "platinum" } }]
        """, "rule:vip"));

    [Fact]
    public void CFL1030_numeric_operator_with_text() => Flow(Branch("""[{ "name": "big", "when": { "variable": "tier", "op": "gt", "value": {|CFL1030:"lots"|} } }]""", "rule:big"));

    [Fact]
    public void CFL1030_empty_with_a_value() => Flow(Branch("""[{ "name": "none", "when": { "variable": "tier", "op": "empty", "value": {|CFL1030:"x"|} } }]""", "rule:none"));

    [Fact]
    public void CFL1030_eq_without_a_value_points_at_the_condition() => Flow(Branch("""[{ "name": "none", "when": {|CFL1030:|}{ "variable": "tier", "op": "eq" } }]""", "rule:none"));

    [Fact]
    public void CFL1031_invalid_rule_name() => Flow(Branch("""[{ "name": {|CFL1031:"gold tier"|}, "when": { "variable": "tier", "op": "eq", "value": "gold" } }]"""));

    [Fact]
    public void CFL1032_invalid_queue_id() => Flow(With("""{ "id": "n", "type": "queue_login", "config": { "queues": ["sales", {|CFL1032:"after sales"|}] } }"""));

    [Fact]
    public void CFL1033_invalid_header_name_points_at_the_key() => Flow(WithWebhook("""{ "id": "n", "type": "webhook", "config": { "url": "https://h.example.com/x", "headers": { {|CFL1033:"X Caller"|}: "{{caller_id}}" } } }"""));

    [Fact]
    public void CFL1034_empty_audio_id() => Flow(With("""{ "id": "n", "type": "hangup", "config": { "prompt": { "audio": {|CFL1034:""|} } } }"""));

    [Fact]
    public void CFL1035_duplicate_holiday() => Flow(Hours("""
        { "timezone": "UTC", "schedule": { "monday": [{ "start": "09:00", "end": "17:00" }] },
          "holidays": [{ "date": "2026-12-25", "name": "Christmas" }, { "date": {|CFL1035:"2026-12-25"|}, "name": "Again" }] }
        """));

    [Fact]
    public void Holiday_open_in_ranges_is_fine() => Clean(Hours("""
        { "timezone": "America/New_York", "schedule": { "monday": [{ "start": "09:00", "end": "17:00" }] },
          "holidays": [{ "date": "2026-12-24", "name": "Christmas Eve", "ranges": [{ "start": "09:00", "end": "12:00" }] }] }
        """));
}
