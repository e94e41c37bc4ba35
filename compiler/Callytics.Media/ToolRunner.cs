using System.Diagnostics;

namespace Callytics.Publishing.Media;

/// <summary>The outcome of one external tool run.</summary>
/// <param name="ExitCode">The tool's exit code (-1 when it could not be started or timed out).</param>
/// <param name="Error">What went wrong, for people: the tool's standard error (trimmed), or why it did not run.</param>
public sealed record ToolResult(int ExitCode, string Error)
{
    /// <summary>True when the tool ran and exited with 0.</summary>
    public bool Succeeded => ExitCode == 0;
}

/// <summary>
/// Runs an external tool (espeak-ng, sox, a site's own engine) from an argument list. Arguments are
/// passed one by one (<see cref="ProcessStartInfo.ArgumentList"/>), never through a shell, so text
/// from a flow can only ever be one argument's value, never a command, an option split or a redirect.
/// </summary>
public static class ToolRunner
{
    /// <summary>Runs <paramref name="argv"/> (program first) with a time limit; never throws for a tool that fails.</summary>
    /// <param name="argv">The program and its arguments.</param>
    /// <param name="timeout">How long it may run; then it is killed.</param>
    /// <param name="ct">Cancels (kills it).</param>
    /// <param name="nice">
    /// Above 0 on Linux: run through <c>nice -n</c> (0 to 19), so a publish's renders give way to the
    /// calls the host serves (niceness is per thread on Linux, so it is set before the tool starts).
    /// </param>
    public static async Task<ToolResult> RunAsync(IReadOnlyList<string> argv, TimeSpan timeout, CancellationToken ct, int nice = 0)
    {
        if (argv.Count == 0) return new ToolResult(-1, "no command given");
        var tool = argv[0]; // named in messages, also when nice runs it
        if (nice > 0 && OperatingSystem.IsLinux())
            argv = ["nice", "-n", Math.Min(nice, 19).ToString(System.Globalization.CultureInfo.InvariantCulture), .. argv];
        var info = new ProcessStartInfo(argv[0])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var arg in argv.Skip(1)) info.ArgumentList.Add(arg);
        Process process;
        try
        {
            process = Process.Start(info) ?? throw new InvalidOperationException("the process did not start");
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            return new ToolResult(-1, $"could not run '{tool}': {e.Message}");
        }
        using (process)
        {
            process.StandardInput.Close();
            var stderr = process.StandardError.ReadToEndAsync(ct);
            var stdout = process.StandardOutput.ReadToEndAsync(ct); // drained so a chatty tool never blocks on a full pipe
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
            limit.CancelAfter(timeout);
            try
            {
                await process.WaitForExitAsync(limit.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { /* already gone */ }
                ct.ThrowIfCancellationRequested();
                return new ToolResult(-1, $"'{tool}' did not finish within {timeout.TotalSeconds:0.#} s");
            }
            await stdout.ConfigureAwait(false);
            var error = (await stderr.ConfigureAwait(false)).Trim();
            if (error.Length > 500) error = error[..500] + "…";
            return new ToolResult(process.ExitCode, process.ExitCode == 0 ? "" : error.Length > 0 ? error : $"'{tool}' exited with {process.ExitCode}");
        }
    }
}
