using Callytics.Compiler.Tests.Support;
using static Callytics.Compiler.Tests.Support.Verify;

namespace Callytics.Compiler.Tests.Rules;

/// <summary>flow-language.md §3 "Analysis" (CFL3xxx): reachability, endless loops, unassigned variables, and the warnings.</summary>
public class AnalysisTests
{
    [Fact]
    public void CFL3001_unreachable_node_points_at_its_id() => Flow("""
        {
          "schemaVersion": 1,
          "id": "t",
          "nodes": [
            { "id": "start", "type": "start" },
            { "id": "bye", "type": "hangup" },
            { "id": {|CFL3001:"orphan"|}, "type": "hangup" }
          ],
          "edges": [{ "source": "start", "target": "bye" }]
        }
        """);

    [Fact]
    public void CFL3001_nodes_reached_only_through_webhooks_are_reachable() => Clean("""
        {
          "schemaVersion": 1,
          "id": "t",
          "nodes": [
            { "id": "start", "type": "start" },
            { "id": "bye", "type": "hangup" },
            { "id": "h1", "type": "webhook", "config": { "url": "https://h.example.com/1" } },
            { "id": "h2", "type": "webhook", "config": { "url": "https://h.example.com/2" } }
          ],
          "edges": [{ "source": "start", "target": "bye" }, { "source": "bye", "target": "h1" }, { "source": "h1", "target": "h2" }]
        }
        """);

    [Fact]
    public void CFL3002_loop_without_waiting_points_at_its_first_node() => Flow("""
        {
          "schemaVersion": 1,
          "id": "t",
          "nodes": [
            { "id": "start", "type": "start" },
            { "id": {|CFL3002:"count"|}, "type": "set_variable", "config": { "assign": { "n": "1" } } },
            { "id": "check", "type": "branch", "config": { "rules": [{ "name": "done", "when": { "variable": "n", "op": "eq", "value": "3" } }] } },
            { "id": "bye", "type": "hangup" }
          ],
          "edges": [
            { "source": "start", "target": "count" },
            { "source": "count", "target": "check" },
            { "source": "check", "sourceHandle": "rule:done", "target": "bye" },
            { "source": "check", "sourceHandle": "default", "target": "count" }
          ]
        }
        """);

    [Fact]
    public void CFL3002_loop_through_a_menu_waits_for_the_caller() => Clean("""
        {
          "schemaVersion": 1,
          "id": "t",
          "nodes": [
            { "id": "start", "type": "start" },
            { "id": "m", "type": "menu", "config": { "prompt": { "sound": "menu" }, "options": { "1": { "label": "Again" }, "2": { "label": "Bye" } } } },
            { "id": "note", "type": "set_variable", "config": { "assign": { "choice": "again" } } },
            { "id": "bye", "type": "hangup" }
          ],
          "edges": [
            { "source": "start", "target": "m" },
            { "source": "m", "sourceHandle": "digit:1", "target": "note" },
            { "source": "note", "target": "m" },
            { "source": "m", "sourceHandle": "digit:2", "target": "bye" }
          ]
        }
        """);

    [Fact]
    public void CFL3003_variable_assigned_on_one_path_only_points_at_the_read() => Flow("""
        {
          "schemaVersion": 1,
          "id": "t",
          "nodes": [
            { "id": "start", "type": "start" },
            { "id": "m", "type": "menu", "config": { "prompt": { "sound": "menu" }, "options": { "1": { "label": "Enter" }, "2": { "label": "Skip" } } } },
            { "id": "acct", "type": "get_digits", "config": { "variable": "account", "max_digits": 8 } },
            { "id": "api", "type": "http_request", "config": { "url": {|CFL3003:"https://api.example.com/accounts/{{account}}"|} } },
            { "id": "bye", "type": "hangup" }
          ],
          "edges": [
            { "source": "start", "target": "m" },
            { "source": "m", "sourceHandle": "digit:1", "target": "acct" },
            { "source": "m", "sourceHandle": "digit:2", "target": "api" },
            { "source": "acct", "target": "api" },
            { "source": "api", "sourceHandle": "success", "target": "bye" },
            { "source": "api", "sourceHandle": "failure", "target": "bye" }
          ]
        }
        """);

    [Fact]
    public void CFL3003_branch_reading_a_variable_never_assigned() => Flow("""
        {
          "schemaVersion": 1,
          "id": "t",
          "nodes": [
            { "id": "start", "type": "start" },
            { "id": "b", "type": "branch", "config": { "rules": [{ "name": "vip", "when": { "variable": {|CFL3003:"tier"|}, "op": "eq", "value": "gold" } }] } },
            { "id": "bye", "type": "hangup" }
          ],
          "edges": [
            { "source": "start", "target": "b" },
            { "source": "b", "sourceHandle": "rule:vip", "target": "bye" },
            { "source": "b", "sourceHandle": "default", "target": "bye" }
          ]
        }
        """);

    [Fact]
    public void CFL3003_variables_assigned_on_every_path_and_builtins_give_no_warning() => Clean("""
        {
          "schemaVersion": 1,
          "id": "t",
          "nodes": [
            { "id": "start", "type": "start" },
            { "id": "m", "type": "menu", "config": { "prompt": { "sound": "menu" }, "options": { "1": { "label": "Gold" }, "2": { "label": "Basic" } } } },
            { "id": "gold", "type": "set_variable", "config": { "assign": { "tier": "gold" } } },
            { "id": "basic", "type": "get_digits", "config": { "variable": "tier" } },
            { "id": "api", "type": "http_request", "config": { "url": "https://api.example.com/t/{{tier}}?from={{caller_id}}&at={{now}}", "store_response_as": "raw" } },
            { "id": "say", "type": "set_variable", "config": { "assign": { "msg": "{{raw}} {{tier}} {{call_id}}" } } },
            { "id": "bye", "type": "hangup" }
          ],
          "edges": [
            { "source": "start", "target": "m" },
            { "source": "m", "sourceHandle": "digit:1", "target": "gold" },
            { "source": "m", "sourceHandle": "digit:2", "target": "basic" },
            { "source": "gold", "target": "api" },
            { "source": "basic", "target": "api" },
            { "source": "api", "sourceHandle": "success", "target": "say" },
            { "source": "api", "sourceHandle": "failure", "target": "bye" },
            { "source": "say", "target": "bye" }
          ]
        }
        """);

    [Fact]
    public void CFL3003_builtins_stay_assigned_after_a_subflow_call() => Clean("""
        {
          "schemaVersion": 1,
          "id": "t",
          "nodes": [
            { "id": "start", "type": "start" },
            { "id": "call", "type": "subflow", "config": { "flow": "billing" } },
            { "id": "bye", "type": "hangup" },
            { "id": "hook", "type": "webhook", "config": { "url": "https://h.example.com/{{flow_id}}?c={{caller_id}}" } }
          ],
          "edges": [{ "source": "start", "target": "call" }, { "source": "call", "target": "bye" }, { "source": "bye", "target": "hook" }]
        }
        """);

    [Fact]
    public void CFL3004_unhandled_http_failure_points_at_the_node() => Flow("""
        {
          "schemaVersion": 1,
          "id": "t",
          "nodes": [
            { "id": "start", "type": "start" },
            { "id": {|CFL3004:"api"|}, "type": "http_request", "config": { "url": "https://api.example.com/x" } },
            { "id": "bye", "type": "hangup" }
          ],
          "edges": [{ "source": "start", "target": "api" }, { "source": "api", "sourceHandle": "success", "target": "bye" }]
        }
        """);

    [Fact]
    public void CFL3005_one_digit_option_prefixing_a_two_digit_one_is_info_at_the_key() => Flow("""
        {
          "schemaVersion": 1,
          "id": "t",
          "nodes": [
            { "id": "start", "type": "start" },
            { "id": "m", "type": "menu", "config": { "prompt": { "sound": "menu" }, "options": { {|CFL3005:"2"|}: { "label": "Staff" }, "21": { "label": "HR" }, "3": { "label": "Other" } } } },
            { "id": "bye", "type": "hangup" }
          ],
          "edges": [
            { "source": "start", "target": "m" },
            { "source": "m", "sourceHandle": "digit:2", "target": "bye" },
            { "source": "m", "sourceHandle": "digit:21", "target": "bye" },
            { "source": "m", "sourceHandle": "digit:3", "target": "bye" }
          ]
        }
        """);

    [Fact]
    public void CFL3006_business_hours_never_open() => Flow("""
        {
          "schemaVersion": 1,
          "id": "t",
          "nodes": [
            { "id": "start", "type": "start" },
            { "id": {|CFL3006:"hours"|}, "type": "business_hours", "config": { "timezone": "UTC", "schedule": { "monday": [] } } },
            { "id": "bye", "type": "hangup" }
          ],
          "edges": [
            { "source": "start", "target": "hours" },
            { "source": "hours", "sourceHandle": "in_hours", "target": "bye" },
            { "source": "hours", "sourceHandle": "out_of_hours", "target": "bye" }
          ]
        }
        """);

    [Fact]
    public void CFL3006_a_22_00_to_02_00_schedule_is_open() => Clean("""
        {
          "schemaVersion": 1,
          "id": "t",
          "nodes": [
            { "id": "start", "type": "start" },
            { "id": "hours", "type": "business_hours", "config": { "timezone": "Europe/Paris", "schedule": { "sunday": [{ "start": "22:00", "end": "02:00" }] } } },
            { "id": "bye", "type": "hangup" }
          ],
          "edges": [
            { "source": "start", "target": "hours" },
            { "source": "hours", "sourceHandle": "in_hours", "target": "bye" },
            { "source": "hours", "sourceHandle": "out_of_hours", "target": "bye" }
          ]
        }
        """);

    [Fact]
    public void CFL3007_return_in_a_flow_never_called_as_subflow() => Flow("""
        {
          "schemaVersion": 1,
          "id": "t",
          "nodes": [
            { "id": "start", "type": "start" },
            { "id": {|CFL3007:"back"|}, "type": "return" }
          ],
          "edges": [{ "source": "start", "target": "back" }]
        }
        """);
}
