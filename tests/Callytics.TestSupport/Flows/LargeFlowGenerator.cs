using System.Globalization;
using System.Text;

namespace Callytics.TestSupport.Flows;

/// <summary>
/// Generates large, valid flows with a realistic mix of node types (menus, input, HTTP, branches,
/// business hours, transfers, queues, voicemail, callbacks, webhooks), every node reachable and
/// every required output connected. Used by the checker benchmark and the tests that keep it honest.
/// </summary>
public static class LargeFlowGenerator
{
    /// <summary>Nodes in one repeated segment.</summary>
    public const int SegmentSize = 14;

    /// <summary>Generates a flow with exactly <paramref name="nodeCount"/> nodes (at least 2).</summary>
    /// <param name="nodeCount">How many nodes.</param>
    /// <param name="speech">
    /// False: no TTS prompts (a publish then renders nothing and goes straight to the compile, which
    /// the compile worker's tests time).
    /// </param>
    public static string Generate(int nodeCount, bool speech = true)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(nodeCount, 2);
        var segments = (nodeCount - 2) / SegmentSize;
        var padding = nodeCount - 2 - segments * SegmentSize;
        var nodes = new List<string>(nodeCount);
        var edges = new List<string>(nodeCount * 2);
        nodes.Add("""{ "id": "start", "type": "start", "config": { "input_timeout_ms": 8000 } }""");
        var previous = "start";
        for (var i = 0; i < segments; i++) previous = AddSegment(i, previous, nodes, edges, speech);
        for (var i = 0; i < padding; i++)
        {
            nodes.Add($$"""{ "id": "pad{{i}}", "type": "play_audio", "config": { "prompt": { "sound": "beep" } } }""");
            edges.Add(Edge(previous, "next", $"pad{i}"));
            previous = $"pad{i}";
        }
        nodes.Add("""{ "id": "bye", "type": "hangup", "config": { "prompt": { "sound": "goodbye" } } }""");
        edges.Add(Edge(previous, "next", "bye"));

        var sb = new StringBuilder(nodeCount * 220);
        sb.Append("{\n  \"schemaVersion\": 1,\n  \"id\": \"generated-").Append(nodeCount.ToString(CultureInfo.InvariantCulture)).Append("\",\n");
        sb.Append("  \"name\": \"Generated flow\",\n  \"nodes\": [\n    ").AppendJoin(",\n    ", nodes).Append("\n  ],\n");
        sb.Append("  \"edges\": [\n    ").AppendJoin(",\n    ", edges).Append("\n  ],\n");
        sb.Append("  \"layout\": {\n    ");
        sb.AppendJoin(",\n    ", nodes.Select((n, i) => $$"""{{IdOf(n)}}: { "x": {{i % 20 * 220}}, "y": {{i / 20 * 140}} }"""));
        sb.Append("\n  }\n}\n");
        return sb.ToString();
    }

    /// <summary>Adds one segment entered from <paramref name="from"/>'s next; returns the node the next segment follows.</summary>
    private static string AddSegment(int i, string from, List<string> nodes, List<string> edges, bool speech)
    {
        string Id(string name) => name + i.ToString(CultureInfo.InvariantCulture);
        nodes.Add($$"""{ "id": "{{Id("menu")}}", "type": "menu", "label": "Menu {{i}}", "config": { "prompt": { "audio": "menu-{{i}}" }, "options": { "1": { "label": "Account" }, "2": { "label": "Advisor" }, "3": { "label": "Queue" } }, "max_retries": 2 } }""");
        nodes.Add($$"""{ "id": "{{Id("acct")}}", "type": "get_digits", "config": { "variable": "account", "max_digits": 8, "min_digits": 6, "prompt": { "audio": "enter-account" } } }""");
        nodes.Add($$$"""{ "id": "{{{Id("lookup")}}}", "type": "http_request", "config": { "url": "https://api.example.com/accounts/{{account}}?step={{{i}}}", "headers": { "X-Call": "{{call_id}}" }, "extract": { "tier": "$.account.tier" }, "timeout_ms": 4000 } }""");
        nodes.Add($$"""{ "id": "{{Id("tier")}}", "type": "branch", "config": { "rules": [{ "name": "vip", "when": { "variable": "tier", "op": "eq", "value": "gold" } }] } }""");
        nodes.Add($$$"""{ "id": "{{{Id("greet")}}}", "type": "set_variable", "config": { "assign": { "greeting": "Welcome {{caller_id}}, tier {{tier}}" } } }""");
        nodes.Add($$"""{ "id": "{{Id("sorry")}}", "type": "play_audio", "config": { "prompt": { "sound": "sorry" } } }""");
        nodes.Add(speech
            ? $$"""{ "id": "{{Id("more")}}", "type": "play_audio", "config": { "prompt": { "tts": "Anything else? Step {{i}}." } } }"""
            : $$"""{ "id": "{{Id("more")}}", "type": "play_audio", "config": { "prompt": { "sound": "beep" } } }""");
        nodes.Add($$"""{ "id": "{{Id("hours")}}", "type": "business_hours", "config": { "timezone": "Europe/Paris", "schedule": { "monday": [{ "start": "08:00", "end": "18:00" }], "friday": [{ "start": "22:00", "end": "02:00" }] }, "holidays": [{ "date": "2026-12-25", "name": "Christmas" }] } }""");
        nodes.Add($$"""{ "id": "{{Id("advisor")}}", "type": "transfer", "config": { "destination": { "type": "pstn", "value": "+33 1 23 45 {{i % 100:00}} 00" }, "trunk": "main", "timeout_ms": 20000 } }""");
        nodes.Add($$"""{ "id": "{{Id("vm")}}", "type": "voicemail", "config": { "prompt": { "audio": "leave-message" }, "mailbox": "box{{i}}" } }""");
        nodes.Add($$$"""{ "id": "{{{Id("notify")}}}", "type": "webhook", "config": { "url": "https://hooks.example.com/events/{{call_id}}", "payload": { "step": {{{i}}}, "caller": "{{caller_id}}" } } }""");
        nodes.Add($$"""{ "id": "{{Id("status")}}", "type": "queue_status", "config": { "queue": "support", "busy_when_waiting": 8 } }""");
        nodes.Add($$"""{ "id": "{{Id("queue")}}", "type": "queue", "config": { "queue": "support", "max_wait_ms": 300000 } }""");
        nodes.Add($$"""{ "id": "{{Id("callback")}}", "type": "callback", "config": { "number_source": "caller_id", "queue": "support" } }""");

        edges.Add(Edge(from, "next", Id("menu")));
        edges.Add(Edge(Id("menu"), "digit:1", Id("acct")));
        edges.Add(Edge(Id("menu"), "digit:2", Id("hours")));
        edges.Add(Edge(Id("menu"), "digit:3", Id("status")));
        edges.Add(Edge(Id("status"), "staffed", Id("queue")));
        edges.Add(Edge(Id("status"), "busy", Id("callback")));
        edges.Add(Edge(Id("status"), "unstaffed", Id("vm")));
        edges.Add(Edge(Id("acct"), "next", Id("lookup")));
        edges.Add(Edge(Id("lookup"), "success", Id("tier")));
        edges.Add(Edge(Id("lookup"), "failure", Id("sorry")));
        edges.Add(Edge(Id("tier"), "rule:vip", Id("greet")));
        edges.Add(Edge(Id("tier"), "default", Id("more")));
        edges.Add(Edge(Id("greet"), "next", Id("more")));
        edges.Add(Edge(Id("sorry"), "next", Id("more")));
        edges.Add(Edge(Id("hours"), "in_hours", Id("advisor")));
        edges.Add(Edge(Id("hours"), "out_of_hours", Id("vm")));
        edges.Add(Edge(Id("advisor"), "no_answer", Id("vm")));
        edges.Add(Edge(Id("advisor"), "completed", Id("more")));
        edges.Add(Edge(Id("vm"), "next", Id("notify")));
        edges.Add(Edge(Id("queue"), "completed", Id("more")));
        edges.Add(Edge(Id("queue"), "timeout", Id("callback")));
        edges.Add(Edge(Id("queue"), "abandoned", Id("notify")));
        return Id("more");
    }

    private static string Edge(string source, string handle, string target) =>
        $$"""{ "source": "{{source}}", "sourceHandle": "{{handle}}", "target": "{{target}}" }""";

    private static string IdOf(string node) => node[(node.IndexOf("\"id\": ", StringComparison.Ordinal) + 6)..node.IndexOf(", \"type\"", StringComparison.Ordinal)];
}
