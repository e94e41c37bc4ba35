using System.ComponentModel;
using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.Json;
using Callytics.Compiler.Emit;
using Callytics.Compiler.Packaging;
using Callytics.Runtime.Contract;
using Prompt = Callytics.Runtime.Contract.Prompt;
using Microsoft.Extensions.Options;

namespace Callytics.Runtime.Host.Admin;

/// <summary>
/// Runs the heavy part of the admin API's publishes in child processes (<c>Callytics.CompileWorker</c>),
/// started at low priority (<see cref="AdminSettings.PublishNice"/>) with one workstation GC heap:
/// a publish's flow job (<see cref="StartAsync"/>: read, check, emit, compile), its TTS renders
/// (<see cref="RenderSpeechAsync"/>) and a test call's compile (<see cref="CompileAsync"/>). Reading
/// and checking a big flow allocate hundreds of MB and a compile takes seconds of CPU, which in this
/// process delayed the calls it serves (p99 3.3 → 46.8 ms while a 5,000-node flow was published,
/// docs/benchmarks/ari.md).
/// Cancelling (the publish time limit, the client gone) kills the worker's whole process tree and
/// waits for it to be gone. A worker that is missing, crashes or answers nonsense is a
/// <see cref="CompileWorkerException"/>; either way no assembly comes back, so nothing is stored.
/// </summary>
internal sealed class CompileWorkerProcess(IOptions<AdminSettings> settings, ILogger<CompileWorkerProcess> log) : IMachineCompiler, IFlowJobs
{
    /// <summary>
    /// A publish's whole flow job in the worker (<see cref="WorkerFlowJob"/>): the draft's bytes and the
    /// catalog go to a temporary folder, the worker reads, checks, emits and compiles; this process only
    /// reads its answers and files.
    /// </summary>
    public async Task<IFlowJob> StartAsync(string path, string document, Runtime.Catalog.FlowCatalog? catalog, CancellationToken cancellationToken)
    {
        var worker = RequireWorker();
        var folder = Directory.CreateTempSubdirectory("callytics-publish-");
        WorkerFlowJob? job = null;
        try
        {
            var documentFile = Path.Combine(folder.FullName, "draft.flow.json");
            await File.WriteAllTextAsync(documentFile, document, cancellationToken).ConfigureAwait(false);
            List<string> arguments = ["--document", documentFile, "--path", path, "--out", folder.FullName];
            if (catalog is not null)
            {
                var catalogFile = Path.Combine(folder.FullName, "catalog.json");
                await File.WriteAllTextAsync(catalogFile, FlowJobWire.ToJson(catalog).ToJsonString(), cancellationToken).ConfigureAwait(false);
                arguments.AddRange(["--catalog", catalogFile]);
            }
            job = new WorkerFlowJob(Start(worker, [.. arguments]), folder, log);
            await job.ReadCheckedAsync(cancellationToken).ConfigureAwait(false);
            return job;
        }
        catch
        {
            // The job owns the folder once it exists: disposing it stops the worker and removes both.
            if (job is not null) await job.DisposeAsync().ConfigureAwait(false);
            else Remove(folder, log);
            throw;
        }
    }

    /// <summary>
    /// Renders a publish's TTS prompts in a worker (<c>--render-speech</c>): the TTS engine and sox are its
    /// children, at its niceness, so this process spawns none of them (three per prompt, hundreds of
    /// prompts for a big flow). Same store, engine command line, voice and time limit as
    /// <paramref name="renderer"/>. Returns the prompts that failed, with why.
    /// </summary>
    public async Task<IReadOnlyDictionary<Prompt, string>> RenderSpeechAsync(IReadOnlyList<Prompt> prompts, Publishing.Media.TtsRenderer renderer, CancellationToken cancellationToken)
    {
        var worker = RequireWorker();
        var folder = Directory.CreateTempSubdirectory("callytics-speech-");
        try
        {
            var file = Path.Combine(folder.FullName, "prompts.json");
            await File.WriteAllTextAsync(file, new System.Text.Json.Nodes.JsonArray([.. prompts.Select(FlowJobWire.ToJson)]).ToJsonString(), cancellationToken).ConfigureAwait(false);
            var engine = renderer.Engine;
            var (pid, exitCode, answer, errors) = await RunToEndAsync(worker, [
                "--render-speech", file, "--media", renderer.Store.Root, "--tts-command", engine.CommandLine, "--tts-voice", engine.DefaultVoice,
                "--tts-timeout", engine.Timeout.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)], cancellationToken).ConfigureAwait(false);
            var named = $"the compile worker (pid {pid})";
            if (exitCode != 0)
                throw Logged(new CompileWorkerException($"{named} failed rendering TTS with exit code {exitCode}{Signal(exitCode)}{LastLine(errors)}"));
            try
            {
                var failures = System.Text.Json.Nodes.JsonNode.Parse(answer)?["failures"] as System.Text.Json.Nodes.JsonArray ?? throw new FormatException("no failures array");
                return failures.ToDictionary(f => FlowJobWire.ReadPrompt(f?["prompt"]), f => f?["error"]?.GetValue<string>() ?? throw new FormatException("a failure without its error"));
            }
            catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException or ArgumentException)
            {
                throw Logged(new CompileWorkerException($"{named} gave no readable answer to the TTS renders (got {Excerpt(answer)}): {e.Message}"));
            }
        }
        finally
        {
            Remove(folder, log);
        }
    }

    private CompileWorkerException Logged(CompileWorkerException e)
    {
        log.LogError("Rendering a publish's TTS prompts failed outside the flow: {Error}", e.Message);
        return e;
    }

    /// <summary>Removes a job's temporary folder; a leftover is logged, never hides the result.</summary>
    internal static void Remove(DirectoryInfo folder, ILogger log)
    {
        try
        {
            folder.Refresh();
            if (folder.Exists) folder.Delete(recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            log.LogWarning("The compile worker's temporary folder {Folder} could not be removed: {Error}", folder.FullName, e.Message);
        }
    }

    /// <summary>The worker's file name, built beside the host (the host's project references it).</summary>
    public const string WorkerFileName = "Callytics.CompileWorker.dll";

    /// <inheritdoc />
    public async Task<MachineCompileResult> CompileAsync(GeneratedMachine machine, FlowIdentity identity, CancellationToken cancellationToken)
    {
        var worker = RequireWorker();
        var folder = Directory.CreateTempSubdirectory("callytics-compile-");
        try
        {
            var source = Path.Combine(folder.FullName, "flow.g.cs");
            var output = Path.Combine(folder.FullName, "flow.dll");
            await File.WriteAllTextAsync(source, machine.Source, cancellationToken).ConfigureAwait(false);
            var (pid, exitCode, answer, errors) = await RunToEndAsync(worker, [
                "--source", source, "--out", output, "--flow", identity.FlowId,
                "--version", identity.Version.ToString(System.Globalization.CultureInfo.InvariantCulture), "--hash", identity.SemanticHash], cancellationToken).ConfigureAwait(false);
            return Read(pid, exitCode, answer, errors, output);
        }
        catch (CompileWorkerException e)
        {
            log.LogError("Compile of {Flow} v{Version} failed outside the flow: {Error}", identity.FlowId, identity.Version, e.Message);
            throw;
        }
        finally
        {
            try
            {
                folder.Delete(recursive: true);
            }
            catch (IOException e)
            {
                log.LogWarning("The compile worker's temporary folder {Folder} could not be removed: {Error}", folder.FullName, e.Message);
            }
        }
    }

    /// <summary>
    /// Runs a one-shot worker to its end: its pid, exit code and trimmed output and errors. Cancelling kills
    /// its process tree and waits for it to be gone.
    /// </summary>
    private async Task<(int Pid, int ExitCode, string Output, string Errors)> RunToEndAsync(string worker, string[] arguments, CancellationToken cancellationToken)
    {
        using var process = Start(worker, arguments);
        var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
        try
        {
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            await StopAsync(process, log).ConfigureAwait(false);
            throw;
        }
        finally
        {
            CloseInput(process);
        }
        return (process.Id, process.ExitCode, (await stdout.ConfigureAwait(false)).Trim(), (await stderr.ConfigureAwait(false)).Trim());
    }

    /// <summary>Closes our end of its standard input (its parent watch then knows nobody waits for it).</summary>
    internal static void CloseInput(Process process)
    {
        try
        {
            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // It is gone already: nothing left to tell.
        }
    }

    /// <summary>The worker's path (beside the host unless configured); missing: a <see cref="CompileWorkerException"/> naming where it was looked for.</summary>
    private string RequireWorker()
    {
        var worker = string.IsNullOrEmpty(settings.Value.CompileWorker)
            ? Path.Combine(AppContext.BaseDirectory, WorkerFileName)
            : Path.GetFullPath(settings.Value.CompileWorker);
        return File.Exists(worker)
            ? worker
            : throw new CompileWorkerException($"the compile worker was not found at {worker} (build the host, or set Callytics:Admin:CompileWorker)");
    }

    /// <summary>
    /// <c>nice -n N dotnet worker.dll ...</c> on Linux: niceness is per thread there, so it is set before
    /// the runtime starts any thread (GC, JIT, thread pool), and every thread inherits it. Elsewhere the
    /// process's priority class is lowered once it runs.
    /// </summary>
    private Process Start(string worker, string[] arguments)
    {
        var nice = Math.Clamp(settings.Value.PublishNice, 0, 19);
        var dotnet = DotnetPath();
        var useNice = nice > 0 && OperatingSystem.IsLinux();
        var info = new ProcessStartInfo(useNice ? "nice" : dotnet)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (useNice)
        {
            info.ArgumentList.Add("-n");
            info.ArgumentList.Add(nice.ToString(System.Globalization.CultureInfo.InvariantCulture));
            info.ArgumentList.Add(dotnet);
        }
        info.ArgumentList.Add(worker);
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        // One GC heap whatever the host's own GC settings say (they are inherited through the environment).
        info.Environment["DOTNET_gcServer"] = "0";
        info.Environment.Remove("DOTNET_GCHeapCount");
        Process process;
        try
        {
            process = Process.Start(info) ?? throw new CompileWorkerException($"the compile worker could not be started ({info.FileName})");
        }
        catch (Win32Exception e)
        {
            throw new CompileWorkerException($"the compile worker could not be started ({info.FileName}): {e.Message}");
        }
        if (nice > 0 && !OperatingSystem.IsLinux())
        {
            try
            {
                process.PriorityClass = ProcessPriorityClass.BelowNormal;
            }
            catch (Exception e) when (e is Win32Exception or InvalidOperationException)
            {
                log.LogWarning("The compile worker's priority could not be lowered: {Error}", e.Message);
            }
        }
        return process;
    }

    /// <summary>The <c>dotnet</c> that runs this host (the worker is a framework-dependent .dll for the same runtime).</summary>
    private static string DotnetPath()
    {
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host)) return host;
        if (Environment.ProcessPath is { } self && Path.GetFileNameWithoutExtension(self) == "dotnet") return self;
        // …/shared/Microsoft.NETCore.App/<version>/ → the dotnet root three levels up.
        var root = Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));
        var muxer = Path.Combine(root, OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet");
        return File.Exists(muxer) ? muxer : "dotnet";
    }

    /// <summary>Kills the worker and everything it started, and waits until it is gone (so nothing keeps compiling).</summary>
    internal static async Task StopAsync(Process process, ILogger log)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It ended on its own meanwhile.
        }
        using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await process.WaitForExitAsync(grace.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            log.LogError("The compile worker (pid {Pid}) was killed but had not exited after 10 s", process.Id);
        }
    }

    private static MachineCompileResult Read(int pid, int exitCode, string answer, string errors, string output)
    {
        var named = $"the compile worker (pid {pid})";
        if (exitCode != 0)
            throw new CompileWorkerException($"{named} failed with exit code {exitCode}{Signal(exitCode)}{LastLine(errors)}");
        Dictionary<string, string>? fields;
        try
        {
            fields = JsonSerializer.Deserialize<Dictionary<string, string>>(answer);
        }
        catch (JsonException)
        {
            fields = null;
        }
        if (fields is null)
            throw new CompileWorkerException($"{named} gave no readable answer (expected one JSON line, got {Excerpt(answer)}){LastLine(errors)}");
        if (fields.TryGetValue("problem", out var problem)) return new MachineCompileResult(null, problem);
        if (!fields.TryGetValue("assemblySha256", out var sha))
            throw new CompileWorkerException($"{named} answered neither an assembly nor a problem: {Excerpt(answer)}");
        byte[] assembly;
        try
        {
            assembly = File.ReadAllBytes(output);
        }
        catch (IOException e)
        {
            throw new CompileWorkerException($"{named} wrote no assembly: {e.Message}");
        }
        var actual = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(assembly));
        if (!string.Equals(actual, sha, StringComparison.Ordinal))
            throw new CompileWorkerException($"{named} wrote an assembly that is not the one it reported (SHA-256 {actual}, reported {Excerpt(sha)})");
        return new MachineCompileResult(assembly, null);
    }

    /// <summary>128 + n is how a shell reports a process ended by signal n (9: killed, 6: aborted, 11: crashed).</summary>
    internal static string Signal(int exitCode) => exitCode is > 128 and < 160 ? $" (ended by signal {exitCode - 128})" : "";

    internal static string LastLine(string errors)
    {
        var last = errors.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();
        return last is null ? "" : $": {Excerpt(last)}";
    }

    internal static string Excerpt(string text) => text.Length == 0 ? "nothing" : text.Length <= 300 ? $"'{text}'" : $"'{text[..300]}…'";
}

/// <summary>The compile worker is missing, crashed or answered nonsense; nothing was compiled, so nothing was stored.</summary>
internal sealed class CompileWorkerException(string message) : Exception(message);

/// <summary>The admin API's TTS step: renders a publish's prompts in the compile worker (<see cref="CompileWorkerProcess.RenderSpeechAsync"/>).</summary>
internal sealed class WorkerSpeechStep(CompileWorkerProcess worker, Publishing.Media.TtsRenderer renderer) : Publishing.Media.IPublishStep
{
    /// <inheritdoc />
    public Task<IReadOnlyDictionary<Prompt, string>> RenderAsync(IReadOnlyList<Prompt> prompts, CancellationToken ct) => worker.RenderSpeechAsync(prompts, renderer, ct);
}
