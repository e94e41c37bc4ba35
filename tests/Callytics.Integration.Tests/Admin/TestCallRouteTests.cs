using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Callytics.Integration.Tests.Support;

namespace Callytics.Integration.Tests.Admin;

/// <summary>
/// POST /api/flows/{id}/test-call and /test-scenarios over real HTTP: the posted draft is compiled
/// and called through the engine with the simulated channel; the answers are the trace and the
/// same verdicts and coverage <c>callyc test</c> prints for the same files.
/// </summary>
public sealed class TestCallRouteTests : IAsyncLifetime
{
    /// <summary>start → welcome (tts) → menu: 1 → account number → lookup (http) → goodbye; 2 → bye; lookup failure → sorry.</summary>
    public const string FlowJson = """
        {
          "schemaVersion": 1, "id": "test-desk", "name": "Test desk",
          "nodes": [
            { "id": "start", "type": "start" },
            { "id": "welcome", "type": "play_audio", "config": { "prompt": { "tts": "Welcome to the test desk" } } },
            { "id": "choice", "type": "menu", "config": { "prompt": { "tts": "Press 1 for accounts, 2 to leave" }, "options": { "1": { "label": "Accounts" }, "2": { "label": "Leave" } } } },
            { "id": "account", "type": "get_digits", "config": { "variable": "account", "max_digits": 6, "terminator": "#", "prompt": { "tts": "Your account number, then hash" } } },
            { "id": "lookup", "type": "http_request", "config": { "url": "https://crm.example.com/accounts/{{account}}", "extract": { "tier": "$.tier" } } },
            { "id": "goodbye", "type": "hangup", "config": { "prompt": { "tts": "Goodbye" } } },
            { "id": "bye", "type": "hangup" },
            { "id": "sorry", "type": "hangup", "config": { "prompt": { "tts": "Sorry" } } }
          ],
          "edges": [
            { "source": "start", "target": "welcome" },
            { "source": "welcome", "target": "choice" },
            { "source": "choice", "sourceHandle": "digit:1", "target": "account" },
            { "source": "choice", "sourceHandle": "digit:2", "target": "bye" },
            { "source": "account", "target": "lookup" },
            { "source": "lookup", "sourceHandle": "success", "target": "goodbye" },
            { "source": "lookup", "sourceHandle": "failure", "target": "sorry" }
          ]
        }
        """;

    private const string GoldScenario = """
        { "name": "gold account", "digits": ["1", "4321#"],
          "http": [{ "method": "GET", "url": "https://crm.example.com/accounts/4321", "status": 200, "body": { "tier": "gold" } }],
          "expect": { "path": ["start", "welcome", "choice", "account", "lookup", "goodbye"], "end": "completed", "variables": { "tier": "gold" } } }
        """;

    private AdminHost _host = null!;

    public async Task InitializeAsync() => _host = await AdminHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private static StringContent Json(string text) => new(text, Encoding.UTF8, "application/json");

    private async Task<(HttpStatusCode Status, JsonNode Body)> Post(string path, string body, HttpClient? client = null)
    {
        var response = await (client ?? _host.Http).PostAsync(path, Json(body));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(text.Length > 0, $"{(int)response.StatusCode} with an empty body");
        return (response.StatusCode, JsonNode.Parse(text)!);
    }

    private static string[] Strings(JsonNode? array) => [.. array!.AsArray().Select(n => (string)n!)];

    [Fact]
    public async Task A_test_call_answers_the_path_edges_prompts_and_variables_step_by_step()
    {
        var (status, call) = await Post("/api/flows/test-desk/test-call", $$"""{ "flow": {{FlowJson}}, "scenario": {{GoldScenario}} }""");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("completed", (string)call["end"]!);
        Assert.Equal("goodbye", (string)call["finalNode"]!);
        Assert.Equal(["start", "welcome", "choice", "account", "lookup", "goodbye"], Strings(call["path"]));
        Assert.Equal(["account:next", "choice:digit:1", "lookup:success", "start:next", "welcome:next"], Strings(call["taken"]));
        Assert.Equal("4321", (string)call["variables"]!["account"]!);
        Assert.Equal("gold", (string)call["variables"]!["tier"]!);
        Assert.True((bool)call["expectation"]!["passed"]!);

        var steps = call["steps"]!.AsArray().Select(s => s!.AsObject()).ToList();
        Assert.Equal(["start", "welcome", "choice", "account", "lookup", "goodbye"], steps.Where(s => (string)s["kind"]! == "enter").Select(s => (string)s["node"]!));
        Assert.Equal(["start:next", "welcome:next", "choice:digit:1", "account:next", "lookup:success"],
            steps.Where(s => (string)s["kind"]! == "edge").Select(s => $"{s["node"]}:{s["output"]}"));
        var spoken = steps.Where(s => s["prompts"] is not null).SelectMany(s => s["prompts"]!.AsArray().Select(p => (string)p!["text"]!)).ToList();
        Assert.Equal(["Welcome to the test desk", "Press 1 for accounts, 2 to leave", "Your account number, then hash", "Goodbye"], spoken);
        // The account number appears as a change when get_digits has stored it, before the lookup.
        var accountSet = steps.FindIndex(s => s["changed"]?["account"] is not null);
        Assert.True(accountSet > steps.FindIndex(s => (string)s["kind"]! == "enter" && (string)s["node"]! == "account"));
        Assert.True(accountSet < steps.FindIndex(s => (string)s["kind"]! == "enter" && (string)s["node"]! == "lookup"));
        Assert.Equal("end", (string)steps[^1]["kind"]!);
    }

    [Fact]
    public async Task A_test_call_reports_an_unmet_expectation_and_a_hang_up()
    {
        var (status, call) = await Post("/api/flows/test-desk/test-call",
            $$"""{ "flow": {{FlowJson}}, "scenario": { "digits": ["1", "!"], "expect": { "final_node": "lookup" } } }""");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("caller_hung_up", (string)call["end"]!);
        Assert.Equal("account", (string)call["finalNode"]!);
        Assert.False((bool)call["expectation"]!["passed"]!);
        Assert.Equal(["final node: expected lookup; was account"], Strings(call["expectation"]!["failures"]));
    }

    [Fact]
    public async Task Both_routes_answer_401_without_the_token()
    {
        using var anonymous = new HttpClient { BaseAddress = new Uri(_host.BaseUrl) };
        foreach (var path in new[] { "/api/flows/test-desk/test-call", "/api/flows/test-desk/test-scenarios" })
        {
            var (status, body) = await Post(path, $$"""{ "flow": {{FlowJson}} }""", anonymous);
            Assert.Equal(HttpStatusCode.Unauthorized, status);
            Assert.Contains("token", (string)body["message"]!);
        }
    }

    public static TheoryData<string, int, string> BadInputs => new()
    {
        { "{ \"flow\": ", 400, "the body is not JSON (line 1" },
        { "[1, 2]", 400, "the body must be" },
        { "{ \"scenario\": {} }", 400, "\"flow\" must be the flow document" },
        { $$"""{ "flow": {{FlowJson}}, "scenario": { "digits": ["1x"] } }""", 400, "'1x' is not a caller input" },
        { $$"""{ "flow": {{FlowJson}}, "scenario": { "dial": ["maybe"] } }""", 400, "'maybe' is not one of" },
        { $$"""{ "flow": {{FlowJson}}, "scenario": { "expect": { "path": 3 } } }""", 400, "test call:" },
        { $$"""{ "flow": {{FlowJson.Replace("\"test-desk\"", "\"other-desk\"")}} }""", 400, "the flow document's id is 'other-desk'" },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public async Task Bad_input_is_a_clear_JSON_error(string body, int expected, string message)
    {
        var (status, answer) = await Post("/api/flows/test-desk/test-call", body);
        Assert.Equal(expected, (int)status);
        Assert.Contains(message, (string)answer["message"]!);
    }

    [Fact]
    public async Task A_flow_with_errors_is_a_422_with_located_diagnostics()
    {
        var broken = FlowJson.Replace("""{ "source": "lookup", "sourceHandle": "success", "target": "goodbye" },""", "");
        var (status, answer) = await Post("/api/flows/test-desk/test-call", $$"""{ "flow": {{broken}} }""");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        var diagnostic = answer["diagnostics"]!.AsArray().Single(d => (string)d!["severity"]! == "error")!;
        Assert.Contains("success", (string)diagnostic["message"]!);
        Assert.Equal("lookup", (string)diagnostic["nodeId"]!);
    }

    [Fact]
    public async Task Scenarios_run_on_the_host_give_the_verdicts_and_coverage_callyc_test_prints()
    {
        const string Scenarios = $$"""
            { "flow": "test-desk", "scenarios": [
              {{GoldScenario}},
              { "name": "leaves", "digits": ["2"], "expect": { "final_node": "bye" } },
              { "name": "wrong expectation", "digits": ["2"], "expect": { "final_node": "sorry" } }
            ] }
            """;
        var (status, answer) = await Post("/api/flows/test-desk/test-scenarios", $$"""{ "flow": {{FlowJson}}, "scenarios": {{Scenarios}} }""");
        Assert.Equal(HttpStatusCode.OK, status);

        using var folder = new TempFolder();
        await File.WriteAllTextAsync(folder.Combine("test-desk.flow.json"), FlowJson);
        await File.WriteAllTextAsync(folder.Combine("test-desk.scenarios.json"), Scenarios);
        var cli = await Callyc.RunAsync("test", folder.Path);
        Assert.Equal(1, cli.ExitCode); // one scenario fails on purpose

        var coverage = answer["coverage"]!.AsArray().Single()!;
        Assert.Contains((string)coverage["summary"]!, cli.Out);
        Assert.Equal("coverage test-desk: 6/11 outputs (54.5%)", (string)coverage["summary"]!);
        Assert.Contains($"  not exercised: {string.Join(", ", Strings(coverage["uncovered"]))}", cli.Out);
        foreach (var verdict in answer["verdicts"]!.AsArray())
            Assert.Contains($"{((bool)verdict!["passed"]! ? "PASS" : "FAIL")}  test-desk.scenarios.json: {verdict["name"]}", cli.Out);
        Assert.Equal(2, (int)answer["passed"]!);
        Assert.Equal(1, (int)answer["failed"]!);
    }
}
