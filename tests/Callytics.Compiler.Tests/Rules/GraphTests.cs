using Callytics.Compiler.Tests.Support;
using static Callytics.Compiler.Tests.Support.Verify;

namespace Callytics.Compiler.Tests.Rules;

/// <summary>flow-language.md §3 "Graph" (CFL2xxx): start, ids, edges, handles, required outputs, terminal nodes.</summary>
public class GraphTests
{
    [Fact]
    public void CFL2001_no_start_node_points_at_the_nodes() => Flow("""
        {
          "schemaVersion": 1,
          "id": "t",
          "nodes": {|CFL2001:[|}
            { "id": "bye", "type": "hangup" }
          ],
          "edges": []
        }
        """);

    [Fact]
    public void CFL2002_second_start_points_at_its_id() => Flow("""
        {
          "schemaVersion": 1,
          "id": "t",
          "nodes": [
            { "id": "start", "type": "start" },
            { "id": {|CFL2002:"start2"|}, "type": "start" },
            { "id": "bye", "type": "hangup" }
          ],
          "edges": [{ "source": "start", "target": "bye" }, { "source": "start2", "target": "bye" }]
        }
        """, Expect("CFL3001", 6, 13));

    [Fact]
    public void CFL2003_duplicate_node_id_points_at_the_second() => Flow("""
        {
          "schemaVersion": 1,
          "id": "t",
          "nodes": [
            { "id": "start", "type": "start" },
            { "id": "bye", "type": "hangup" },
            { "id": {|CFL2003:"bye"|}, "type": "voicemail", "config": { "prompt": { "sound": "beep" } } }
          ],
          "edges": [{ "source": "start", "target": "bye" }]
        }
        """);

    [Fact]
    public void CFL2004_edge_from_a_node_that_does_not_exist() => Flow("""
        {
          "schemaVersion": 1,
          "id": "t",
          "nodes": [{ "id": "start", "type": "start" }, { "id": "bye", "type": "hangup" }],
          "edges": [{ "source": "start", "target": "bye" }, { "source": {|CFL2004:"strat"|}, "target": "bye" }]
        }
        """);

    [Fact]
    public void CFL2005_edge_to_a_node_that_does_not_exist() => Flow("""
        {
          "schemaVersion": 1,
          "id": "t",
          "nodes": [{ "id": {|CFL2008:"start"|}, "type": "start" }, { "id": {|CFL3001:"bye"|}, "type": "hangup" }],
          "edges": [{ "source": "start", "target": {|CFL2005:"by"|} }]
        }
        """);

    [Fact]
    public void CFL2006_unknown_handle_points_at_the_handle() => Flow("""
        {
          "schemaVersion": 1,
          "id": "t",
          "nodes": [
            { "id": "start", "type": "start" },
            { "id": "d", "type": "get_digits", "config": { "variable": "acct" } },
            { "id": "bye", "type": "hangup" }
          ],
          "edges": [
            { "source": "start", "target": "d" },
            { "source": "d", "target": "bye" },
            { "source": "d", "sourceHandle": {|CFL2006:"no_input"|}, "target": "bye" }
          ]
        }
        """);

    [Fact]
    public void CFL2006_menu_digit_that_is_not_an_option() => Flow("""
        {
          "schemaVersion": 1,
          "id": "t",
          "nodes": [
            { "id": "start", "type": "start" },
            { "id": "m", "type": "menu", "config": { "prompt": { "sound": "menu" }, "options": { "1": { "label": "Sales" } } } },
            { "id": "bye", "type": "hangup" }
          ],
          "edges": [
            { "source": "start", "target": "m" },
            { "source": "m", "sourceHandle": "digit:1", "target": "bye" },
            { "source": "m", "sourceHandle": {|CFL2006:"digit:2"|}, "target": "bye" }
          ]
        }
        """);

    [Fact]
    public void CFL2007_second_edge_from_the_same_output_points_at_its_handle() => Flow("""
        {
          "schemaVersion": 1,
          "id": "t",
          "nodes": [
            { "id": "start", "type": "start" },
            { "id": "a", "type": "hangup" },
            { "id": "b", "type": "hangup" }
          ],
          "edges": [
            { "source": "start", "sourceHandle": "next", "target": "a" },
            { "source": "start", "sourceHandle": {|CFL2007:"next"|}, "target": "b" }
          ]
        }
        """);

    [Fact]
    public void CFL2007_several_webhooks_on_one_output_are_fine() => Clean("""
        {
          "schemaVersion": 1,
          "id": "t",
          "nodes": [
            { "id": "start", "type": "start" },
            { "id": "a", "type": "hangup" },
            { "id": "h1", "type": "webhook", "config": { "url": "https://h.example.com/1" } },
            { "id": "h2", "type": "webhook", "config": { "url": "https://h.example.com/2" } }
          ],
          "edges": [
            { "source": "start", "target": "a" },
            { "source": "start", "target": "h1" },
            { "source": "start", "target": "h2" }
          ]
        }
        """);

    [Fact]
    public void CFL2008_required_output_not_connected_points_at_the_node_id() => Flow("""
        {
          "schemaVersion": 1,
          "id": "t",
          "nodes": [
            { "id": "start", "type": "start" },
            { "id": {|CFL2008:"hours"|}, "type": "business_hours", "config": { "timezone": "UTC", "schedule": { "monday": [{ "start": "09:00", "end": "17:00" }] } } },
            { "id": "bye", "type": "hangup" }
          ],
          "edges": [
            { "source": "start", "target": "hours" },
            { "source": "hours", "sourceHandle": "in_hours", "target": "bye" }
          ]
        }
        """);

    [Fact]
    public void CFL2008_an_output_continued_through_a_webhook_is_connected() => Clean("""
        {
          "schemaVersion": 1,
          "id": "t",
          "nodes": [
            { "id": "start", "type": "start" },
            { "id": "log", "type": "webhook", "config": { "url": "https://h.example.com/log" } },
            { "id": "bye", "type": "hangup" }
          ],
          "edges": [{ "source": "start", "target": "log" }, { "source": "log", "target": "bye" }]
        }
        """);

    [Fact]
    public void CFL2008_optional_outputs_may_stay_unconnected() => Clean("""
        {
          "schemaVersion": 1,
          "id": "t",
          "nodes": [
            { "id": "start", "type": "start" },
            { "id": "t1", "type": "transfer", "config": { "destination": { "type": "extension", "value": "100" } } },
            { "id": "q", "type": "queue", "config": { "queue": "sales" } },
            { "id": "c", "type": "conference", "config": { "room": "r1" } }
          ],
          "edges": [{ "source": "start", "target": "t1" }, { "source": "t1", "sourceHandle": "no_answer", "target": "q" }, { "source": "q", "sourceHandle": "timeout", "target": "c" }]
        }
        """);

    [Fact]
    public void CFL2009_terminal_node_continuing_points_at_the_target() => Flow("""
        {
          "schemaVersion": 1,
          "id": "t",
          "nodes": [
            { "id": "start", "type": "start" },
            { "id": "vm", "type": "voicemail", "config": { "prompt": { "sound": "beep" } } },
            { "id": "bye", "type": "hangup" }
          ],
          "edges": [{ "source": "start", "target": "vm" }, { "source": "vm", "target": {|CFL2009:"bye"|} }]
        }
        """);

    [Fact]
    public void CFL2009_a_webhook_edge_from_a_terminal_node_is_fine() => Clean("""
        {
          "schemaVersion": 1,
          "id": "t",
          "nodes": [
            { "id": "start", "type": "start" },
            { "id": "vm", "type": "voicemail", "config": { "prompt": { "sound": "beep" } } },
            { "id": "notify", "type": "webhook", "config": { "url": "https://h.example.com/voicemail/{{call_id}}" } }
          ],
          "edges": [{ "source": "start", "target": "vm" }, { "source": "vm", "target": "notify" }]
        }
        """);

    [Fact]
    public void CFL2010_abandoned_leading_to_a_node_points_at_the_target() => Flow("""
        {
          "schemaVersion": 1,
          "id": "t",
          "nodes": [
            { "id": "start", "type": "start" },
            { "id": "q", "type": "queue", "config": { "queue": "support" } },
            { "id": "sorry", "type": "play_audio", "config": { "prompt": { "sound": "sorry" } } },
            { "id": "bye", "type": "hangup" }
          ],
          "edges": [
            { "source": "start", "target": "q" },
            { "source": "q", "sourceHandle": "abandoned", "target": {|CFL2010:"sorry"|} },
            { "source": "sorry", "target": "bye" }
          ]
        }
        """);

    [Fact]
    public void CFL2010_abandoned_to_a_webhook_is_fine() => Clean("""
        {
          "schemaVersion": 1,
          "id": "t",
          "nodes": [
            { "id": "start", "type": "start" },
            { "id": "q", "type": "queue", "config": { "queue": "support" } },
            { "id": "lost", "type": "webhook", "config": { "url": "https://h.example.com/abandoned" } }
          ],
          "edges": [{ "source": "start", "target": "q" }, { "source": "q", "sourceHandle": "abandoned", "target": "lost" }]
        }
        """);

    [Fact]
    public void CFL2011_edge_into_start_points_at_the_target() => Flow("""
        {
          "schemaVersion": 1,
          "id": "t",
          "nodes": [
            { "id": "start", "type": "start" },
            { "id": "hello", "type": "play_audio", "config": { "prompt": { "sound": "hello" } } }
          ],
          "edges": [{ "source": "start", "target": "hello" }, { "source": "hello", "target": {|CFL2011:"start"|} }]
        }
        """);

    [Fact]
    public void CFL2012_two_webhooks_continuing_differently_point_at_the_source() => Flow("""
        {
          "schemaVersion": 1,
          "id": "t",
          "nodes": [
            { "id": {|CFL2012:"start"|}, "type": "start" },
            { "id": "h1", "type": "webhook", "config": { "url": "https://h.example.com/1" } },
            { "id": "h2", "type": "webhook", "config": { "url": "https://h.example.com/2" } },
            { "id": "a", "type": "hangup" },
            { "id": "b", "type": "hangup" }
          ],
          "edges": [
            { "source": "start", "target": "h1" },
            { "source": "start", "target": "h2" },
            { "source": "h1", "target": "a" },
            { "source": "h2", "target": "b" }
          ]
        }
        """);

    [Fact]
    public void CFL2013_layout_for_an_unknown_node_points_at_the_key() => Flow("""
        {
          "schemaVersion": 1,
          "id": "t",
          "nodes": [{ "id": "start", "type": "start" }, { "id": "bye", "type": "hangup" }],
          "edges": [{ "source": "start", "target": "bye" }],
          "layout": { "start": { "x": 0, "y": 0 }, {|CFL2013:"gone"|}: { "x": 0, "y": 140 } }
        }
        """);
}
