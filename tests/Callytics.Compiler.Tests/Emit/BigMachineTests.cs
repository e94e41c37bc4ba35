using Callytics.Compiler.Compilation;
using Callytics.Compiler.Emit;
using Callytics.Runtime.Contract;
using Callytics.Runtime.Engine;
using Callytics.TestSupport;
using static Callytics.TestSupport.FlowHarness;

namespace Callytics.Compiler.Tests.Emit;

/// <summary>
/// A machine with more than <see cref="EmitContext.NodesPerPart"/> nodes puts its nodes into nested
/// classes (Roslyn compiles them in parallel): it still compiles cleanly, to the same bytes with
/// or without Roslyn's concurrent build, and calls cross from one part to another.
/// </summary>
public sealed class BigMachineTests
{
    private const int Prompts = EmitContext.NodesPerPart + 20;

    /// <summary>start → hook (a webhook, in the first part) … p0 → … → p519 → hook → bye: the last prompt sits in the second part.</summary>
    private static string ChainOfPrompts()
    {
        var flow = new FlowJson("long-line").Node("start", "start").Node("hook", "webhook", """{ "url": "https://hooks.example.com/done" }""");
        for (var i = 0; i < Prompts; i++) flow.Node($"p{i}", "play_audio", $$"""{ "prompt": { "audio": "part-{{i}}" } }""");
        flow.Node("bye", "hangup");
        flow.Edge("start", "p0");
        for (var i = 1; i < Prompts; i++) flow.Edge($"p{i - 1}", $"p{i}");
        return flow.Edge($"p{Prompts - 1}", "hook").Edge("hook", "bye").ToString();
    }

    [Fact]
    public void Nodes_beyond_the_first_part_go_into_nested_classes_the_table_points_at()
    {
        var source = Build(ChainOfPrompts()).Source;
        Assert.Contains("private static class Part1", source);
        Assert.Contains("private static class Part2", source);
        Assert.DoesNotContain("class Part3", source);
        Assert.Contains("[\"p0\"] = Part1.Node_p0,", source);
        Assert.Contains("[\"bye\"] = Part2.Node_bye,", source);
        Assert.Contains("internal static Effect Node_bye(CallState s, Outcome o, IStepContext ctx)", source);
        // The last prompt (second part) fires the webhook declared in the first part.
        Assert.Contains("Part1.Fire_hook(s, ctx, \"p519\");", source);
    }

    [Fact]
    public void Compiles_without_warnings_to_the_same_bytes_with_and_without_concurrent_build()
    {
        var built = Build(ChainOfPrompts(), version: 2);
        var machine = new GeneratedMachine(built.Source, "", built.Manifest.MachineType);
        var concurrent = RoslynCompiler.Compile(machine, built.Identity, concurrent: true);
        var sequential = RoslynCompiler.Compile(machine, built.Identity, concurrent: false);
        Assert.Empty(concurrent.Diagnostics);
        Assert.Empty(sequential.Diagnostics);
        Assert.Equal(built.Assembly, concurrent.Assembly);
        Assert.Equal(built.Assembly, sequential.Assembly);
    }

    [Fact]
    public void A_call_runs_through_every_part_and_fires_the_webhook_across_parts()
    {
        var result = Run(ChainOfPrompts());
        Assert.Equal(CallEndReason.Completed, result.Call.Reason);
        Assert.Equal("bye", result.Call.State.Node);
        Assert.Equal(Enumerable.Range(0, Prompts).Select(i => Prompt.Audio($"part-{i}")), Effects<PlayEffect>(result).Select(p => p.Prompts.Single()));
        Assert.Equal(["hook"], result.Webhooks.Select(w => w.WebhookNode));
        Assert.Equal($"p{Prompts - 1}", result.Webhooks.Single().SourceNode);
    }
}
