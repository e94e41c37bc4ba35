using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Callytics.Compiler.Diagnostics;
using Callytics.Compiler.Packaging;
using Callytics.Runtime.Contract;
using Callytics.Runtime.Loading;

namespace Callytics.Runtime.Host.Admin;

/// <summary>
/// A publish's flow job running in the compile worker (its session form, see
/// compiler/Callytics.CompileWorker/Session.cs): the worker holds the parsed, checked flow; this side
/// sends one-line commands and reads one-line answers, then reads the files the worker wrote and
/// checks the assembly against the SHA-256 it reported. Nothing the size of the flow is parsed here:
/// the only large things read are the artifacts the store keeps (source, assembly, semantic JSON).
/// Cancelling any step kills the worker and waits for it to be gone; a worker that ends or answers
/// nonsense is a <see cref="CompileWorkerException"/>. Disposing closes its input (it then exits) and
/// removes the temporary folder.
/// </summary>
internal sealed class WorkerFlowJob : IFlowJob
{
    private readonly Process _process;
    private readonly DirectoryInfo _folder;
    private readonly ILogger _log;
    private readonly Task<string> _errors;
    private IReadOnlyList<Diagnostic> _diagnostics = [];
    private bool _succeeded;

    /// <summary>Takes over a started worker and its temporary folder.</summary>
    public WorkerFlowJob(Process process, DirectoryInfo folder, ILogger log)
    {
        (_process, _folder, _log) = (process, folder, log);
        _errors = process.StandardError.ReadToEndAsync(CancellationToken.None);
    }

    /// <inheritdoc />
    public IReadOnlyList<Diagnostic> Diagnostics => _diagnostics;

    /// <inheritdoc />
    public bool Succeeded => _succeeded;

    /// <inheritdoc />
    public string? FlowId { get; private set; }

    /// <inheritdoc />
    public string? SemanticHash { get; private set; }

    /// <inheritdoc />
    public IReadOnlyList<Prompt> SpeechPrompts { get; private set; } = [];

    /// <inheritdoc />
    public string? Layout { get; private set; }

    private string Named => $"the compile worker (pid {_process.Id})";

    /// <summary>Reads the worker's first answer: what the check found.</summary>
    public async Task ReadCheckedAsync(CancellationToken cancellationToken)
    {
        var answer = await ReadAnswerAsync("checked", cancellationToken).ConfigureAwait(false);
        Read(() =>
        {
            FlowId = answer["flowId"]?.GetValue<string>();
            SemanticHash = answer["semanticHash"]?.GetValue<string>();
            Layout = answer["layout"]?.GetValue<string>();
            SpeechPrompts = answer["prompts"] is JsonArray prompts ? [.. prompts.Select(FlowJobWire.ReadPrompt)] : throw new FormatException("no prompts");
            Take(answer);
        });
    }

    /// <inheritdoc />
    public async Task<bool> ReportSpeechFailuresAsync(IReadOnlyDictionary<Prompt, string> failures, CancellationToken cancellationToken)
    {
        if (failures.Count == 0) return _succeeded;
        await SendAsync(new JsonObject
        {
            ["speechFailures"] = new JsonArray([.. failures.Select(f => new JsonObject { ["prompt"] = FlowJobWire.ToJson(f.Key), ["error"] = f.Value })]),
        }, cancellationToken).ConfigureAwait(false);
        var answer = await ReadAnswerAsync("prepared", cancellationToken).ConfigureAwait(false);
        Read(() => Take(answer));
        return _succeeded;
    }

    /// <inheritdoc />
    public async Task<BuiltFlow?> BuildAsync(int version, CancellationToken cancellationToken)
    {
        await SendAsync(new JsonObject { ["build"] = version }, cancellationToken).ConfigureAwait(false);
        var answer = await ReadAnswerAsync("built", cancellationToken).ConfigureAwait(false);
        string? sourceFile = null, assemblyFile = null, semanticFile = null, manifestJson = null, sha = null;
        Read(() =>
        {
            Take(answer);
            if (!_succeeded) return;
            sourceFile = Text(answer, "source");
            assemblyFile = Text(answer, "assembly");
            semanticFile = Text(answer, "semantic");
            manifestJson = Text(answer, "manifest");
            sha = Text(answer, "assemblySha256");
        });
        if (!_succeeded) return null;

        byte[] assembly;
        string source, semanticJson;
        try
        {
            assembly = await File.ReadAllBytesAsync(Inside(assemblyFile!), cancellationToken).ConfigureAwait(false);
            source = await File.ReadAllTextAsync(Inside(sourceFile!), cancellationToken).ConfigureAwait(false);
            semanticJson = await File.ReadAllTextAsync(Inside(semanticFile!), cancellationToken).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            throw Failed($"{Named} did not write what it reported: {e.Message}");
        }
        var actual = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(assembly));
        if (!string.Equals(actual, sha, StringComparison.Ordinal))
            throw Failed($"{Named} wrote an assembly that is not the one it reported (SHA-256 {actual}, reported {CompileWorkerProcess.Excerpt(sha!)})");
        BuildManifest manifest;
        try
        {
            manifest = BuildManifest.Parse(manifestJson!);
        }
        catch (JsonException e)
        {
            throw Failed($"{Named} answered a manifest that is not readable: {e.Message}");
        }
        if (manifest.Version != version || manifest.FlowId != FlowId || manifest.SemanticHash != SemanticHash || manifest.AssemblySha256 != actual)
            throw Failed($"{Named} answered a manifest for {manifest.FlowId} v{manifest.Version}, not {FlowId} v{version}");
        return new BuiltFlow(new FlowIdentity(manifest.FlowId, version, manifest.SemanticHash), source, assembly, manifest, semanticJson);
    }

    /// <summary>Closes the worker's input (it exits), makes sure it is gone, removes the folder.</summary>
    public async ValueTask DisposeAsync()
    {
        CompileWorkerProcess.CloseInput(_process);
        using (var grace = new CancellationTokenSource(TimeSpan.FromSeconds(10)))
        {
            try
            {
                await _process.WaitForExitAsync(grace.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                await CompileWorkerProcess.StopAsync(_process, _log).ConfigureAwait(false);
            }
        }
        _process.Dispose();
        CompileWorkerProcess.Remove(_folder, _log);
    }

    /// <summary>A file the worker named, only inside the job's own folder (its answer names where to read).</summary>
    private string Inside(string file)
    {
        var full = Path.GetFullPath(file);
        return full.StartsWith(_folder.FullName + Path.DirectorySeparatorChar, StringComparison.Ordinal)
            ? full
            : throw Failed($"{Named} named a file outside its folder: {CompileWorkerProcess.Excerpt(file)}");
    }

    private void Take(JsonNode answer)
    {
        _diagnostics = FlowJobWire.ReadDiagnostics(answer["diagnostics"]);
        _succeeded = answer["succeeded"] is JsonValue v && v.TryGetValue<bool>(out var ok) ? ok : throw new FormatException("no 'succeeded'");
    }

    private static string Text(JsonNode answer, string key) =>
        answer[key] is JsonValue v && v.TryGetValue<string>(out var text) ? text : throw new FormatException($"no '{key}'");

    /// <summary>Runs <paramref name="read"/> over an answer; a missing or mistyped field is the worker's fault.</summary>
    private void Read(Action read)
    {
        try
        {
            read();
        }
        catch (Exception e) when (e is FormatException or InvalidOperationException or JsonException)
        {
            throw Failed($"{Named} answered something unreadable: {e.Message}");
        }
    }

    /// <summary>Waits for <paramref name="work"/> on the worker; cancelled, the worker is killed and gone before the cancellation goes on.</summary>
    private async Task<T> StoppingOnCancelAsync<T>(Func<Task<T>> work)
    {
        try
        {
            return await work().ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            await CompileWorkerProcess.StopAsync(_process, _log).ConfigureAwait(false);
            throw;
        }
    }

    private async Task SendAsync(JsonObject command, CancellationToken cancellationToken)
    {
        try
        {
            await StoppingOnCancelAsync(async () =>
            {
                await _process.StandardInput.WriteLineAsync(command.ToJsonString().AsMemory(), cancellationToken).ConfigureAwait(false);
                await _process.StandardInput.FlushAsync(cancellationToken).ConfigureAwait(false);
                return true;
            }).ConfigureAwait(false);
        }
        catch (IOException)
        {
            // It is gone: reading its answer reports how it ended.
        }
    }

    private async Task<JsonNode> ReadAnswerAsync(string stage, CancellationToken cancellationToken)
    {
        var line = await StoppingOnCancelAsync(() => _process.StandardOutput.ReadLineAsync(cancellationToken).AsTask()).ConfigureAwait(false);
        if (line is null)
        {
            await StoppingOnCancelAsync(async () =>
            {
                await _process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
                return true;
            }).ConfigureAwait(false);
            var errors = (await _errors.ConfigureAwait(false)).Trim();
            var code = _process.ExitCode;
            throw Failed($"{Named} failed with exit code {code}{CompileWorkerProcess.Signal(code)}{CompileWorkerProcess.LastLine(errors)}");
        }
        JsonNode? answer;
        try
        {
            answer = JsonNode.Parse(line);
        }
        catch (JsonException)
        {
            answer = null;
        }
        if (answer is not JsonObject || answer["stage"]?.GetValueKind() != JsonValueKind.String || answer["stage"]!.GetValue<string>() != stage)
            throw Failed($"{Named} gave no readable answer (expected one JSON line of stage '{stage}', got {CompileWorkerProcess.Excerpt(line.Trim())})");
        return answer;
    }

    private CompileWorkerException Failed(string message)
    {
        _log.LogError("A publish's flow job failed outside the flow: {Error}", message);
        return new CompileWorkerException(message);
    }
}
