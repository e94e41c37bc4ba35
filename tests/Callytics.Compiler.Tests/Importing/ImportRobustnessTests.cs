using System.Text.Json.Nodes;
using Callytics.Compiler.Checking;
using Callytics.Compiler.Importing;

namespace Callytics.Compiler.Tests.Importing;

/// <summary>Bad exports never crash an importer: every mutation gives a flow or a located error, and every flow written is valid JSON the checker reads.</summary>
public sealed class ImportRobustnessTests
{
    private static readonly JsonNode[] Replacements =
    [
        JsonValue.Create("x")!, JsonValue.Create(-1)!, JsonValue.Create(1e300)!, JsonValue.Create(true)!, new JsonArray(), new JsonObject(),
        JsonValue.Create("")!, JsonValue.Create("../../etc/passwd")!, JsonValue.Create("digit:")!, JsonValue.Create(new string('9', 80))!,
    ];

    [Theory]
    [InlineData("support-line.callytics.json", "callytics", 1)]
    [InlineData("operators.callytics.json", "callytics", 2)]
    [InlineData("bank-line.whatomate.json", "whatomate", 3)]
    [InlineData("clinic.whatomate.json", "whatomate", 4)]
    public void Five_hundred_mutations_of_a_sample_never_throw(string file, string from, int seed)
    {
        var importer = FlowImporter.Find(from)!;
        var original = File.ReadAllText(ImportSampleTests.Sample(file));
        var random = new Random(seed);
        for (var i = 0; i < 500; i++)
        {
            var text = Mutate(original, random);
            var result = FlowImporter.ImportText(importer, file, text);

            Assert.True(result.Flow is not null || result.Diagnostics.HasErrors, $"mutation {i}: no flow and no error\n{text}");
            if (result.Json is { } json)
            {
                Assert.NotNull(JsonNode.Parse(json));
                var check = FlowChecker.CheckText("imported.flow.json", json);
                Assert.DoesNotContain(check.Diagnostics.Diagnostics, d => d.Id is "CFL0001" or "CFL0004");
            }
        }
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
                        case 1: obj[key] = Replacements[random.Next(Replacements.Length)].DeepClone(); break;
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
