using System.Diagnostics;
using Callytics.TestSupport;

namespace Callytics.Integration.Tests.Support;

/// <summary>What a finished <c>callyc</c> process printed.</summary>
public sealed record CallycRun(int ExitCode, string Out, string Error)
{
    public override string ToString() => $"exit {ExitCode}\nstdout:\n{Out}\nstderr:\n{Error}";
}

/// <summary>Runs the real <c>callyc</c> (built next to the tests) as a separate process.</summary>
public static class Callyc
{
    /// <summary>callyc's own build output (its deps.json and runtimeconfig must be the ones beside it), same configuration as the tests.</summary>
    private static readonly string CallycDll = RepoPaths.Combine("compiler", "callyc", "bin",
        Path.GetFileName(Path.GetDirectoryName(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)))!, "net10.0", "callyc.dll");

    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(3);

    public static Task<CallycRun> RunAsync(params string[] arguments) => RunAsync(DefaultTimeout, null, arguments);

    public static Task<CallycRun> RunWithInputAsync(string? stdin, params string[] arguments) => RunAsync(DefaultTimeout, stdin, arguments);

    /// <summary>Runs callyc, killing it when it has not finished after <paramref name="timeout"/>.</summary>
    public static async Task<CallycRun> RunAsync(TimeSpan timeout, string? stdin, params string[] arguments)
    {
        var info = DotnetHost.StartInfo(CallycDll, arguments);
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (stdin is not null) await process.StandardInput.WriteAsync(stdin);
        process.StandardInput.Close();
        using var timer = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(timer.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"callyc {string.Join(' ', arguments)} did not finish in {timeout.TotalMinutes:0.#} minutes");
        }
        return new CallycRun(process.ExitCode, await output, await error);
    }
}
