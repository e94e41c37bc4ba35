using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Callytics.Compiler.Checking;
using Callytics.Compiler.Packaging;
using Callytics.Runtime.Contract;

namespace Callytics.CompileWorker;

/// <summary>
/// One publish's flow job (<see cref="CheckedFlowJob"/>) run for the host, one JSON line each way.
/// First it reads and checks the document and answers
/// <c>{"stage":"checked","succeeded","flowId","semanticHash","layout","prompts":[...],"diagnostics":[...]}</c>;
/// then it takes commands on standard input until it closes:
/// <c>{"speechFailures":[{"prompt":{...},"error":"..."}]}</c> (the host rendered the prompts and some
/// failed) answers <c>{"stage":"prepared","succeeded","diagnostics"}</c>, and <c>{"build":N}</c> emits and
/// compiles version N into the output folder and answers <c>{"stage":"built","succeeded","diagnostics",
/// "source","assembly","semantic","manifest","assemblySha256"}</c> (file paths; the manifest as JSON text).
/// The diagnostics are <see cref="FlowJobWire"/>'s, so the host answers what an in-process check would.
/// </summary>
internal static class Session
{
    /// <summary>Runs the session; 0 when the host closed our input, 2 for a command we do not understand.</summary>
    public static int Run(string documentFile, string path, string folder, string? catalogFile)
    {
        // Standard input is read on its own thread: when it ends while we work, the host is gone and
        // there is nobody to answer, so the process ends at once instead of finishing a compile.
        var commands = new BlockingCollection<string>();
        new Thread(() =>
        {
            while (Console.In.ReadLine() is { } line) commands.Add(line);
            Environment.Exit(0);
        }) { IsBackground = true, Name = "host commands" }.Start();

        var catalog = catalogFile is null ? null : FlowJobWire.ReadCatalog(JsonNode.Parse(File.ReadAllText(catalogFile)));
        var document = File.ReadAllText(documentFile);
        var flow = FlowChecker.CheckText(path, document, catalog);
        var job = new CheckedFlowJob(flow, document, InProcessMachineCompiler.Instance);
        Answer(new JsonObject
        {
            ["stage"] = "checked",
            ["succeeded"] = job.Succeeded,
            ["flowId"] = job.FlowId,
            ["semanticHash"] = job.SemanticHash,
            ["layout"] = job.Layout,
            ["prompts"] = new JsonArray([.. job.SpeechPrompts.Select(FlowJobWire.ToJson)]),
            ["diagnostics"] = FlowJobWire.ToJson(job.Diagnostics),
        });
        if (!job.Succeeded) return 0;

        foreach (var line in commands.GetConsumingEnumerable())
        {
            var command = JsonNode.Parse(line);
            if (command?["speechFailures"] is JsonArray failures)
            {
                var failed = failures.ToDictionary(f => FlowJobWire.ReadPrompt(f?["prompt"]), f => f?["error"]?.GetValue<string>() ?? "unknown error");
                SpeechPromptUses.ReportFailures(flow, failed);
                Answer(new JsonObject { ["stage"] = "prepared", ["succeeded"] = flow.Succeeded, ["diagnostics"] = FlowJobWire.ToJson(job.Diagnostics) });
            }
            else if (command?["build"] is JsonValue number && number.TryGetValue<int>(out var version) && version >= 1)
            {
                Answer(Build(flow, version, folder));
            }
            else
            {
                Console.Error.WriteLine($"unknown command: {(line.Length > 200 ? line[..200] : line)}");
                return 2;
            }
        }
        return 0;
    }

    private static JsonObject Build(CheckedFlow flow, int version, string folder)
    {
        var built = FlowBuilder.Build(flow, version);
        var answer = new JsonObject { ["stage"] = "built", ["succeeded"] = built is not null, ["diagnostics"] = FlowJobWire.ToJson(flow.Diagnostics.Sorted()) };
        if (built is null) return answer;
        var source = Path.Combine(folder, $"flow.v{version}.g.cs");
        var assembly = Path.Combine(folder, $"flow.v{version}.dll");
        var semantic = Path.Combine(folder, $"flow.v{version}.semantic.json");
        File.WriteAllText(source, built.Source);
        File.WriteAllBytes(assembly, built.Assembly);
        File.WriteAllText(semantic, built.SemanticJson);
        answer["source"] = source;
        answer["assembly"] = assembly;
        answer["semantic"] = semantic;
        answer["manifest"] = built.Manifest.ToJson();
        answer["assemblySha256"] = built.Manifest.AssemblySha256;
        return answer;
    }

    private static void Answer(JsonObject answer)
    {
        Console.Out.WriteLine(answer.ToJsonString());
        Console.Out.Flush();
    }
}
