using static Callytics.Compiler.Tests.Support.Verify;

namespace Callytics.Compiler.Tests.Rules;

/// <summary>queue_status (flow-language.md §2): its config, its outputs and the variables it sets, as the checker reports them.</summary>
public class QueueStatusTests
{
    [Fact]
    public void A_complete_queue_status_checks_clean_and_its_variables_count_as_assigned() => Flow("""
        {
          "schemaVersion": 1,
          "id": "t",
          "nodes": [
            { "id": "start", "type": "start" },
            { "id": "check", "type": "queue_status", "config": { "queue": "sales", "busy_when_waiting": 5, "busy_when_wait_ms": 60000 } },
            { "id": "wait", "type": "set_variable", "config": { "assign": { "summary": "{{queue_waiting}} waiting, {{queue_operators_free}} free, {{queue_estimated_wait_s}} s" } } },
            { "id": "q", "type": "queue", "config": { "queue": "sales" } },
            { "id": "bye", "type": "hangup" }
          ],
          "edges": [
            { "source": "start", "target": "check" },
            { "source": "check", "sourceHandle": "staffed", "target": "wait" },
            { "source": "check", "sourceHandle": "busy", "target": "bye" },
            { "source": "check", "sourceHandle": "unstaffed", "target": "bye" },
            { "source": "wait", "target": "q" }
          ]
        }
        """);

    [Fact]
    public void The_queue_is_required_and_the_thresholds_are_checked_where_they_are_written() => Flow("""
        {
          "schemaVersion": 1,
          "id": "t",
          "nodes": [
            { "id": "start", "type": "start" },
            { "id": "check", "type": "queue_status", "config": {|CFL1002:{ "busy_when_waiting": {|CFL1008:0|}, "busy_when_wait_ms": {|CFL1008:500|} }|} },
            { "id": "other", "type": "queue_status", "config": { "queue": {|CFL1032:"no spaces"|}, "busy_when_waiting": {|CFL1001:"5"|} } },
            { "id": "bye", "type": "hangup" }
          ],
          "edges": [
            { "source": "start", "target": "check" },
            { "source": "check", "sourceHandle": "staffed", "target": "other" },
            { "source": "check", "sourceHandle": "unstaffed", "target": "bye" },
            { "source": "other", "sourceHandle": "staffed", "target": "bye" },
            { "source": "other", "sourceHandle": "unstaffed", "target": "bye" }
          ]
        }
        """);

    [Fact]
    public void Staffed_and_unstaffed_must_be_connected_busy_need_not_be_and_an_unknown_output_is_reported() => Flow("""
        {
          "schemaVersion": 1,
          "id": "t",
          "nodes": [
            { "id": "start", "type": "start" },
            { "id": "check", "type": "queue_status", "config": { "queue": "sales" } },
            { "id": "bye", "type": "hangup" }
          ],
          "edges": [
            { "source": "start", "target": "check" },
            { "source": "check", "sourceHandle": "staffed", "target": "bye" },
            { "source": "check", "sourceHandle": {|CFL2006:"full"|}, "target": "bye" }
          ]
        }
        """, Expect("CFL2008", 6, 13));

    [Fact]
    public void Its_variables_are_not_assigned_on_a_path_that_skips_it() => Flow("""
        {
          "schemaVersion": 1,
          "id": "t",
          "nodes": [
            { "id": "start", "type": "start" },
            { "id": "menu", "type": "menu", "config": { "prompt": { "sound": "m" }, "options": { "1": {}, "2": {} } } },
            { "id": "check", "type": "queue_status", "config": { "queue": "sales" } },
            { "id": "say", "type": "set_variable", "config": { "assign": { "w": {|CFL3003:"{{queue_waiting}} waiting"|} } } },
            { "id": "bye", "type": "hangup" }
          ],
          "edges": [
            { "source": "start", "target": "menu" },
            { "source": "menu", "sourceHandle": "digit:1", "target": "check" },
            { "source": "menu", "sourceHandle": "digit:2", "target": "say" },
            { "source": "check", "sourceHandle": "staffed", "target": "say" },
            { "source": "check", "sourceHandle": "unstaffed", "target": "bye" },
            { "source": "say", "target": "bye" }
          ]
        }
        """);
}
