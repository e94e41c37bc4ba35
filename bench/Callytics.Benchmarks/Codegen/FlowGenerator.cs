using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Callytics.Benchmarks.Codegen;

/// <summary>
/// Writes valid, fully connected flows of any size for the benchmarks. A flow is a chain of
/// 14-node "departments" (menu, play_audio, set_variable, branch, http_request, transfer,
/// get_digits, queue, webhook, voicemail, business_hours, conference, callback, hangup), each
/// menu's option 3 leading to the next department, so every node type of a real IVR is present
/// and every node is reachable from start.
/// </summary>
public static class FlowGenerator
{
    /// <summary>Nodes in one department block.</summary>
    public const int NodesPerBlock = 14;

    /// <summary>A flow with exactly <paramref name="nodeCount"/> nodes (at least 16).</summary>
    public static string Generate(string flowId, int nodeCount)
    {
        if (nodeCount < NodesPerBlock + 2) throw new ArgumentOutOfRangeException(nameof(nodeCount), "at least 16 nodes");
        var blocks = (nodeCount - 2) / NodesPerBlock;
        var padding = nodeCount - 2 - blocks * NodesPerBlock; // extra greeting prompts after start
        var w = new FlowWriter(flowId, $"Generated line {flowId} ({nodeCount} nodes)");
        w.Node("start", "start", "Start", new { input_timeout_ms = 8000 });
        var previous = "start";
        for (var p = 0; p < padding; p++)
        {
            var id = $"greeting_{p}";
            w.Node(id, "play_audio", $"Greeting {p}", new { prompt = new { tts = $"Welcome, part {p}.", voice = "en-us" }, interruptible = true });
            w.Edge(previous, id);
            previous = id;
        }
        w.Edge(previous, Block(0, "menu"));
        for (var b = 0; b < blocks; b++)
            WriteBlock(w, b, next: b + 1 < blocks ? Block(b + 1, "menu") : "goodbye");
        w.Node("goodbye", "hangup", "Goodbye", new { prompt = new { audio = "goodbye" } });
        return w.ToJson();
    }

    private static string Block(int b, string part) => $"d{b}_{part}";

    private static void WriteBlock(FlowWriter w, int b, string next)
    {
        string N(string part) => Block(b, part);
        w.Node(N("menu"), "menu", $"Department {b} menu", new Dictionary<string, object>
        {
            ["prompt"] = new { tts = $"Department {b}: press 1 for news, 2 for your account, 3 for the next department, 4 for opening hours, 9 for a message." },
            ["options"] = new Dictionary<string, object>
            {
                ["1"] = new { label = "News" }, ["2"] = new { label = "Account" }, ["3"] = new { label = "Next department" },
                ["4"] = new { label = "Opening hours" }, ["9"] = new { label = "Message" },
            },
            ["max_retries"] = 2,
            ["invalid_prompt"] = new { audio = "invalid-option" },
            ["timeout_prompt"] = new { audio = "no-input" },
        });
        w.Edge(N("menu"), N("news"), "digit:1");
        w.Edge(N("menu"), N("account"), "digit:2");
        w.Edge(N("menu"), next, "digit:3");
        w.Edge(N("menu"), N("hours"), "digit:4");
        w.Edge(N("menu"), N("voicemail"), "digit:9");
        w.Edge(N("menu"), N("bye"), "max_retries");

        w.Node(N("news"), "play_audio", "News", new { prompt = new { sound = $"news-{b}" }, interruptible = true });
        w.Edge(N("news"), N("tier"));
        w.Node(N("tier"), "set_variable", "Remember the department", new { assign = new Dictionary<string, string> { ["department"] = $"d{b}", ["greeting"] = "Hello {{caller_id}}" } });
        w.Edge(N("tier"), N("route"));
        w.Node(N("route"), "branch", "VIP or lookup", new
        {
            rules = new object[]
            {
                new { name = "vip", when = new { variable = "caller_id", op = "matches", value = "^\\+1555" } },
                new { name = "known", when = new { variable = "department", op = "eq", value = $"d{b}" } },
            },
        });
        w.Edge(N("route"), N("desk"), "rule:vip");
        w.Edge(N("route"), N("lookup"), "rule:known");
        w.Edge(N("route"), N("lookup"), "default");
        w.Node(N("lookup"), "http_request", "Look up the caller", new Dictionary<string, object>
        {
            ["url"] = $"https://crm.example.com/departments/{b}/callers/{{{{caller_id}}}}",
            ["headers"] = new Dictionary<string, string> { ["X-Department"] = "{{department}}" },
            ["timeout_ms"] = 3000,
            ["store_response_as"] = "crm_record",
            ["extract"] = new Dictionary<string, string> { ["customer_name"] = "$.customer.name" },
        });
        w.Edge(N("lookup"), next, "success");
        w.Edge(N("lookup"), N("bye"), "failure");
        w.Node(N("desk"), "transfer", "VIP desk", new { destination = new { type = "extension", value = $"desk-{b}" }, timeout_ms = 20000, ringback = "moh" });
        w.Edge(N("desk"), N("menu"), "completed");
        w.Edge(N("desk"), N("voicemail"), "no_answer");

        w.Node(N("account"), "get_digits", "Account number", new { variable = "account", min_digits = 4, max_digits = 8, terminator = "#", prompt = new { audio = "enter-account" }, max_retries = 1 });
        w.Edge(N("account"), N("queue"));
        w.Node(N("queue"), "queue", "Account team", new { queue = $"accounts-{b % 7}", max_wait_ms = 120000, record_call = true });
        w.Edge(N("queue"), N("bye"), "completed");
        w.Edge(N("queue"), N("voicemail"), "timeout");
        w.Edge(N("queue"), N("abandoned"), "abandoned");
        w.Node(N("abandoned"), "webhook", "Report the abandoned call", new { url = "https://hooks.example.com/abandoned", method = "POST", headers = new Dictionary<string, string> { ["X-Flow"] = "{{flow_id}}" } });

        w.Node(N("voicemail"), "voicemail", "Message", new { prompt = new { audio = "leave-message" }, max_duration_s = 90, mailbox = $"dept-{b}" });

        var weekday = new[] { new { start = "08:00", end = "18:00" } };
        w.Node(N("hours"), "business_hours", "Opening hours", new
        {
            timezone = "Europe/Berlin",
            schedule = new { monday = weekday, tuesday = weekday, wednesday = weekday, thursday = weekday, friday = weekday, saturday = new[] { new { start = "22:00", end = "02:00" } } },
            holidays = new object[] { new { date = "2026-12-25", name = "Christmas" }, new { date = "2026-12-24", name = "Christmas Eve", ranges = new[] { new { start = "09:00", end = "12:00" } } } },
        });
        w.Edge(N("hours"), N("room"), "in_hours");
        w.Edge(N("hours"), N("callback"), "out_of_hours");
        w.Node(N("room"), "conference", "Open line", new { room = $"room-{b}", max_participants = 20 });
        w.Node(N("callback"), "callback", "Call me back", new { number_source = "caller_id", queue = $"accounts-{b % 7}" });

        w.Node(N("bye"), "hangup", "Goodbye", new { prompt = new { audio = "goodbye" } });
    }

    /// <summary>
    /// The flow the engine benchmark runs: a menu loop (menu → news → account digits →
    /// set_variable → branch → menu) that a scripted caller can go round as often as wanted;
    /// option 2 hangs up.
    /// </summary>
    public static string MenuLoop(string flowId)
    {
        var w = new FlowWriter(flowId, "Menu loop");
        w.Node("start", "start", "Start", new { input_timeout_ms = 5000 });
        w.Edge("start", "menu");
        w.Node("menu", "menu", "Main menu", new Dictionary<string, object>
        {
            ["prompt"] = new { audio = "main-menu" },
            ["options"] = new Dictionary<string, object> { ["1"] = new { label = "Round again" }, ["2"] = new { label = "Goodbye" } },
        });
        w.Edge("menu", "news", "digit:1");
        w.Edge("menu", "bye", "digit:2");
        w.Node("news", "play_audio", "News", new { prompt = new { audio = "news" } });
        w.Edge("news", "account");
        w.Node("account", "get_digits", "Account", new { variable = "account", max_digits = 6, min_digits = 4, terminator = "#" });
        w.Edge("account", "count");
        w.Node("count", "set_variable", "Remember", new { assign = new Dictionary<string, string> { ["last_account"] = "{{account}}" } });
        w.Edge("count", "route");
        w.Node("route", "branch", "Known account?", new { rules = new object[] { new { name = "known", when = new { variable = "last_account", op = "eq", value = "1234" } } } });
        w.Edge("route", "menu", "rule:known");
        w.Edge("route", "menu", "default");
        w.Node("bye", "hangup", "Goodbye", null);
        return w.ToJson();
    }

    /// <summary>Collects nodes and edges and writes the flow document.</summary>
    private sealed class FlowWriter(string id, string name)
    {
        private readonly List<object> _nodes = [];
        private readonly List<object> _edges = [];

        public void Node(string nodeId, string type, string label, object? config) =>
            _nodes.Add(config is null ? new { id = nodeId, type, label } : new { id = nodeId, type, label, config });

        public void Edge(string source, string target, string handle = "next") =>
            _edges.Add(new { id = "e" + _edges.Count.ToString(CultureInfo.InvariantCulture), source, sourceHandle = handle, target });

        public string ToJson()
        {
            var document = new Dictionary<string, object> { ["schemaVersion"] = 1, ["id"] = id, ["name"] = name, ["nodes"] = _nodes, ["edges"] = _edges };
            return Encoding.UTF8.GetString(JsonSerializer.SerializeToUtf8Bytes(document, new JsonSerializerOptions { WriteIndented = true }));
        }
    }
}
