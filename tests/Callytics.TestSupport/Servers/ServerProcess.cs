using System.Diagnostics;
using System.Text;

namespace Callytics.TestSupport.Servers;

/// <summary>
/// A server child process that stops by itself. It runs under a small shell watchdog that holds
/// our stdin pipe: closing the pipe (on dispose, or because the test process died) sends the stop
/// signal to the server, so no server outlives the test run.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private const string Watchdog = """
        exec 3<&0
        "$@" </dev/null &
        child=$!
        { cat <&3 >/dev/null; kill -"$STOP_SIGNAL" "$child" 2>/dev/null; } &
        wait "$child"
        """;

    private readonly Process _process;
    private readonly StringBuilder _log = new();

    private ServerProcess(Process process) => _process = process;

    /// <summary>Output of the server so far (for failure messages).</summary>
    public string Log { get { lock (_log) return _log.ToString(); } }

    /// <summary>The process id of the watchdog shell (the server is its child).</summary>
    public int WatchdogId => _process.Id;

    /// <summary>True while the server runs.</summary>
    public bool IsRunning => !_process.HasExited;

    /// <summary>Starts <paramref name="fileName"/> with <paramref name="arguments"/> (and extra <paramref name="environment"/> variables); <paramref name="stopSignal"/> (e.g. TERM, INT) stops it.</summary>
    public static ServerProcess Start(string fileName, IEnumerable<string> arguments, string stopSignal, IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo("/bin/sh")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(Watchdog);
        info.ArgumentList.Add("watchdog");
        info.ArgumentList.Add(fileName);
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        info.Environment["STOP_SIGNAL"] = stopSignal;
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) info.Environment[name] = value;
        var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        var server = new ServerProcess(process);
        process.OutputDataReceived += (_, e) => server.Append(e.Data);
        process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return server;
    }

    /// <summary>Asks the server to stop and waits for it; kills it when it does not stop in time.</summary>
    public async Task StopAsync(TimeSpan? timeout = null)
    {
        if (_process.HasExited) return;
        try { _process.StandardInput.Close(); } catch (IOException) { }
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(15));
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    /// <summary>Kills the server and its watchdog at once (SIGKILL), as a crash would: nothing of the server's clean-up runs.</summary>
    public async Task KillAsync()
    {
        if (_process.HasExited) return;
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_log) _log.AppendLine(line);
    }
}
