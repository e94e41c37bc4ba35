using System.Globalization;
using System.Text.Json;
using Callytics.Runtime.Simulation;

namespace Callytics.Compiler.Testing;

/// <summary>What a scenario expects of the call. Every part is optional.</summary>
/// <param name="Path">The exact sequence of nodes the call goes through.</param>
/// <param name="FinalNode">The node the call ends in.</param>
/// <param name="End">How it ends: completed, caller_hung_up or failed.</param>
/// <param name="Variables">Variables and their final values.</param>
/// <param name="Webhooks">Webhook node ids fired, in order.</param>
public sealed record ScenarioExpectation(
    IReadOnlyList<string>? Path, string? FinalNode, string? End, IReadOnlyDictionary<string, string>? Variables, IReadOnlyList<string>? Webhooks);

/// <summary>One scripted call and what should come of it.</summary>
public sealed record Scenario(string Name, SimulationSetup Setup, ScenarioExpectation Expect, IReadOnlyList<CallerInput> Inputs, IReadOnlyList<DialBehaviour> Dials, IReadOnlyList<QueueBehaviour> Queues)
{
    /// <summary>A fresh setup (scripts are consumed by a run).</summary>
    public SimulationSetup FreshSetup() => Setup with { Script = new CallerScript(Inputs, Dials, Queues) };
}

/// <summary>A scenario file: <c>{ "flow": "id", "scenarios": [ ... ] }</c>, kept beside the flows as <c>*.scenarios.json</c>.</summary>
public sealed record ScenarioFile(string Path, string FlowId, IReadOnlyList<Scenario> Scenarios)
{
    /// <summary>The file name pattern.</summary>
    public const string Pattern = "*.scenarios.json";

    /// <summary>Reads a scenario file; throws <see cref="FormatException"/> with a readable reason.</summary>
    public static ScenarioFile Load(string path)
    {
        return Parse(path, File.ReadAllText(path));
    }

    /// <summary>Reads a scenario file's text (the admin API gets it from the editor); throws <see cref="FormatException"/> with a readable reason.</summary>
    public static ScenarioFile Parse(string path, string json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
            var root = doc.RootElement;
            var flow = Text(root, "flow") ?? throw new FormatException("needs \"flow\": the id of the flow to call");
            if (!root.TryGetProperty("scenarios", out var list) || list.ValueKind != JsonValueKind.Array) throw new FormatException("needs \"scenarios\": [...]");
            return new ScenarioFile(path, flow, list.EnumerateArray().Select((s, i) => ParseScenario(s, i)).ToList());
        }
        catch (JsonException e)
        {
            throw new FormatException($"{path}: not valid JSON: {e.Message}");
        }
        catch (FormatException e)
        {
            throw new FormatException($"{path}: {e.Message}");
        }
        catch (InvalidOperationException e) // a value of the wrong JSON kind (a number where a list of strings belongs)
        {
            throw new FormatException($"{path}: {e.Message}");
        }
    }

    private static Scenario ParseScenario(JsonElement s, int index)
    {
        var name = Text(s, "name") ?? $"scenario {index + 1}";
        var at = Text(s, "at") is { } t
            ? DateTimeOffset.Parse(t, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal)
            : new DateTimeOffset(2026, 1, 5, 10, 0, 0, TimeSpan.Zero); // a Monday morning
        IReadOnlyList<CallerInput> inputs = s.TryGetProperty("digits", out var d)
            ? d.ValueKind == JsonValueKind.Array ? d.EnumerateArray().Select(e => CallerInput.Parse(e.GetString() ?? "")).ToList() : CallerScript.ParseInputs(d.GetString())
            : [];
        var dials = Enums<DialBehaviour>(s, "dial");
        var queues = Enums<QueueBehaviour>(s, "queue");
        var stubs = s.TryGetProperty("http", out var h) ? HttpStub.ParseList(h) : [];
        var setup = new SimulationSetup(at, new CallerScript(inputs, dials, queues), stubs, Text(s, "caller_id") ?? "+15550100", Text(s, "dialed_number") ?? "100");
        var expect = s.TryGetProperty("expect", out var e) ? ParseExpect(e) : new ScenarioExpectation(null, null, null, null, null);
        return new Scenario(name, setup, expect, inputs, dials, queues);
    }

    private static ScenarioExpectation ParseExpect(JsonElement e) => new(
        Strings(e, "path"),
        Text(e, "final_node"),
        Text(e, "end"),
        e.TryGetProperty("variables", out var v) && v.ValueKind == JsonValueKind.Object
            ? v.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText())
            : null,
        Strings(e, "webhooks"));

    private static string? Text(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) ? v.ValueKind == JsonValueKind.String ? v.GetString() : throw new FormatException($"\"{name}\" must be a string") : null;

    private static List<string>? Strings(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) ? v.EnumerateArray().Select(x => x.GetString() ?? "").ToList() : null;

    private static List<T> Enums<T>(JsonElement e, string name) where T : struct, Enum =>
        e.TryGetProperty(name, out var v)
            ? v.EnumerateArray().Select(x => Enum.TryParse<T>((x.GetString() ?? "").Replace("_", ""), true, out var r) ? r
                : throw new FormatException($"\"{name}\": '{x.GetString()}' is not one of {string.Join(", ", Enum.GetNames<T>()).ToLowerInvariant()}")).ToList()
            : [];
}
