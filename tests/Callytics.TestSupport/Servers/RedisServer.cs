using System.Net.Sockets;
using System.Text;

namespace Callytics.TestSupport.Servers;

/// <summary>How a test's redis-server keeps its data across a restart.</summary>
public enum RedisPersistence
{
    /// <summary>Nothing: a restart starts empty.</summary>
    None,

    /// <summary>RDB snapshots, taken when the test asks (<see cref="RedisServer.SnapshotAsync"/>), as Debian's default <c>redis.conf</c> takes them on a timer.</summary>
    Snapshot,

    /// <summary>An append-only file, fsync'ed at every write: a restart brings back everything written before a kill.</summary>
    AppendOnly,
}

/// <summary>
/// A real redis-server for tests: 127.0.0.1 on a free port, data in a temporary folder, no
/// persistence unless asked. Use it as an xunit collection fixture so one server serves the whole
/// run; tests keep apart by key prefix. <see cref="RestartAsync"/> simulates a Redis restart (same
/// port; empty without persistence); <see cref="KillAsync"/> kills it with SIGKILL.
/// </summary>
public sealed class RedisServer : IAsyncLifetime
{
    private readonly string _directory = ServerPaths.CreateTempDirectory("redis");
    private RedisPersistence _persistence = RedisPersistence.None;
    private ServerProcess? _process;

    /// <summary>A server (not started) that keeps its data as <paramref name="persistence"/> says.</summary>
    public static RedisServer With(RedisPersistence persistence) => new() { _persistence = persistence };

    /// <summary>The port the server listens on (127.0.0.1).</summary>
    public int Port { get; } = ServerPaths.FreeLoopbackPort();

    /// <summary>A StackExchange.Redis configuration string for this server.</summary>
    public string ConnectionString => $"127.0.0.1:{Port},abortConnect=false,connectTimeout=2000,syncTimeout=5000";

    /// <inheritdoc />
    public Task InitializeAsync() => StartAsync();

    /// <summary>Starts the server and waits until it answers PING.</summary>
    public Task StartAsync() => StartAsync([], loading: false);

    /// <summary>
    /// Starts the server so that reading its data back takes <paramref name="perKey"/> per key, during which it
    /// answers commands with "-LOADING" as a big Redis does after a restart (Redis's own test knob
    /// <c>key-load-delay</c>, with client events handled every KiB loaded); returns once it answers at all.
    /// </summary>
    public Task StartLoadingSlowlyAsync(TimeSpan perKey) => StartAsync(
        ["--key-load-delay", ((long)(perKey.TotalMilliseconds * 1000)).ToString(System.Globalization.CultureInfo.InvariantCulture),
         "--loading-process-events-interval-bytes", "1024"], loading: true);

    /// <summary>True while the server answers "LOADING" (it is reading its data back).</summary>
    public async Task<bool> IsLoadingAsync() => (await CommandAsync("PING\r\n")).StartsWith("-LOADING", StringComparison.Ordinal);

    /// <summary>Writes <paramref name="count"/> keys of 100 bytes under <paramref name="prefix"/> (data for a restart to read back).</summary>
    public async Task FillAsync(int count, string prefix)
    {
        var script = $"for i=1,{count} do redis.call('SET', ARGV[1]..i, string.rep('x', 100)) end return 1";
        var answer = await CommandAsync($"*4\r\n$4\r\nEVAL\r\n${script.Length}\r\n{script}\r\n$1\r\n0\r\n${prefix.Length}\r\n{prefix}\r\n");
        if (!answer.StartsWith(":1", StringComparison.Ordinal)) throw new InvalidOperationException($"redis EVAL failed: {answer}");
    }

    private async Task StartAsync(IReadOnlyList<string> extra, bool loading)
    {
        var binary = ServerPaths.Find("redis-server", "/usr/bin/redis-server") ?? throw ServerPaths.Missing("redis-server", "redis-server");
        _process = ServerProcess.Start(binary,
            ["--bind", "127.0.0.1", "--port", Port.ToString(), "--save", "",
             "--appendonly", _persistence == RedisPersistence.AppendOnly ? "yes" : "no", "--appendfsync", "always",
             "--dir", _directory, "--protected-mode", "yes", "--daemonize", "no", "--loglevel", "warning", .. extra],
            stopSignal: "TERM");
        await ServerPaths.WaitUntilAsync(() => PingAsync(loading), TimeSpan.FromSeconds(20),
            () => $"redis-server did not answer on 127.0.0.1:{Port}. Log:\n{_process.Log}");
    }

    /// <summary>Stops the server (its data is gone: no persistence).</summary>
    public async Task StopAsync()
    {
        if (_process is not null) await _process.DisposeAsync();
        _process = null;
    }

    /// <summary>Kills the server with SIGKILL, as a crash or an OOM kill would: nothing is written on the way out.</summary>
    public async Task KillAsync()
    {
        if (_process is not null) await _process.KillAsync();
        _process = null;
    }

    /// <summary>Writes an RDB snapshot now (SAVE) and waits for it; a restart of a <see cref="RedisPersistence.Snapshot"/> server loads it.</summary>
    public async Task SnapshotAsync()
    {
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", Port);
        var stream = client.GetStream();
        await stream.WriteAsync("SAVE\r\n"u8.ToArray());
        var buffer = new byte[64];
        var read = await stream.ReadAsync(buffer);
        var answer = Encoding.ASCII.GetString(buffer, 0, read);
        if (!answer.StartsWith("+OK", StringComparison.Ordinal)) throw new InvalidOperationException($"redis SAVE failed: {answer}");
    }

    /// <summary>Stops and starts the server on the same port (empty without persistence).</summary>
    public async Task RestartAsync()
    {
        await StopAsync();
        await StartAsync();
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        await StopAsync();
        ServerPaths.DeleteDirectory(_directory);
    }

    private async Task<bool> PingAsync(bool loading)
    {
        if (_process is { IsRunning: false }) throw new InvalidOperationException($"redis-server exited. Log:\n{_process.Log}");
        try
        {
            var answer = await CommandAsync("PING\r\n");
            return answer.StartsWith("+PONG", StringComparison.Ordinal) || (loading && answer.StartsWith("-LOADING", StringComparison.Ordinal));
        }
        catch (SocketException) { return false; }
        catch (IOException) { return false; }
    }

    /// <summary>Sends one command (RESP or inline) on a fresh connection and returns the start of the answer.</summary>
    private async Task<string> CommandAsync(string command)
    {
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", Port);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(command));
        var buffer = new byte[256];
        var read = await stream.ReadAsync(buffer);
        return Encoding.ASCII.GetString(buffer, 0, read);
    }
}
