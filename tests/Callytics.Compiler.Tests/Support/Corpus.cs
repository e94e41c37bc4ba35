namespace Callytics.Compiler.Tests.Support;

/// <summary>
/// Realistic flows written for the tests: together they use every node type and check clean
/// as a set. The mutation and schema tests start from them (and from examples/ and
/// tests/vectors/valid/ when those folders hold flows).
/// </summary>
public static class Corpus
{
    /// <summary>The main inbound line: hours, nested menu, account lookup, queue, hunt group, voicemail, callback.</summary>
    public const string SupportLine = """
        {
          "$schema": "../schema/flow.schema.json",
          "schemaVersion": 1,
          "id": "support-line",
          "name": "Support line",
          "description": "Main inbound number",
          "nodes": [
            { "id": "start", "type": "start", "config": { "input_timeout_ms": 8000 } },
            { "id": "welcome", "type": "play_audio", "label": "Welcome", "config": { "prompt": { "audio": "welcome" }, "interruptible": true } },
            { "id": "hours", "type": "business_hours", "config": {
                "timezone": "Europe/Paris",
                "schedule": {
                  "monday": [{ "start": "08:00", "end": "12:30" }, { "start": "13:30", "end": "18:00" }],
                  "tuesday": [{ "start": "08:00", "end": "18:00" }],
                  "wednesday": [{ "start": "08:00", "end": "18:00" }],
                  "thursday": [{ "start": "08:00", "end": "18:00" }],
                  "friday": [{ "start": "08:00", "end": "18:00" }, { "start": "22:00", "end": "02:00" }],
                  "saturday": [{ "start": "09:00", "end": "24:00" }]
                },
                "holidays": [
                  { "date": "2026-12-25", "name": "Christmas" },
                  { "date": "2026-12-24", "name": "Christmas Eve", "ranges": [{ "start": "08:00", "end": "12:00" }] }
                ] } },
            { "id": "main_menu", "type": "menu", "label": "Main menu", "config": {
                "prompt": { "tts": "For sales press 1, for your account press 2, for support press 3, for the conference press 9.", "voice": "en-us" },
                "options": { "1": { "label": "Sales" }, "2": { "label": "Account" }, "3": { "label": "Support" }, "9": { "label": "Conference" } },
                "timeout_ms": 6000, "inter_digit_timeout_ms": 2000, "max_retries": 2,
                "invalid_prompt": { "sound": "option-is-invalid" }, "timeout_prompt": { "sound": "are-you-still-there" },
                "final_prompt": { "sound": "goodbye" }, "interruptible": true } },
            { "id": "sales", "type": "hunt_group", "config": {
                "strategy": "ordered",
                "destinations": [
                  { "type": "extension", "value": "201" },
                  { "type": "sip_uri", "value": "sip:sales@pbx.example.com" },
                  { "type": "pstn", "value": "+33 6 12 34 56 78", "trunk": "main" }
                ],
                "ring_timeout_ms": 15000, "total_timeout_ms": 60000, "record_call": true } },
            { "id": "account", "type": "get_digits", "config": {
                "variable": "account_number", "max_digits": 8, "min_digits": 6, "terminator": "#",
                "timeout_ms": 8000, "inter_digit_timeout_ms": 3000, "prompt": { "audio": "enter-account" }, "max_retries": 2 } },
            { "id": "lookup", "type": "http_request", "config": {
                "url": "https://api.example.com/accounts/{{account_number}}?caller={{caller_id}}",
                "method": "POST",
                "headers": { "Authorization": "Bearer static-token", "X-Call": "{{call_id}}" },
                "body": "{\"account\": \"{{account_number}}\"}",
                "timeout_ms": 4000,
                "store_response_as": "account_raw",
                "extract": { "tier": "$.account.tier", "balance": "$.account.balances[0].amount" } } },
            { "id": "by_tier", "type": "branch", "config": { "rules": [
                { "name": "vip", "when": { "variable": "tier", "op": "eq", "value": "gold" } },
                { "name": "overdrawn", "when": { "variable": "balance", "op": "lt", "value": 0 } }
              ] } },
            { "id": "greet_vip", "type": "set_variable", "config": { "assign": { "greeting": "Welcome back, valued customer {{caller_id}}" } } },
            { "id": "billing_menu", "type": "subflow", "config": { "flow": "billing" } },
            { "id": "support_queue", "type": "queue", "config": { "queue": "support", "max_wait_ms": 600000, "hold": { "audio": "hold-music" }, "record_call": false } },
            { "id": "queue_check", "type": "queue_status", "config": { "queue": "support", "busy_when_waiting": 10, "busy_when_wait_ms": 120000 } },
            { "id": "conference", "type": "conference", "config": { "room": "team-standup", "max_participants": 20, "moh_when_alone": true } },
            { "id": "voicemail", "type": "voicemail", "config": { "prompt": { "audio": "leave-message" }, "max_duration_s": 180, "format": "wav", "beep": true, "mailbox": "support" } },
            { "id": "offer_callback", "type": "callback", "config": { "number_source": "dtmf", "max_digits": 15, "prompt": { "audio": "enter-number" }, "confirm_prompt": { "audio": "confirm-number" }, "queue": "support" } },
            { "id": "sorry", "type": "play_audio", "config": { "prompt": { "sound": "sorry" } } },
            { "id": "goodbye", "type": "hangup", "config": { "prompt": { "sound": "goodbye" } } },
            { "id": "notify_missed", "type": "webhook", "config": {
                "url": "https://hooks.example.com/missed/{{call_id}}", "method": "POST",
                "headers": { "X-Flow": "{{flow_id}}" },
                "payload": { "event": "abandoned", "caller": "{{caller_id}}", "tags": ["support", 1, true, null] },
                "timeout_ms": 3000, "retries": 1 } },
            { "id": "notify_end", "type": "webhook", "config": { "url": "https://hooks.example.com/ended", "method": "PUT" } }
          ],
          "edges": [
            { "id": "e1", "source": "start", "target": "welcome" },
            { "source": "welcome", "sourceHandle": "next", "target": "hours" },
            { "source": "hours", "sourceHandle": "in_hours", "target": "main_menu" },
            { "source": "hours", "sourceHandle": "out_of_hours", "target": "voicemail" },
            { "source": "hours", "sourceHandle": "holiday", "target": "offer_callback" },
            { "source": "main_menu", "sourceHandle": "digit:1", "target": "sales" },
            { "source": "main_menu", "sourceHandle": "digit:2", "target": "account" },
            { "source": "main_menu", "sourceHandle": "digit:3", "target": "queue_check" },
            { "source": "queue_check", "sourceHandle": "staffed", "target": "support_queue" },
            { "source": "queue_check", "sourceHandle": "busy", "target": "offer_callback" },
            { "source": "queue_check", "sourceHandle": "unstaffed", "target": "voicemail" },
            { "source": "main_menu", "sourceHandle": "digit:9", "target": "conference" },
            { "source": "sales", "sourceHandle": "no_answer", "target": "voicemail" },
            { "source": "account", "target": "lookup" },
            { "source": "account", "sourceHandle": "timeout", "target": "sorry" },
            { "source": "lookup", "sourceHandle": "success", "target": "by_tier" },
            { "source": "lookup", "sourceHandle": "failure", "target": "sorry" },
            { "source": "by_tier", "sourceHandle": "rule:vip", "target": "greet_vip" },
            { "source": "by_tier", "sourceHandle": "rule:overdrawn", "target": "billing_menu" },
            { "source": "by_tier", "sourceHandle": "default", "target": "support_queue" },
            { "source": "greet_vip", "target": "support_queue" },
            { "source": "billing_menu", "target": "main_menu" },
            { "source": "support_queue", "sourceHandle": "timeout", "target": "offer_callback" },
            { "source": "support_queue", "sourceHandle": "abandoned", "target": "notify_missed" },
            { "source": "support_queue", "sourceHandle": "completed", "target": "goodbye" },
            { "source": "sorry", "target": "goodbye" },
            { "source": "goodbye", "target": "notify_end", "targetHandle": null }
          ],
          "layout": { "start": { "x": 0, "y": 0 }, "welcome": { "x": 0, "y": 140.5 }, "x-viewport": { "zoom": 1 } }
        }
        """;

    /// <summary>A billing subflow that returns to its caller.</summary>
    public const string Billing = """
        {
          "schemaVersion": 1,
          "id": "billing",
          "name": "Billing",
          "nodes": [
            { "id": "start", "type": "start" },
            { "id": "balance", "type": "play_audio", "config": { "prompt": { "tts": "Your balance is {{balance}}." } } },
            { "id": "back", "type": "return" }
          ],
          "edges": [{ "source": "start", "target": "balance" }, { "source": "balance", "target": "back" }]
        }
        """;

    /// <summary>The operators' login line.</summary>
    public const string Agents = """
        {
          "schemaVersion": 1,
          "id": "agents",
          "nodes": [
            { "id": "start", "type": "start" },
            { "id": "login", "type": "queue_login", "config": { "queues": ["support", "sales"], "pin_max_digits": 6, "max_attempts": 3,
              "prompt": { "audio": "enter-pin" }, "invalid_prompt": { "audio": "wrong-pin" }, "success_prompt": { "audio": "logged-in" } } }
          ],
          "edges": [{ "source": "start", "target": "login" }]
        }
        """;

    /// <summary>An overflow line: tries the on-call number, then goes back to the main line.</summary>
    public const string Overflow = """
        {
          "schemaVersion": 1,
          "id": "overflow",
          "nodes": [
            { "id": "start", "type": "start" },
            { "id": "oncall", "type": "transfer", "config": { "destination": { "type": "pstn", "value": "+1 (555) 010-9999" }, "trunk": "main", "timeout_ms": 20000, "record_call": false, "ringback": "moh" } },
            { "id": "main", "type": "goto_flow", "config": { "flow": "support-line" } }
          ],
          "edges": [{ "source": "start", "target": "oncall" }, { "source": "oncall", "sourceHandle": "no_answer", "target": "main" }, { "source": "oncall", "sourceHandle": "completed", "target": "main" }]
        }
        """;

    /// <summary>The corpus by file name.</summary>
    public static IReadOnlyList<(string Name, string Text)> Flows { get; } =
    [
        ("corpus/support-line.flow.json", SupportLine),
        ("corpus/billing.flow.json", Billing),
        ("corpus/agents.flow.json", Agents),
        ("corpus/overflow.flow.json", Overflow),
    ];

    /// <summary>The corpus plus the valid flows checked into the repository (examples/, tests/vectors/valid/), if any.</summary>
    public static IReadOnlyList<(string Name, string Text)> WithRepositoryFlows()
    {
        var files = new[] { TestSupport.RepoPaths.Examples, Path.Combine(TestSupport.RepoPaths.Vectors, "valid") }
            .Where(Directory.Exists)
            .SelectMany(d => Directory.GetFiles(d, "*.flow.json", SearchOption.AllDirectories))
            .Order(StringComparer.Ordinal)
            .Select(f => (Path.GetRelativePath(TestSupport.RepoPaths.Root, f).Replace('\\', '/'), File.ReadAllText(f)));
        return [.. Flows, .. files];
    }
}
