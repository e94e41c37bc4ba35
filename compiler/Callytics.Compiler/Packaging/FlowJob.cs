using Callytics.Compiler.Checking;
using Callytics.Compiler.Diagnostics;
using Callytics.Runtime.Catalog;
using Callytics.Runtime.Contract;

namespace Callytics.Compiler.Packaging;

/// <summary>
/// The check-then-build of one flow document, wherever it runs: in this process
/// (<see cref="InProcessFlowJobs"/>: callyc, tests) or in a worker process (the host's admin API, so
/// that parsing, checking, emitting and compiling a big flow do not allocate where calls are served).
/// Both give the same diagnostics, semantic hash and built flow.
/// </summary>
public interface IFlowJob : IAsyncDisposable
{
    /// <summary>Everything found so far (checks, TTS failures, a generated-code problem), sorted as every output sorts them.</summary>
    IReadOnlyList<Diagnostic> Diagnostics { get; }

    /// <summary>True when the document was read as a flow and nothing found so far is an error.</summary>
    bool Succeeded { get; }

    /// <summary>The document's flow id when it was read as a flow, else null.</summary>
    string? FlowId { get; }

    /// <summary>The semantic hash (<see cref="SemanticHash.Compute"/>) when <see cref="Succeeded"/> after the check, else null.</summary>
    string? SemanticHash { get; }

    /// <summary>The distinct TTS prompts of the flow in the order they are first used (empty unless it checked without errors).</summary>
    IReadOnlyList<Prompt> SpeechPrompts { get; }

    /// <summary>The document's <c>layout</c> (<see cref="FlowLayout.Extract"/>) when it checked without errors, else null.</summary>
    string? Layout { get; }

    /// <summary>Reports CFL7001 at every use of a prompt that could not be rendered; returns <see cref="Succeeded"/> afterwards.</summary>
    /// <param name="failures">Prompt → why it failed (only failed prompts).</param>
    /// <param name="cancellationToken">Cancels.</param>
    Task<bool> ReportSpeechFailuresAsync(IReadOnlyDictionary<Prompt, string> failures, CancellationToken cancellationToken);

    /// <summary>Emits and compiles the flow as <paramref name="version"/>; null (and CFL5001 in <see cref="Diagnostics"/>) when the generated code did not compile.</summary>
    /// <exception cref="OperationCanceledException">Cancelled; nothing was built.</exception>
    Task<BuiltFlow?> BuildAsync(int version, CancellationToken cancellationToken);
}

/// <summary>Starts <see cref="IFlowJob"/>s: reads and checks a flow document.</summary>
public interface IFlowJobs
{
    /// <summary>Checks <paramref name="document"/> (reported under <paramref name="path"/>) against <paramref name="catalog"/> (references unchecked when null).</summary>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    Task<IFlowJob> StartAsync(string path, string document, FlowCatalog? catalog, CancellationToken cancellationToken);
}

/// <summary>Flow jobs in this process, compiling with <paramref name="compiler"/> (Roslyn in this process when null).</summary>
public sealed class InProcessFlowJobs(IMachineCompiler? compiler = null) : IFlowJobs
{
    /// <summary>Checks, emits and compiles in this process.</summary>
    public static readonly InProcessFlowJobs Instance = new();

    /// <inheritdoc />
    public Task<IFlowJob> StartAsync(string path, string document, FlowCatalog? catalog, CancellationToken cancellationToken) =>
        Task.FromResult<IFlowJob>(new CheckedFlowJob(FlowChecker.CheckText(path, document, catalog), document, compiler ?? InProcessMachineCompiler.Instance));
}

/// <summary>A job over a flow checked in this process (the worker process runs the same one).</summary>
/// <param name="flow">The checked flow.</param>
/// <param name="document">The document it was checked from.</param>
/// <param name="compiler">Runs Roslyn.</param>
public sealed class CheckedFlowJob(CheckedFlow flow, string document, IMachineCompiler compiler) : IFlowJob
{
    private readonly string? _semanticHash = flow.Succeeded ? Packaging.SemanticHash.Compute(flow.Flow!.Root) : null;
    private readonly string? _layout = flow.Succeeded ? FlowLayout.Extract(document) : null;

    /// <summary>The checked flow.</summary>
    public CheckedFlow Flow => flow;

    /// <inheritdoc />
    public IReadOnlyList<Diagnostic> Diagnostics => flow.Diagnostics.Sorted();

    /// <inheritdoc />
    public bool Succeeded => flow.Succeeded;

    /// <inheritdoc />
    public string? FlowId => flow.Flow?.FlowId;

    /// <inheritdoc />
    public string? SemanticHash => _semanticHash;

    /// <inheritdoc />
    public IReadOnlyList<Prompt> SpeechPrompts => SpeechPromptUses.Distinct(flow);

    /// <inheritdoc />
    public string? Layout => _layout;

    /// <inheritdoc />
    public Task<bool> ReportSpeechFailuresAsync(IReadOnlyDictionary<Prompt, string> failures, CancellationToken cancellationToken)
    {
        SpeechPromptUses.ReportFailures(flow, failures);
        return Task.FromResult(flow.Succeeded);
    }

    /// <inheritdoc />
    public Task<BuiltFlow?> BuildAsync(int version, CancellationToken cancellationToken) =>
        FlowBuilder.BuildAsync(flow, version, compiler, cancellationToken: cancellationToken);

    /// <inheritdoc />
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}

/// <summary>The TTS prompts a checked flow speaks, and where each failed rendering is reported.</summary>
public static class SpeechPromptUses
{
    /// <summary>The distinct TTS prompts in the order nodes use them (none when the flow has errors).</summary>
    public static IReadOnlyList<Prompt> Distinct(CheckedFlow flow)
    {
        if (!flow.Succeeded) return [];
        var seen = new HashSet<Prompt>();
        var prompts = new List<Prompt>();
        foreach (var node in flow.Flow!.NodesById.Values)
            foreach (var use in node.Info.Facts.Speech)
                if (seen.Add(use.Prompt)) prompts.Add(use.Prompt);
        return prompts;
    }

    /// <summary>Reports CFL7001 where each use of a failed prompt is written.</summary>
    public static void ReportFailures(CheckedFlow flow, IReadOnlyDictionary<Prompt, string> failures)
    {
        if (flow.Flow is null || failures.Count == 0) return;
        foreach (var node in flow.Flow.NodesById.Values)
            foreach (var use in node.Info.Facts.Speech)
                if (failures.TryGetValue(use.Prompt, out var error))
                    flow.Diagnostics.Report(DiagnosticDescriptors.TtsRenderFailed, use.Syntax, node.Id, node.Id, error);
    }
}
