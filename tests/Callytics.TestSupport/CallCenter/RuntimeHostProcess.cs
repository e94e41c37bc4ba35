using System.Globalization;
using Callytics.TestSupport.Servers;

namespace Callytics.TestSupport.CallCenter;

/// <summary>
/// The real runtime host (<c>Callytics.Runtime.Host.dll</c> from its own build output, run with
/// <c>dotnet</c>) as a child process on 127.0.0.1 and a free port, configured by command-line
/// settings. It stops with the test (see <see cref="ServerProcess"/>), or is killed to play a crash.
/// </summary>
public sealed class RuntimeHostProcess : IAsyncDisposable
{
    private readonly ServerProcess _process;

    private RuntimeHostProcess(ServerProcess process, string url)
    {
        _process = process;
        BaseUrl = url;
    }

    /// <summary>The host's HTTP address (<c>/healthz</c>, <c>/metrics</c>).</summary>
    public string BaseUrl { get; }

    /// <summary>What the host printed so far (for failure messages).</summary>
    public string Log => _process.Log;

    /// <summary>
    /// The host's own process id (the <c>dotnet</c> child of the watchdog shell, found in /proc), for
    /// reading its CPU time from <c>/proc/&lt;pid&gt;/stat</c>; null when it is not found (not Linux).
    /// </summary>
    public int? HostProcessId
    {
        get
        {
            if (!Directory.Exists("/proc")) return null;
            foreach (var dir in Directory.EnumerateDirectories("/proc"))
            {
                if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)) continue;
                try
                {
                    var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                    // Fields after the command name in parentheses: state, ppid, ...
                    var parent = stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1];
                    if (parent == _process.WatchdogId.ToString(CultureInfo.InvariantCulture)
                        && File.ReadAllText(Path.Combine(dir, "cmdline")).Contains("Callytics.Runtime.Host.dll", StringComparison.Ordinal))
                        return pid;
                }
                catch (IOException) { } // the process ended while we looked
            }
            return null;
        }
    }

    /// <summary>
    /// The host's build output beside this assembly's (same configuration): the host project is built
    /// as a project reference of the test and benchmark projects.
    /// </summary>
    public static string HostDll { get; } = RepoPaths.Combine("runtime", "Callytics.Runtime.Host", "bin",
        Path.GetFileName(Path.GetDirectoryName(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)))!, "net10.0", "Callytics.Runtime.Host.dll");

    /// <summary>
    /// Starts a host with <paramref name="settings"/> (configuration keys such as <c>Callytics:Ari:BaseUrl</c>)
    /// and waits until <c>/healthz</c> says ARI is connected.
    /// </summary>
    public static async Task<RuntimeHostProcess> StartAsync(IReadOnlyDictionary<string, string> settings, TimeSpan? timeout = null)
    {
        if (!File.Exists(HostDll))
            throw new InvalidOperationException($"The runtime host is not built at {HostDll}; build runtime/Callytics.Runtime.Host first.");
        var url = $"http://127.0.0.1:{ServerPaths.FreeLoopbackPort().ToString(CultureInfo.InvariantCulture)}";
        var dotnet = DotnetHost.Path;
        var arguments = new List<string> { HostDll, "--urls", url };
        arguments.AddRange(settings.Select(s => $"--{s.Key}={s.Value}"));
        var host = new RuntimeHostProcess(ServerProcess.Start(dotnet, arguments, stopSignal: "TERM"), url);
        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
            await ServerPaths.WaitUntilAsync(() => host.HealthyAsync(http), timeout ?? TimeSpan.FromSeconds(60),
                () => $"The runtime host at {url} did not report ARI connected. Log:\n{host.Log}");
            return host;
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    /// <summary>Kills the host at once (SIGKILL): it neither hangs up its calls nor gives up its Redis lease.</summary>
    public Task KillAsync() => _process.KillAsync();

    /// <summary>Stops the host (SIGTERM) and waits for it.</summary>
    public ValueTask DisposeAsync() => _process.DisposeAsync();

    /// <summary>The body of <c>/healthz</c> (<c>"status":"ok"</c> once ARI, Redis and PostgreSQL are connected), or why it could not be read.</summary>
    public async Task<string> ReadHealthAsync(HttpClient http)
    {
        try
        {
            return await http.GetStringAsync(BaseUrl + "/healthz");
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return e.Message;
        }
    }

    private async Task<bool> HealthyAsync(HttpClient http)
    {
        if (!_process.IsRunning)
            throw new InvalidOperationException($"The runtime host exited. Log:\n{Log}");
        try
        {
            using var response = await http.GetAsync(BaseUrl + "/healthz");
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException) { return false; }
        catch (TaskCanceledException) { return false; }
    }
}
