using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Callytics.Compiler.Checking;
using Callytics.Compiler.Packaging;
using Callytics.Compiler.Testing;
using Callytics.Runtime.Catalog;
using Callytics.Runtime.Contract;
using Callytics.Runtime.Engine;
using Callytics.Runtime.Host.Configuration;
using Callytics.Runtime.Loading;
using Callytics.Runtime.Simulation;
using Microsoft.Extensions.Options;

namespace Callytics.Runtime.Host.Admin;

/// <summary>
/// Test calls for the editor: <c>POST /api/flows/{id}/test-call</c> compiles the posted draft as it
/// is (nothing is stored) and runs one call through the host's own <see cref="CallEngine"/> with the
/// simulated channel, the virtual clock and HTTP stubs, answering the step-by-step trace;
/// <c>POST /api/flows/{id}/test-scenarios</c> runs a whole scenario file the way <c>callyc test</c>
/// does and answers the verdicts and the same coverage figures. The script of a test call is one
/// scenario of a <c>*.scenarios.json</c> file, so a test call can be saved as a scenario unchanged.
/// </summary>
public static class TestCallRoutes
{
    /// <summary>Maps the two routes on the <c>/api/flows</c> group (behind the admin token like every /api route).</summary>
    public static void Map(RouteGroupBuilder flows, AdminSettings settings)
    {
        flows.MapPost("/{id}/test-call", async (string id, HttpRequest request) =>
        {
            var input = await ReadAsync(id, request, settings, "scenario");
            if (input.Error is not null) return input.Error;
            ScenarioFile file;
            try
            {
                var scenario = input.Body!["scenario"] ?? new JsonObject();
                if (scenario is not JsonObject) return AdminJson.Error(400, "\"scenario\" must be an object: one scenario of a *.scenarios.json file");
                file = ScenarioFile.Parse("test call", new JsonObject { ["flow"] = id, ["scenarios"] = new JsonArray(scenario.DeepClone()) }.ToJsonString());
            }
            catch (FormatException e)
            {
                return AdminJson.Error(400, e.Message);
            }
            var built = await BuildAsync(input.Flow!, request);
            if (built.Error is not null) return built.Error;
            var scenarioToRun = file.Scenarios[0];
            TestCallRecorder? recorder = null;
            var result = await Simulator.RunAsync(built.Machine!, [built.Machine!], scenarioToRun.FreshSetup(),
                clock => recorder = new TestCallRecorder(clock), request.HttpContext.RequestAborted);
            var verdict = ScenarioRunner.Check(scenarioToRun.Expect, result);
            return Results.Content(recorder!.ToJson(id, result, verdict).ToJsonString(), "application/json");
        });

        flows.MapPost("/{id}/test-scenarios", async (string id, HttpRequest request) =>
        {
            var input = await ReadAsync(id, request, settings, "scenarios");
            if (input.Error is not null) return input.Error;
            ScenarioFile file;
            try
            {
                var scenarios = input.Body!["scenarios"];
                if (scenarios is not JsonObject) return AdminJson.Error(400, "\"scenarios\" must be the content of a *.scenarios.json file: { \"flow\": ..., \"scenarios\": [...] }");
                file = ScenarioFile.Parse($"{id}.scenarios.json", scenarios.ToJsonString());
            }
            catch (FormatException e)
            {
                return AdminJson.Error(400, e.Message);
            }
            if (file.FlowId != id) return AdminJson.Error(400, $"the scenario file is for flow '{file.FlowId}', not '{id}'");
            var flow = Check(input.Flow!, id, request);
            if (!flow.Succeeded) return AdminJson.Error(422, $"flow '{id}' has errors; fix them before running scenarios", flow.Diagnostics.Sorted());
            // Compiling is CPU-heavy: it takes its turn with publishes (one at a time, time-limited) and
            // runs in the low-priority compile worker; the scenarios then run here, on the loaded machine.
            var compiler = request.HttpContext.RequestServices.GetRequiredService<CompileWorkerProcess>();
            var (verdicts, coverage) = await Worker(request).RunAsync(async ct =>
            {
                var (compiled, _) = await InMemoryFlows.BuildAsync([flow], null, compiler, ct);
                return ScenarioRunner.Run([flow], [file], compiled);
            }, request.HttpContext.RequestAborted);
            return Results.Content(ScenariosJson(verdicts, coverage).ToJsonString(), "application/json");
        });
    }

    private sealed record Input(JsonObject? Body, string? Flow, IResult? Error);

    private sealed record Built(IFlowMachine? Machine, IResult? Error);

    /// <summary>Reads <c>{ "flow": {...}, "&lt;script&gt;": ... }</c>; a bad body is a 400 saying where.</summary>
    private static async Task<Input> ReadAsync(string id, HttpRequest request, AdminSettings settings, string scriptName)
    {
        var body = await LimitedBody.ReadAsync(request, settings.MaxBodyBytes, request.HttpContext.RequestAborted);
        if (body is null) return new(null, null, LimitedBody.TooLarge(settings.MaxBodyBytes));
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(body);
        }
        catch (JsonException e)
        {
            return new(null, null, AdminJson.Error(400, $"the body is not JSON (line {(e.LineNumber ?? 0) + 1}, column {(e.BytePositionInLine ?? 0) + 1}): {e.Message}"));
        }
        if (node is not JsonObject obj) return new(null, null, AdminJson.Error(400, $"the body must be {{ \"flow\": <the flow document>, \"{scriptName}\": ... }}"));
        try
        {
            if (obj["flow"] is not JsonObject flow) return new(null, null, AdminJson.Error(400, "\"flow\" must be the flow document (an object)"));
            if (flow["id"] is JsonValue v && v.TryGetValue<string>(out var docId) && docId != id)
                return new(null, null, AdminJson.Error(400, $"the flow document's id is '{docId}', not '{id}'"));
            return new(obj, flow.ToJsonString(new JsonSerializerOptions { WriteIndented = true }), null);
        }
        catch (ArgumentException e) // a key given twice is met when the object is first read
        {
            return new(null, null, AdminJson.Error(400, e.Message));
        }
    }

    private static CheckedFlow Check(string flowJson, string id, HttpRequest request)
    {
        var services = request.HttpContext.RequestServices;
        var hasCatalog = !string.IsNullOrEmpty(services.GetRequiredService<IOptions<HostSettings>>().Value.Catalog);
        return FlowChecker.CheckText($"{id}.flow.json", flowJson, hasCatalog ? services.GetRequiredService<FlowCatalog>() : null);
    }

    private static async Task<Built> BuildAsync(string flowJson, HttpRequest request)
    {
        var id = request.RouteValues["id"] as string ?? "";
        var flow = Check(flowJson, id, request);
        if (!flow.Succeeded) return new(null, AdminJson.Error(422, $"flow '{id}' has errors; fix them before a test call", flow.Diagnostics.Sorted()));
        // Roslyn runs in the low-priority compile worker, as for a publish; the assembly is loaded here.
        var compiler = request.HttpContext.RequestServices.GetRequiredService<CompileWorkerProcess>();
        var built = await Worker(request).RunAsync(ct => FlowBuilder.BuildAsync(flow, version: 1, compiler, cancellationToken: ct), request.HttpContext.RequestAborted);
        return built is not null
            ? new(FlowAssemblyLoader.Load(built.Assembly, built.Manifest.AssemblySha256).Machine, null)
            : new(null, AdminJson.Error(422, $"flow '{id}' did not compile", flow.Diagnostics.Sorted()));
    }

    private static PublishWorker Worker(HttpRequest request) => request.HttpContext.RequestServices.GetRequiredService<PublishWorker>();

    /// <summary>The verdicts and, per flow, the coverage <c>callyc test</c> prints (its summary line included).</summary>
    private static JsonObject ScenariosJson(IReadOnlyList<ScenarioVerdict> verdicts, IReadOnlyList<FlowCoverage> coverage) => new()
    {
        ["verdicts"] = new JsonArray([.. verdicts.Select(v => (JsonNode)new JsonObject
        {
            ["name"] = v.Name,
            ["passed"] = v.Passed,
            ["failures"] = new JsonArray([.. v.Failures.Select(f => (JsonNode)f)]),
            ["taken"] = new JsonArray([.. (v.Result?.Trace.Taken ?? []).Select(t => $"{t.Node}:{t.Output}").Order(StringComparer.Ordinal).Select(t => (JsonNode)t)]),
        })]),
        ["passed"] = verdicts.Count(v => v.Passed),
        ["failed"] = verdicts.Count(v => !v.Passed),
        ["coverage"] = new JsonArray([.. coverage.Select(c => (JsonNode)new JsonObject
        {
            ["flowId"] = c.FlowId,
            ["outputs"] = new JsonArray([.. c.Outputs.Select(o => (JsonNode)o)]),
            ["covered"] = new JsonArray([.. c.Outputs.Where(c.Covered.Contains).Select(o => (JsonNode)o)]),
            ["uncovered"] = new JsonArray([.. c.Uncovered.Select(o => (JsonNode)o)]),
            ["percent"] = Math.Round(c.Percent, 1),
            ["summary"] = ScenarioRunner.CoverageLine(c),
        })]),
    };

    /// <summary>Records a test call step by step: nodes entered, effects with their prompts, outcomes, outputs taken, variables as they change.</summary>
    private sealed class TestCallRecorder(IClock clock) : ICallObserver
    {
        private readonly JsonArray _steps = [];
        private readonly Dictionary<string, string> _seen = new(StringComparer.Ordinal);
        private string? _flow;
        private string? _node;
        private string? _left;

        public void OnEffect(CallState state, Effect effect)
        {
            // Variables a node sets are set when the machine leaves it: shown before the next node is entered.
            Variables(state, _left ?? state.Node);
            if (state.FlowId != _flow || state.Node != _node) Enter(state.FlowId, state.Node);
            var step = Step("effect", state.FlowId, state.Node);
            step["detail"] = CallTrace.Describe(effect);
            var prompts = Prompts(effect).ToList();
            if (prompts.Count > 0) step["prompts"] = new JsonArray([.. prompts.Select(p => (JsonNode)new JsonObject { ["kind"] = p.Kind.ToString().ToLowerInvariant(), ["text"] = p.Value, ["voice"] = p.Voice })]);
        }

        public void OnOutcome(CallState state, Outcome outcome)
        {
            Step("outcome", state.FlowId, state.Node)["detail"] = outcome.ToString();
            Variables(state, state.Node);
        }

        public void OnTransition(string flowId, string fromNode, string output, string? toNode)
        {
            if (flowId != _flow || fromNode != _node) Enter(flowId, fromNode);
            var step = Step("edge", flowId, fromNode);
            step["output"] = output;
            step["target"] = toNode;
            _left = fromNode;
            _node = null; // the next effect's node is entered, even when the edge loops back to the same node
        }

        public void OnWebhook(WebhookRequest request, bool accepted) =>
            Step("webhook", _flow ?? "", request.SourceNode)["detail"] = $"{request.WebhookNode}: {request.Method} {request.Url}";

        public JsonObject ToJson(string flowId, SimulationResult result, IReadOnlyList<string> failures)
        {
            Variables(result.Call.State, result.Call.State.Node);
            var end = Step("end", result.Call.State.FlowId, result.Call.State.Node);
            end["end"] = ScenarioRunner.EndName(result.Call.Reason);
            end["error"] = result.Call.Error;
            return new JsonObject
            {
                ["flowId"] = flowId,
                ["end"] = ScenarioRunner.EndName(result.Call.Reason),
                ["error"] = result.Call.Error,
                ["finalNode"] = result.Call.State.Node,
                ["path"] = new JsonArray([.. result.Trace.Path.Select(p => (JsonNode)p)]),
                ["taken"] = new JsonArray([.. result.Trace.Taken.Where(t => t.Flow == flowId).Select(t => $"{t.Node}:{t.Output}").Order(StringComparer.Ordinal).Select(t => (JsonNode)t)]),
                ["variables"] = new JsonObject([.. result.Call.State.Variables.OrderBy(v => v.Key, StringComparer.Ordinal).Select(v => KeyValuePair.Create(v.Key, (JsonNode?)v.Value))]),
                ["webhooks"] = new JsonArray([.. result.Webhooks.Select(w => (JsonNode)w.WebhookNode)]),
                ["expectation"] = new JsonObject { ["passed"] = failures.Count == 0, ["failures"] = new JsonArray([.. failures.Select(f => (JsonNode)f)]) },
                ["steps"] = _steps,
            };
        }

        private void Enter(string flow, string node)
        {
            _flow = flow;
            _node = node;
            Step("enter", flow, node);
        }

        /// <summary>Adds a step with the variables changed since the last one, if any.</summary>
        private void Variables(CallState state, string node)
        {
            JsonObject? changed = null;
            foreach (var (name, value) in state.Variables)
            {
                if (_seen.TryGetValue(name, out var old) && old == value) continue;
                _seen[name] = value;
                (changed ??= [])[name] = value;
            }
            if (changed is not null) Step("variables", state.FlowId, node)["changed"] = changed;
        }

        private JsonObject Step(string kind, string flow, string node)
        {
            var step = new JsonObject
            {
                ["at"] = clock.UtcNow.ToString("O", CultureInfo.InvariantCulture),
                ["kind"] = kind,
                ["flow"] = flow,
                ["node"] = node,
            };
            _steps.Add(step);
            return step;
        }

        private static IEnumerable<Prompt> Prompts(Effect effect) => effect switch
        {
            PlayEffect p => p.Prompts,
            ReadDigitsEffect r => r.Prompts,
            HangupEffect { Goodbye: { } g } => [g],
            QueueLoginEffect { Prompt: { } p } => [p],
            CallbackEffect { Prompt: { } p } => [p],
            VoicemailEffect v => [v.Prompt],
            _ => [],
        };
    }
}
