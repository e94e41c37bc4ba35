using System.Text;
using Callytics.Compiler.Binding;
using Callytics.Compiler.Binding.Nodes;
using Callytics.Compiler.Checking;
using Callytics.Compiler.Compilation;
using Callytics.Compiler.Emit;
using Callytics.Compiler.Packaging;
using Callytics.Runtime.Contract;
using Microsoft.CodeAnalysis.CSharp;
using Callytics.Compiler.Syntax;
using Callytics.Compiler.Tests.Support;
using Nodes = System.Text.Json.Nodes;

namespace Callytics.Compiler.Tests.Hostile;

/// <summary>
/// Randomized robustness: mutates realistic flows (structurally through System.Text.Json.Nodes, and
/// as raw bytes) thousands of times with a fixed seed, and builds each mutant as <c>callyc build</c> does:
/// check, then, when there is no error, emit the C# and compile it with Roslyn. No exception may escape,
/// every finding must be located, whatever the checker calls valid must really satisfy the graph
/// invariants, and its generated C# must compile with no warning. Mutations include templates (valid and
/// broken) in payload keys and values, URLs, header values and bodies (issue #14).
/// </summary>
public class MutationTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private const int Seed = 20_261_121;
    private const int Iterations = 10_000;

    /// <summary>Marks a string value that the serializer writes as raw JSON (numbers System.Text.Json cannot hold).</summary>
    private const string RawPrefix = "\u0001raw:";

    private static readonly string[] Handles =
        ["next", "timeout", "invalid", "max_retries", "in_hours", "out_of_hours", "holiday", "completed", "no_answer", "abandoned", "success", "failure", "default", "digit:1", "digit:9", "rule:vip", "nope"];

    [Fact]
    public async Task Ten_thousand_mutants_are_built_without_an_exception_and_valid_ones_compile_cleanly()
    {
        var current = (Iteration: -1, Input: Array.Empty<byte>());
        var run = Task.Run(() => Run(input => current = input));
        try
        {
            // A watchdog turns a hang (an analysis that does not terminate) into a failure that shows the input.
            var (valid, invalid) = await run.WaitAsync(TimeSpan.FromMinutes(10));
            output.WriteLine($"{valid} valid mutants emitted and compiled ({Templated} of them with placeholders; every {FullBuildEvery}th also through FlowBuilder.Build), {invalid} invalid mutants refused by the check");
            Assert.Equal(valid, Compiled);
            Assert.True(Templated >= valid / 10, $"only {Templated} of the {valid} built mutants carried placeholders");
            // The mutations must exercise both outcomes, or the test proves little.
            Assert.True(valid >= Iterations / 50, $"only {valid} mutants were valid");
            Assert.True(invalid >= Iterations / 2, $"only {invalid} mutants were invalid");
        }
        catch (TimeoutException)
        {
            Assert.Fail($"Iteration {current.Iteration} (seed {Seed}) did not finish\n--- input ---\n{Encoding.UTF8.GetString(current.Input)}");
        }
    }

    private const int BatchSize = 300;
    private const int FullBuildEvery = 50;
    private static int Templated;
    private static int Compiled;

    private static (int Valid, int Invalid) Run(Action<(int, byte[])> starting)
    {
        var random = new Random(Seed);
        var bases = Corpus.WithRepositoryFlows().Select(f => Nodes.JsonNode.Parse(f.Text)!).ToList();
        int valid = 0, invalid = 0;
        var templated = 0;
        var batch = new List<(int Iteration, string Source, byte[] Input)>();
        for (var i = 0; i < Iterations; i++)
        {
            var tree = bases[random.Next(bases.Count)].DeepClone();
            Nodes.JsonNode? duplicate = null;
            for (var m = random.Next(1, 4); m > 0; m--) duplicate = MutateTree(ref tree, random) ?? duplicate;
            var bytes = Encoding.UTF8.GetBytes(Serialize(tree, duplicate));
            if (random.Next(6) == 0) bytes = MutateBytes(bytes, random);

            starting((i, bytes));
            CheckedFlow result;
            try
            {
                result = FlowChecker.CheckDocument(JsonLoader.Load($"mutant-{i}.flow.json", bytes));
            }
            catch (Exception e)
            {
                Assert.Fail($"Iteration {i} (seed {Seed}) threw {e}\n--- input ---\n{Encoding.UTF8.GetString(bytes)}");
                throw;
            }
            WrongTypeEverywhereTests.AssertLocated(result, $"iteration {i}");
            if (result.Diagnostics.HasErrors) invalid++;
            else
            {
                valid++;
                AssertGraphInvariants(result, i);
                try
                {
                    // Each mutant gets its own version, so no two generated machines share a namespace.
                    var identity = new FlowIdentity(result.Flow!.FlowId, i + 1, "mutant");
                    batch.Add((i, StateMachineEmitter.Emit(result.Graph!, identity).Source, bytes));
                    // A sample also goes the whole way of callyc build (one compilation, manifest, hashes).
                    if (valid % FullBuildEvery == 1)
                        Assert.True(FlowBuilder.Build(result, version: i + 1, concurrent: false) is not null,
                            $"Iteration {i} (seed {Seed}): {string.Join("; ", result.Diagnostics.Diagnostics)}\n--- input ---\n{Encoding.UTF8.GetString(bytes)}");
                }
                catch (Exception e) when (e is not Xunit.Sdk.XunitException)
                {
                    Assert.Fail($"Iteration {i} (seed {Seed}) threw while building: {e}\n--- input ---\n{Encoding.UTF8.GetString(bytes)}");
                    throw;
                }
                if (Encoding.UTF8.GetString(bytes).Contains("{{", StringComparison.Ordinal)) templated++;
                if (batch.Count == BatchSize) CompileBatch(batch);
            }
        }
        CompileBatch(batch);
        Templated = templated;
        return (valid, invalid);
    }

    /// <summary>
    /// Compiles the generated machines of many valid mutants in one Roslyn compilation, one syntax tree each, with
    /// the options of a real build (all warnings): one compilation per flow would take minutes for the thousands of
    /// valid mutants. The two assembly-level attributes of each machine are left out here (one per assembly); every
    /// other line is compiled as generated, and a warning or error is traced back to its mutant.
    /// </summary>
    private static void CompileBatch(List<(int Iteration, string Source, byte[] Input)> batch)
    {
        if (batch.Count == 0) return;
        var trees = batch.Select(m => CSharpSyntaxTree.ParseText(
            string.Join('\n', m.Source.Split('\n').Where(line => !line.StartsWith("[assembly:", StringComparison.Ordinal))),
            RoslynCompiler.ParseOptions, path: $"mutant-{m.Iteration}.g.cs")).ToList();
        var compilation = CSharpCompilation.Create("Callytics.Mutants", trees, RoslynCompiler.References, RoslynCompiler.ConcurrentOptions);
        using var stream = new MemoryStream();
        var emitted = compilation.Emit(stream);
        var problem = emitted.Diagnostics.FirstOrDefault(d => d.Severity >= Microsoft.CodeAnalysis.DiagnosticSeverity.Warning);
        if (problem is not null)
        {
            var mutant = batch[trees.FindIndex(t => t == problem.Location.SourceTree) is var k and >= 0 ? k : 0];
            Assert.Fail($"Iteration {mutant.Iteration} (seed {Seed}): the generated C# does not compile cleanly: {problem}\n--- input ---\n{Encoding.UTF8.GetString(mutant.Input)}");
        }
        Assert.True(emitted.Success);
        Compiled += batch.Count;
        batch.Clear();
    }

    /// <summary>What "valid" promises to the code generator: re-checked here independently of the validator.</summary>
    private static void AssertGraphInvariants(CheckedFlow result, int iteration)
    {
        var context = $"iteration {iteration}: checked valid but ";
        var flow = result.Flow;
        Assert.True(flow is not null && result.Graph is not null, context + "has no bound flow");
        Assert.True(flow.Nodes.OfType<StartNode>().Count() == 1 && flow.Start is not null, context + "does not have exactly one start");
        Assert.True(flow.Nodes.Count == flow.NodesById.Count, context + "has duplicate node ids");
        Assert.True(flow.Nodes.All(n => !n.Info.HasErrors), context + "has a node with config errors");
        foreach (var edge in flow.Edges)
        {
            Assert.True(flow.NodesById.ContainsKey(edge.Source) && flow.NodesById.ContainsKey(edge.Target), context + $"has a dangling edge {edge.Source} → {edge.Target}");
            var source = flow.NodesById[edge.Source];
            var target = flow.NodesById[edge.Target];
            Assert.True(target is not StartNode, context + "has an edge into start");
            if (target is WebhookNode) continue;
            Assert.True(!source.Type.IsTerminal, context + $"lets terminal node {source.Id} continue");
            Assert.True(source.Outputs.Any(o => o.Name == edge.Handle), context + $"uses unknown handle {edge.Handle} of {source.Id}");
            Assert.True(!(source is QueueNode && edge.Handle == "abandoned"), context + "continues after abandoned");
        }
        foreach (var node in flow.NodesById.Values.Where(n => n is not WebhookNode))
            foreach (var output in node.Outputs.Where(o => o.Required))
                Assert.True(result.Graph.Resolve(node.Id, output.Name).Target is not null, context + $"leaves required output {node.Id}.{output.Name} unconnected");
    }

    /// <summary>Applies one structural mutation; returns a node whose key should be written twice (duplicate key), if any.</summary>
    private static Nodes.JsonNode? MutateTree(ref Nodes.JsonNode tree, Random random)
    {
        var all = Descendants(tree).ToList();
        var target = all[random.Next(all.Count)];
        var parent = target.Parent;
        switch (random.Next(11))
        {
            case 0 when parent is Nodes.JsonObject o: // delete a property
                o.Remove(target.GetPropertyName());
                break;
            case 1 when parent is Nodes.JsonArray a: // delete or duplicate an array item
                if (random.Next(2) == 0) a.Remove(target);
                else a.Insert(target.GetElementIndex(), target.DeepClone());
                break;
            case 2 when parent is Nodes.JsonObject: // duplicate a key
                return target;
            case 3 when parent is Nodes.JsonObject o: // rename a key
            {
                var name = target.GetPropertyName();
                var renamed = Rename(name, all, random);
                if (renamed == name || o.ContainsKey(renamed)) break;
                o.Remove(name);
                o[renamed] = target;
                break;
            }
            case 4: // swap two values
            {
                var other = all[random.Next(all.Count)];
                if (other == target || IsAncestor(target, other) || IsAncestor(other, target)) break;
                var copy = target.DeepClone();
                Replace(ref tree, target, other.DeepClone());
                Replace(ref tree, other, copy);
                break;
            }
            case 5: // rewire an edge or a handle
                if (tree is Nodes.JsonObject { } rootForEdges && rootForEdges["edges"] is Nodes.JsonArray edges && edges.Count > 0 && edges[random.Next(edges.Count)] is Nodes.JsonObject edge)
                {
                    var ids = NodeIds(tree);
                    switch (random.Next(3))
                    {
                        case 0: if (ids.Count > 0) edge["source"] = ids[random.Next(ids.Count)]; break;
                        case 1: if (ids.Count > 0) edge["target"] = ids[random.Next(ids.Count)]; break;
                        default: edge["sourceHandle"] = Handles[random.Next(Handles.Length)]; break;
                    }
                }
                break;
            case 6: // change a node's type
                if (tree is Nodes.JsonObject { } rootForNodes && rootForNodes["nodes"] is Nodes.JsonArray nodes && nodes.Count > 0 && nodes[random.Next(nodes.Count)] is Nodes.JsonObject node)
                    node["type"] = NodeRegistry.All[random.Next(NodeRegistry.All.Count)].Name;
                break;
            case 7: // a template where an HTTP node takes one: payload key or value, URL, header value, body
                MutateTemplate(tree, random);
                break;
            default: // retype a value
                Replace(ref tree, target, RandomValue(all, random));
                break;
        }
        return null;
    }

    /// <summary>Placeholders, well-formed and broken, including the shapes that once crashed the binder.</summary>
    private static readonly string[] Templates =
    [
        "{{caller_id}}", "{{ call_id }}", "{{\tcaller_id\u2028}}", "{{x}}{{y}}", "a}}b", "{{", "}}{{", "{{caller_id", "{{Not-A-Name}}",
        "{{{caller_id}}}", "..", "\"}{\"", "x\r\ny",
    ];

    private static string Template(Random random) =>
        random.Next(3) == 0 ? Templates[random.Next(Templates.Length)] + Templates[random.Next(Templates.Length)] : Templates[random.Next(Templates.Length)];

    private static void MutateTemplate(Nodes.JsonNode tree, Random random)
    {
        var http = tree is Nodes.JsonObject { } root && root["nodes"] is Nodes.JsonArray nodes
            ? nodes.OfType<Nodes.JsonObject>().Where(n => n["type"]?.GetValueKind() == System.Text.Json.JsonValueKind.String && n["type"]!.GetValue<string>() is "webhook" or "http_request").ToList()
            : [];
        if (http.Count == 0) return;
        var node = http[random.Next(http.Count)];
        var config = node["config"] as Nodes.JsonObject ?? [];
        node["config"] = config;
        var webhook = node["type"]!.GetValue<string>() == "webhook";
        switch (random.Next(5))
        {
            case 0 when webhook: // a key of the payload, at the top or one level down
                var payload = config["payload"] as Nodes.JsonObject ?? new Nodes.JsonObject { ["event"] = "x" };
                config["payload"] = payload;
                var into = random.Next(2) == 0 ? payload : (payload["nested"] as Nodes.JsonObject ?? (Nodes.JsonObject)(payload["nested"] = new Nodes.JsonObject()));
                into[Template(random)] = random.Next(2) == 0 ? Template(random) : 1;
                break;
            case 1 when webhook: // a value of the payload
                config["payload"] = new Nodes.JsonObject { ["caller"] = Template(random), ["list"] = new Nodes.JsonArray(Template(random), true) };
                break;
            case 2: // the URL's path or query
                config["url"] = "https://api.example.com/" + Template(random) + (random.Next(2) == 0 ? "/x?q=" + Template(random) : "");
                break;
            case 3: // a header value
                var headers = config["headers"] as Nodes.JsonObject ?? [];
                config["headers"] = headers;
                headers["X-Caller"] = Template(random);
                break;
            default: // the body, as JSON or as a form
                if (webhook) config["payload"] = Template(random);
                else config["body"] = random.Next(2) == 0 ? "{\"c\": \"" + Template(random) + "\"}" : "c=" + Template(random);
                break;
        }
    }

    private static void Replace(ref Nodes.JsonNode tree, Nodes.JsonNode target, Nodes.JsonNode? value)
    {
        switch (target.Parent)
        {
            case Nodes.JsonObject o: o[target.GetPropertyName()] = value; break;
            case Nodes.JsonArray a: a[target.GetElementIndex()] = value; break;
            default: tree = value ?? Nodes.JsonValue.Create(RawPrefix + "null")!; break;
        }
    }

    private static bool IsAncestor(Nodes.JsonNode ancestor, Nodes.JsonNode node)
    {
        for (var p = node.Parent; p is not null; p = p.Parent)
            if (p == ancestor) return true;
        return false;
    }

    private static Nodes.JsonNode? RandomValue(List<Nodes.JsonNode> all, Random random) => random.Next(16) switch
    {
        0 => "",
        1 => "x",
        2 => 0,
        3 => -1,
        4 => Nodes.JsonValue.Create(RawPrefix + "1e400"),
        5 => Nodes.JsonValue.Create(RawPrefix + "9223372036854775808"),
        6 => true,
        7 => null,
        8 => new Nodes.JsonArray(),
        9 => new Nodes.JsonObject(),
        10 => 2.5,
        11 => Template(random),
        12 => "start",
        13 => new Nodes.JsonObject { ["sound"] = "s" },
        _ => all[random.Next(all.Count)].DeepClone(),
    };

    private static string Rename(string name, List<Nodes.JsonNode> all, Random random)
    {
        switch (random.Next(5))
        {
            case 0: return name.Length > 1 ? name.Remove(random.Next(name.Length), 1) : name + "_";
            case 1: return name.ToUpperInvariant();
            case 2: return "x-" + name;
            case 3: return random.Next(2) == 0 ? name + (char)random.Next('a', 'z' + 1) : Template(random); // a template as a key
            default:
                var keyed = all.Where(n => n.Parent is Nodes.JsonObject).ToList();
                return keyed.Count == 0 ? name : keyed[random.Next(keyed.Count)].GetPropertyName();
        }
    }

    private static List<string> NodeIds(Nodes.JsonNode tree) =>
        tree is Nodes.JsonObject { } root && root["nodes"] is Nodes.JsonArray nodes
            ? nodes.OfType<Nodes.JsonObject>().Select(n => n["id"]).OfType<Nodes.JsonValue>().Select(v => v.ToJsonString().Trim('"')).ToList()
            : [];

    private static IEnumerable<Nodes.JsonNode> Descendants(Nodes.JsonNode root)
    {
        var stack = new Stack<Nodes.JsonNode>();
        stack.Push(root);
        while (stack.Count > 0)
        {
            var node = stack.Pop();
            yield return node;
            var children = node switch
            {
                Nodes.JsonObject o => o.Select(p => p.Value),
                Nodes.JsonArray a => a.AsEnumerable(),
                _ => [],
            };
            foreach (var child in children.OfType<Nodes.JsonNode>()) stack.Push(child);
        }
    }

    private static byte[] MutateBytes(byte[] bytes, Random random)
    {
        switch (random.Next(3))
        {
            case 0: // cut the file at a random byte
                return bytes[..random.Next(bytes.Length + 1)];
            case 1: // insert random bytes
            {
                var at = random.Next(bytes.Length + 1);
                var noise = new byte[random.Next(1, 9)];
                random.NextBytes(noise);
                return [.. bytes[..at], .. noise, .. bytes[at..]];
            }
            default: // overwrite one byte with JSON punctuation
            {
                if (bytes.Length == 0) return bytes;
                var copy = (byte[])bytes.Clone();
                copy[random.Next(copy.Length)] = "{}[]:,\"\\ 0-e"u8[random.Next(12)];
                return copy;
            }
        }
    }

    /// <summary>Writes JSON, emitting <paramref name="duplicate"/>'s property twice and raw-marked strings as raw text.</summary>
    private static string Serialize(Nodes.JsonNode? root, Nodes.JsonNode? duplicate)
    {
        var sb = new StringBuilder();
        Write(root);
        return sb.ToString();

        void Write(Nodes.JsonNode? node)
        {
            switch (node)
            {
                case null:
                    sb.Append("null");
                    break;
                case Nodes.JsonObject o:
                    sb.Append("{\n");
                    var first = true;
                    foreach (var (key, value) in o)
                    {
                        for (var times = value is not null && value == duplicate ? 2 : 1; times > 0; times--)
                        {
                            if (!first) sb.Append(",\n");
                            first = false;
                            sb.Append(System.Text.Json.JsonSerializer.Serialize(key)).Append(": ");
                            Write(value);
                        }
                    }
                    sb.Append("\n}");
                    break;
                case Nodes.JsonArray a:
                    sb.Append('[');
                    for (var i = 0; i < a.Count; i++)
                    {
                        if (i > 0) sb.Append(", ");
                        Write(a[i]);
                    }
                    sb.Append(']');
                    break;
                default:
                    var text = node.ToJsonString();
                    if (node.GetValueKind() == System.Text.Json.JsonValueKind.String && node.GetValue<string>() is var s && s.StartsWith(RawPrefix, StringComparison.Ordinal))
                        text = s[RawPrefix.Length..];
                    sb.Append(text);
                    break;
            }
        }
    }
}
