using System.Text.Json.Nodes;
using Callytics.Compiler.Checking;
using Callytics.Compiler.Importing;

namespace Callytics.Compiler.Tests.Importing;

/// <summary>
/// Hostile exports never crash an importer: each gives a flow or a located error, every finding
/// has a line and column, and every flow written is JSON the checker reads.
/// </summary>
public sealed class ImportRobustnessTests
{
    private static readonly JsonNode?[] Replacements =
    [
        null, JsonValue.Create("x")!, JsonValue.Create(-1)!, JsonValue.Create(1e300)!, JsonValue.Create(true)!, new JsonArray(), new JsonObject(),
        JsonValue.Create("")!, JsonValue.Create("../../etc/passwd")!, JsonValue.Create("digit:")!, JsonValue.Create(new string('9', 80))!,
        JsonValue.Create(long.MinValue)!, JsonValue.Create("PJSIP/")!, JsonValue.Create("{{")!,
    ];

    [Theory]
    [InlineData("grouped-support.callytics.json", "callytics", 1)]
    [InlineData("medical-clinic-ivr.callytics.json", "callytics", 2)]
    [InlineData("support-ivr.whatomate.json", "whatomate", 3)]
    [InlineData("after-hours.whatomate.json", "whatomate", 4)]
    public void Five_hundred_mutations_of_a_corpus_export_never_throw(string file, string from, int seed)
    {
        var original = File.ReadAllText(ImportCorpusTests.Corpus(file));
        var random = new Random(seed);
        for (var i = 0; i < 500; i++) AssertSurvives(from, Mutate(original, random), $"mutation {i}");
    }

    public static TheoryData<string, string, string> Hostile => new()
    {
        // Nulls where every value belongs.
        { "nulls everywhere (Callytics)", "callytics", """{ "name": null, "slug": null, "nodes": [ null, { "nodeKey": "s", "type": "start", "config": null, "positionX": null, "positionY": null, "groupId": null }, { "nodeKey": "m", "type": "menu", "config": { "branches": [ null, "1" ], "prompt_audio_file_id": null, "max_timeout_attempts": null, "timeout_ms": null } } ], "edges": [ null, { "sourceNodeKey": "s", "targetNodeKey": "m", "branchKey": null, "condition": null }, { "sourceNodeKey": null, "targetNodeKey": "m" } ] }""" },
        { "nulls everywhere (Whatomate)", "whatomate", """{ "name": null, "menu": { "version": 2, "entry_node": null, "nodes": [ null, { "id": "g", "type": "greeting", "label": null, "position": null, "config": null }, { "id": "m", "type": "menu", "config": { "options": null, "max_retries": null, "timeout_seconds": null } }, { "id": "t", "type": "timing", "config": { "schedule": [ null, { "day": null, "enabled": null, "start_time": null, "end_time": null } ] } } ], "edges": [ null, { "from": "g", "to": "m", "condition": null } ] } }""" },
        // Wrong shapes for every container.
        { "wrong shapes (Callytics)", "callytics", """{ "name": ["x"], "nodes": [ { "nodeKey": "s", "type": "start", "config": [] }, { "nodeKey": "b", "type": "business_hours", "config": { "timezone": 7, "schedule": [ "monday" ] } }, { "nodeKey": "w", "type": "webhook", "config": { "url": {}, "headers": { "a": "b" }, "method": 1 } }, { "nodeKey": "h", "type": "hunt", "config": { "destinations": { "0": "x" }, "strategy": [] } }, { "nodeKey": "t", "type": "transfer", "config": { "destination": 2001, "on_no_answer": [] } } ], "edges": [ { "sourceNodeKey": "s", "targetNodeKey": "b", "branchKey": 1, "condition": {} } ] }""" },
        { "wrong shapes (Whatomate)", "whatomate", """{ "version": 2, "entry_node": 5, "nodes": [ { "id": "m", "type": "menu", "position": "top", "config": { "options": [ "1", "2" ], "greeting_text": [] } }, { "id": "h", "type": "http_callback", "config": { "headers": [ "x" ], "timeout_seconds": "soon", "url": 3 } }, { "id": "t", "type": "timing", "config": { "schedule": { "monday": true } } } ], "edges": "none" }""" },
        { "menu is not a graph", "whatomate", """{ "name": "x", "menu": [ 1 ] }""" },
        // Huge and negative numbers.
        { "huge numbers (Callytics)", "callytics", """{ "name": "big", "nodes": [ { "nodeKey": "s", "type": "start", "positionX": 1e308, "positionY": -1e308, "config": { "flow_default_timeout_ms": 1e30 } }, { "nodeKey": "m", "type": "menu", "config": { "branches": ["1"], "max_timeout_attempts": 9223372036854775807, "max_invalid_attempts": -9223372036854775808, "timeout_ms": 99999999999999999999 } }, { "nodeKey": "w", "type": "webhook", "config": { "url": "https://x.example", "max_attempts": 9223372036854775807 } }, { "nodeKey": "v", "type": "voicemail", "config": { "max_duration_seconds": 1e19 } } ], "edges": [ { "sourceNodeKey": "s", "targetNodeKey": "m", "branchKey": "default" }, { "sourceNodeKey": "m", "targetNodeKey": "v", "branchKey": "1", "condition": "1" } ] }""" },
        { "huge numbers (Whatomate)", "whatomate", """{ "version": 2, "entry_node": "g", "nodes": [ { "id": "g", "type": "gather", "position": { "x": 1e999, "y": 0 }, "config": { "store_as": "n", "max_digits": 9223372036854775807, "timeout_seconds": 9223372036854775807, "max_retries": -9223372036854775808 } }, { "id": "m", "type": "menu", "config": { "options": { "1": {} }, "timeout_seconds": 1e300, "max_retries": 9223372036854775807 } } ], "edges": [ { "from": "g", "to": "m", "condition": "default" } ] }""" },
        // Cycles, self-loops and an on_no_answer that names its own node.
        { "cycles (Callytics)", "callytics", """{ "name": "loop", "nodes": [ { "nodeKey": "s", "type": "start" }, { "nodeKey": "a", "type": "play_audio", "config": { "audio_file_id": 1 } }, { "nodeKey": "b", "type": "business_hours", "config": { "timezone": "UTC" } }, { "nodeKey": "t", "type": "transfer", "config": { "target_type": "extension", "target_value": "1", "on_no_answer": "t" } } ], "edges": [ { "sourceNodeKey": "s", "targetNodeKey": "a", "branchKey": "default" }, { "sourceNodeKey": "a", "targetNodeKey": "b", "branchKey": "default" }, { "sourceNodeKey": "b", "targetNodeKey": "a", "branchKey": "default" }, { "sourceNodeKey": "b", "targetNodeKey": "b", "condition": "open" }, { "sourceNodeKey": "t", "targetNodeKey": "t", "condition": "done" } ] }""" },
        { "cycles (Whatomate)", "whatomate", """{ "version": 2, "entry_node": "m", "nodes": [ { "id": "m", "type": "menu", "config": { "options": { "1": {} } } }, { "id": "h", "type": "http_callback", "config": { "url": "https://x.example" } } ], "edges": [ { "from": "m", "to": "m", "condition": "digit:1" }, { "from": "m", "to": "h", "condition": "default" }, { "from": "h", "to": "h", "condition": "http:2xx" }, { "from": "h", "to": "m", "condition": "default" } ] }""" },
        // Ids that collide once fitted, and ids the import itself wants.
        { "colliding ids (Callytics)", "callytics", """{ "name": "ids", "nodes": [ { "nodeKey": "a b", "type": "play_audio", "config": { "audio_file_id": 1 } }, { "nodeKey": "a_b", "type": "play_audio", "config": { "audio_file_id": 1 } }, { "nodeKey": "a-b!", "type": "hangup" }, { "nodeKey": "start", "type": "hangup" }, { "nodeKey": "end_call", "type": "menu", "config": { "branches": ["1"] } }, { "nodeKey": "x", "type": "group", "config": { "width": "wide" } }, { "nodeKey": "x", "type": "group" } ], "edges": [ { "sourceNodeKey": "a b", "targetNodeKey": "a_b" }, { "sourceNodeKey": "a_b", "targetNodeKey": "end_call" } ] }""" },
        { "colliding ids (Whatomate)", "whatomate", """{ "version": 2, "entry_node": "start", "nodes": [ { "id": "start", "type": "greeting", "config": { "greeting_text": "a" } }, { "id": "end_call", "type": "greeting", "config": { "greeting_text": "b" } }, { "id": "123", "type": "hangup" }, { "id": "n_123", "type": "hangup" }, { "id": "PPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPA", "type": "hangup" }, { "id": "PPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPB", "type": "hangup" } ], "edges": [ { "from": "start", "to": "end_call", "condition": "default" } ] }""" },
    };

    [Theory]
    [MemberData(nameof(Hostile))]
    public void A_hostile_export_never_crashes_and_every_finding_is_located(string name, string from, string text)
    {
        var (result, check) = AssertSurvives(from, text, name);
        // A cycle is a valid export: the finding about it is the check's (CFL3002 for a loop that never waits).
        var findings = result.Diagnostics.Diagnostics.Concat(check?.Diagnostics.Diagnostics ?? []).ToList();

        Assert.NotEmpty(findings);
        Assert.All(findings, d => Assert.True(d.Line >= 1 && d.Column >= 1, $"{name}: {d} has no position"));
    }

    [Fact]
    public void Ids_that_collide_after_fitting_stay_unique_and_reported()
    {
        var result = ImportDiagnosticTests.Import("whatomate", (string)Hostile.Single(h => (string)h[0] == "colliding ids (Whatomate)")[2]);
        var ids = result.Flow!.Nodes.Select(n => n.Id).ToList();

        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Equal(["start_2", "start", "end_call", "n_123", "n_123_2"], ids.Take(5));
        Assert.Equal(2, ids.Count(i => i.StartsWith("PPPP", StringComparison.Ordinal) && i.Length <= 64));
        Assert.Contains(result.Flow.Edges, e => e is { Source: "start_2", Target: "start" });
    }

    private static (ImportResult Result, CheckedFlow? Check) AssertSurvives(string from, string text, string what)
    {
        var result = FlowImporter.ImportText(FlowImporter.Find(from)!, "hostile.json", text);
        Assert.True(result.Flow is not null || result.Diagnostics.HasErrors, $"{what}: no flow and no error\n{text}");
        if (result.Json is not { } json) return (result, null);
        Assert.NotNull(JsonNode.Parse(json));
        var check = FlowChecker.CheckText("imported.flow.json", json);
        Assert.DoesNotContain(check.Diagnostics.Diagnostics, d => d.Id is "CFL0001" or "CFL0004");
        return (result, check);
    }

    private static string Mutate(string original, Random random)
    {
        if (random.Next(10) == 0) return original[..random.Next(original.Length)]; // a cut file
        var root = JsonNode.Parse(original)!;
        var containers = new List<JsonNode>();
        Collect(root, containers);
        for (var n = random.Next(1, 4); n > 0; n--)
        {
            var target = containers[random.Next(containers.Count)];
            switch (target)
            {
                case JsonObject obj when obj.Count > 0:
                    var key = obj.ElementAt(random.Next(obj.Count)).Key;
                    switch (random.Next(4))
                    {
                        case 0: obj.Remove(key); break;
                        case 1: obj[key] = Replacements[random.Next(Replacements.Length)]?.DeepClone(); break;
                        case 2: var value = obj[key]?.DeepClone(); obj.Remove(key); obj[key + "_renamed"] = value; break;
                        default: obj[key] = JsonValue.Create(key); break;
                    }
                    break;
                case JsonArray array when array.Count > 0:
                    var index = random.Next(array.Count);
                    if (random.Next(2) == 0) array.RemoveAt(index);
                    else array.Add(array[index]?.DeepClone());
                    break;
            }
        }
        return root.ToJsonString();
    }

    private static void Collect(JsonNode? node, List<JsonNode> into)
    {
        switch (node)
        {
            case JsonObject obj:
                into.Add(obj);
                foreach (var (_, child) in obj) Collect(child, into);
                break;
            case JsonArray array:
                into.Add(array);
                foreach (var child in array) Collect(child, into);
                break;
        }
    }
}
