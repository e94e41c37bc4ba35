using System.Diagnostics;
using System.Threading.Channels;

namespace Callytics.TestSupport;

/// <summary>
/// Runs tests/Callytics.Storage.Probe (copied into the test project's output by a project reference) as a
/// separate process and follows its output line by line.
/// </summary>
public sealed class ProbeProcess : IDisposable
{
    private readonly Process _process;
    private readonly Channel<string> _lines = Channel.CreateUnbounded<string>();
    private readonly List<string> _errors = [];

    private ProbeProcess(Process process) => _process = process;

    public static ProbeProcess Start(params string[] arguments)
    {
        var info = DotnetHost.StartInfo(Path.Combine(AppContext.BaseDirectory, "Callytics.Storage.Probe.dll"), arguments);
        var probe = new ProbeProcess(Process.Start(info)!);
        probe._process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) probe._lines.Writer.TryComplete();
            else probe._lines.Writer.TryWrite(e.Data);
        };
        probe._process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (probe._errors) probe._errors.Add(e.Data); };
        probe._process.BeginOutputReadLine();
        probe._process.BeginErrorReadLine();
        return probe;
    }

    /// <summary>Waits for the next output line starting with <paramref name="prefix"/> and returns it.</summary>
    public async Task<string> WaitForLineAsync(string prefix, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        try
        {
            await foreach (var line in _lines.Reader.ReadAllAsync(cts.Token))
            {
                if (line.StartsWith(prefix, StringComparison.Ordinal)) return line;
            }
        }
        catch (OperationCanceledException) { }
        throw new InvalidOperationException($"The probe did not print '{prefix}'. Errors:\n{Errors}");
    }

    public async Task SendLineAsync(string line)
    {
        await _process.StandardInput.WriteLineAsync(line);
        await _process.StandardInput.FlushAsync();
    }

    public async Task<int> WaitForExitAsync()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await _process.WaitForExitAsync(cts.Token);
        return _process.ExitCode;
    }

    /// <summary>Kills the process at once (SIGKILL): no clean-up code runs, as with a crash.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    public string Errors { get { lock (_errors) return string.Join('\n', _errors); } }

    public void Dispose()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.Dispose();
    }
}
