using System.Text.Json;
using Callytics.TestSupport;

namespace Callytics.Compiler.Tests.Cli;

/// <summary>Runs callyc's Main in process; Console is process-wide, so these tests do not run in parallel.</summary>
[CollectionDefinition(nameof(CliCollection), DisableParallelization = true)]
public sealed class CliCollection;

[Collection(nameof(CliCollection))]
public sealed class CliTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("callyc-cli-");

    public void Dispose() => _dir.Delete(recursive: true);

    private static (int Exit, string Out, string Err) Callyc(params string[] args)
    {
        var (oldOut, oldErr) = (Console.Out, Console.Error);
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        Console.SetOut(stdout);
        Console.SetError(stderr);
        try
        {
            // The command line's own entry point, run to its end on this test's thread.
            var exit = Callytics.Cli.Program.Main(args).GetAwaiter().GetResult();
            return (exit, stdout.ToString(), stderr.ToString());
        }
        finally
        {
            Console.SetOut(oldOut);
            Console.SetError(oldErr);
        }
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir.FullName, name);
        File.WriteAllText(path, text);
        return path;
    }

    private static readonly string Good = new FlowJson("good").Node("start", "start").Node("bye", "hangup").Edge("start", "bye").ToString();
    private static readonly string Warning = new FlowJson("warn").Node("start", "start").Node("bye", "hangup").Node("lost", "hangup").Edge("start", "bye").ToString();
    private static readonly string Bad = new FlowJson("bad").Node("start", "start").Node("menu", "menu", """{ "prompt": { "audio": "m" }, "options": { "1": {} } }""").Edge("start", "menu").ToString();

    [Fact]
    public void Check_prints_msbuild_lines_and_a_summary_and_exits_by_severity()
    {
        var good = Write("good.flow.json", Good);
        var warn = Write("warn.flow.json", Warning);
        var bad = Write("bad.flow.json", Bad);

        var ok = Callyc("check", good, warn);
        Assert.Equal(0, ok.Exit);
        Assert.Contains($"{warn}(8,13): warning CFL3001: Node 'lost' (hangup) cannot be reached from start", ok.Out);
        Assert.Contains("2 flows checked: 0 errors, 1 warning, 0 info", ok.Out);

        Assert.Equal(1, Callyc("check", good, warn, "--warnaserror").Exit);
        var failed = Callyc("check", bad);
        Assert.Equal(1, failed.Exit);
        Assert.Contains("error CFL2008: Output 'digit:1' of node 'menu' (menu) must be connected", failed.Out);
    }

    [Fact]
    public void A_placeholder_in_a_payload_key_is_a_located_error_for_check_and_build_not_a_crash()
    {
        // Issue #14: this flow made check and build exit 134 with an unhandled FormatException.
        var flow = Write("hook.flow.json", new FlowJson("hook").Node("start", "start").Node("bye", "hangup")
            .Node("n", "webhook", """{ "url": "https://h.example.com/x", "payload": { "{{": "a}}b" } }""")
            .Edge("start", "bye").Edge("bye", "n").ToString());

        var check = Callyc("check", flow);
        Assert.Equal(1, check.Exit);
        Assert.Contains(": error CFL1020: Invalid template: '{{' at character 1 is never closed with '}}'", check.Out);
        var build = Callyc("build", flow, "--out", Path.Combine(_dir.FullName, "out"));
        Assert.Equal(1, build.Exit);
        Assert.DoesNotContain("   at ", build.Err + build.Out);
    }

    [Fact]
    public void Check_finds_flows_in_folders()
    {
        Write("a.flow.json", Good);
        Write("notes.json", "{ not a flow }");
        var result = Callyc("check", _dir.FullName);
        Assert.Equal(0, result.Exit);
        Assert.Contains("1 flow checked", result.Out);
    }

    [Fact]
    public void Json_and_sarif_carry_the_same_findings()
    {
        var bad = Write("bad.flow.json", Bad);
        using var json = JsonDocument.Parse(Callyc("check", bad, "--format", "json").Out);
        var d = json.RootElement.GetProperty("diagnostics")[0];
        Assert.Equal(("CFL2008", 7, 13, "/nodes/1/id", "menu"), (d.GetProperty("id").GetString(), d.GetProperty("line").GetInt32(), d.GetProperty("column").GetInt32(), d.GetProperty("pointer").GetString(), d.GetProperty("nodeId").GetString()));

        using var sarif = JsonDocument.Parse(Callyc("check", bad, "--format", "sarif").Out);
        Assert.Equal("2.1.0", sarif.RootElement.GetProperty("version").GetString());
        var run = sarif.RootElement.GetProperty("runs")[0];
        Assert.Equal("callyc", run.GetProperty("tool").GetProperty("driver").GetProperty("name").GetString());
        var result = run.GetProperty("results")[0];
        Assert.Equal("CFL2008", result.GetProperty("ruleId").GetString());
        Assert.Equal("error", result.GetProperty("level").GetString());
        var region = result.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("region");
        Assert.Equal((7, 13), (region.GetProperty("startLine").GetInt32(), region.GetProperty("startColumn").GetInt32()));
    }

    [Theory]
    [InlineData("check", "/no/such/file.flow.json")]
    [InlineData("check", "--format", "xml", "x.flow.json")]
    [InlineData("frobnicate")]
    [InlineData("simulate", "/no/such/flow.flow.json")]
    public void Usage_and_io_problems_exit_2_without_a_stack_trace(params string[] args)
    {
        var result = Callyc(args);
        Assert.Equal(2, result.Exit);
        Assert.DoesNotContain("   at ", result.Err + result.Out);
    }

    [Fact]
    public void Build_writes_dll_source_and_manifest_and_refuses_flows_with_errors()
    {
        var good = Write("good.flow.json", Good);
        var bad = Write("bad.flow.json", Bad);
        var outDir = Path.Combine(_dir.FullName, "out");
        var result = Callyc("build", good, bad, "--out", outDir, "--version", "4");
        Assert.Equal(1, result.Exit);
        Assert.True(File.Exists(Path.Combine(outDir, "good", "good.v4.dll")));
        Assert.True(File.Exists(Path.Combine(outDir, "good", "good.v4.g.cs")));
        var manifest = Callytics.Runtime.Loading.BuildManifest.Parse(File.ReadAllText(Path.Combine(outDir, "good", "manifest.json")));
        Assert.Equal(("good", 4), (manifest.FlowId, manifest.Version));
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(Path.Combine(outDir, "good", "good.v4.dll")))), manifest.AssemblySha256);
        Assert.False(Directory.Exists(Path.Combine(outDir, "bad")));
        Assert.Contains("Built 1 of 2 flows", result.Err);
    }

    [Fact]
    public void Simulate_prints_the_trace_and_final_variables()
    {
        var flow = Write("ask.flow.json", new FlowJson("ask")
            .Node("start", "start").Node("ask", "get_digits", """{ "variable": "acct", "max_digits": 4 }""").Node("bye", "hangup")
            .Edge("start", "ask").Edge("ask", "bye").ToString());
        var result = Callyc("simulate", flow, "--digits", "1234", "--at", "2026-12-24T21:30:00Z");
        Assert.Equal(0, result.Exit);
        Assert.Contains("ask/ask", result.Out);
        Assert.Contains("acct = 1234", result.Out);
        Assert.Contains("Call ended: Completed at ask/bye", result.Out);
    }

    [Theory]
    [InlineData("sales=operators:2,free:0,waiting:5", "busy", "queue_waiting = 5")]
    [InlineData("sales=operators:2,free:1,waiting:0", "ok", "queue_operators_free = 1")]
    [InlineData("sales=operators:3,free:0,waiting:2,oldest_wait_s:90", "busy", "queue_estimated_wait_s = 90")]
    [InlineData("sales=operators:0", "nobody", "queue_estimated_wait_s = 0")]
    [InlineData("support=operators:4,free:4", "nobody", "queue_waiting = 0")]
    public void Simulate_routes_queue_status_on_the_queue_state_given_by_queue(string state, string end, string variable)
    {
        var flow = Write("status.flow.json", new FlowJson("status")
            .Node("start", "start")
            .Node("check", "queue_status", """{ "queue": "sales", "busy_when_waiting": 3, "busy_when_wait_ms": 60000 }""")
            .Node("ok", "hangup").Node("busy", "hangup").Node("nobody", "hangup")
            .Edge("start", "check").Edge("check", "ok", "staffed").Edge("check", "busy", "busy").Edge("check", "nobody", "unstaffed").ToString());
        var result = Callyc("simulate", flow, "--queue", state, "--queue", "timeout");
        Assert.Equal(0, result.Exit);
        Assert.Contains($"Call ended: Completed at status/{end}", result.Out);
        Assert.Contains(variable, result.Out);
    }

    [Theory]
    [InlineData("sales=operators:two")]
    [InlineData("sales=people:2")]
    [InlineData("sales=operators:1,free:2")]
    [InlineData("=operators:1")]
    public void Simulate_refuses_a_bad_queue_state_with_a_usage_error(string state)
    {
        // Any flow: the script is parsed before the call starts.
        var flow = Write("bye.flow.json", new FlowJson("bye").Node("start", "start").Node("bye", "hangup").Edge("start", "bye").ToString());
        var result = Callyc("simulate", flow, "--queue", state);
        Assert.Equal(2, result.Exit);
        Assert.DoesNotContain("   at ", result.Err + result.Out);
    }

    [Fact]
    public void Simulate_acts_on_a_key_pressed_during_a_prompt_that_is_not_interruptible()
    {
        var flow = Write("notice.flow.json", new FlowJson("notice")
            .Node("start", "start")
            .Node("notice", "play_audio", """{ "prompt": { "audio": "legal-notice" }, "interruptible": false }""")
            .Node("menu", "menu", """{ "prompt": { "audio": "menu" }, "options": { "1": {}, "2": {} } }""")
            .Node("one", "hangup").Node("two", "hangup")
            .Edge("start", "notice").Edge("notice", "menu").Edge("menu", "one", "digit:1").Edge("menu", "two", "digit:2").ToString());
        var result = Callyc("simulate", flow, "--digits", "^2");
        Assert.Equal(0, result.Exit);
        Assert.Contains("Call ended: Completed at notice/two", result.Out);
    }

    [Fact]
    public void Test_runs_scenarios_and_enforces_coverage()
    {
        Write("ask.flow.json", new FlowJson("ask")
            .Node("start", "start").Node("ask", "get_digits", """{ "variable": "acct", "max_digits": 4 }""").Node("bye", "hangup").Node("none", "hangup")
            .Edge("start", "ask").Edge("ask", "bye").Edge("ask", "none", "timeout").ToString());
        Write("ask.scenarios.json", """
            { "flow": "ask", "scenarios": [
              { "name": "keys", "digits": "1234", "expect": { "final_node": "bye", "variables": { "acct": "1234" } } },
              { "name": "wrong on purpose", "digits": "1234", "expect": { "final_node": "none" } } ] }
            """);
        var result = Callyc("test", _dir.FullName, "--min-coverage", "100");
        Assert.Equal(1, result.Exit);
        Assert.Contains("PASS  ask.scenarios.json: keys", result.Out);
        Assert.Contains("FAIL  ask.scenarios.json: wrong on purpose", result.Out);
        Assert.Contains("final node: expected none; was bye", result.Out);
        Assert.Contains("coverage ask: 2/3 outputs (66.7%) — below 100%", result.Out);
        Assert.Contains("not exercised: ask:timeout", result.Out);
        Assert.Contains("1 passed, 1 failed", result.Out);
    }
}
