using System.Diagnostics;
using Npgsql;

namespace Callytics.TestSupport.Servers;

/// <summary>
/// A real PostgreSQL server for tests, from Debian's packages: a fresh cluster (initdb) in a temporary
/// folder, listening on 127.0.0.1 on a free port with its unix socket in the same folder, trust
/// authentication for the loopback user. Run as the <c>postgres</c> user when the tests run as root.
/// Use it as an xunit collection fixture so the server starts once per run; each test class takes its
/// own database from <see cref="CreateDatabaseAsync"/>. <see cref="StopAsync"/>/<see cref="StartAsync"/>
/// simulate an outage (data kept).
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    private const string SystemUser = "postgres";
    private readonly string _root = ServerPaths.CreateTempDirectory("postgres");
    private ServerProcess? _process;
    private string? _binDirectory;

    /// <summary>The port the server listens on (127.0.0.1).</summary>
    public int Port { get; } = ServerPaths.FreeLoopbackPort();

    private string DataDirectory => Path.Combine(_root, "data");

    /// <summary>A connection string to the <c>postgres</c> maintenance database.</summary>
    public string AdminConnectionString => ConnectionStringFor("postgres");

    /// <summary>A connection string to <paramref name="database"/> on this server (a stopped server is refused at once; the timeouts allow for a loaded machine).</summary>
    public string ConnectionStringFor(string database) =>
        $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database};Timeout=60;Command Timeout=120";

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        _binDirectory = FindBinDirectory();
        if (ServerPaths.RunningAsRoot) await ServerPaths.RunAsync("chown", [SystemUser, _root]);
        await ServerPaths.RunAsync(AsServerUser(Path.Combine(_binDirectory, "initdb")),
            AsServerUserArguments(Path.Combine(_binDirectory, "initdb")).Concat(
                ["-D", DataDirectory, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync", "--no-instructions"]));
        await StartAsync();
    }

    /// <summary>Starts the server (again) and waits until it accepts connections.</summary>
    public async Task StartAsync()
    {
        var postgres = Path.Combine(_binDirectory!, "postgres");
        var arguments = AsServerUserArguments(postgres).Concat(
        [
            "-D", DataDirectory, "-k", _root, "-h", "127.0.0.1", "-p", Port.ToString(),
            "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off",
            "-c", "max_connections=300", "-c", "shared_buffers=32MB",
        ]);
        _process = ServerProcess.Start(AsServerUser(postgres), arguments, stopSignal: "INT");
        await ServerPaths.WaitUntilAsync(CanConnectAsync, TimeSpan.FromSeconds(30),
            () => $"PostgreSQL did not accept connections on 127.0.0.1:{Port}. Log:\n{_process.Log}");
    }

    /// <summary>Stops the server (fast shutdown: open connections are cut), keeping its data.</summary>
    public async Task StopAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (_process is not null) await _process.DisposeAsync();
        _process = null;
    }

    /// <summary>Starts the server when a test left it stopped (clean-up after outage tests).</summary>
    public async Task StartIfStoppedAsync()
    {
        if (_process is null) await StartAsync();
    }

    /// <summary>Creates an empty database with a unique name and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string purpose)
    {
        var prefix = new string(purpose.ToLowerInvariant().Where(char.IsAsciiLetterOrDigit).Take(20).ToArray());
        var name = $"{prefix}_{Guid.NewGuid():N}";
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await command.ExecuteNonQueryAsync();
        return ConnectionStringFor(name);
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        await StopAsync();
        ServerPaths.DeleteDirectory(_root);
    }

    private async Task<bool> CanConnectAsync()
    {
        if (_process is { IsRunning: false }) throw new InvalidOperationException($"PostgreSQL exited. Log:\n{_process.Log}");
        try
        {
            await using var connection = new NpgsqlConnection(AdminConnectionString + ";Pooling=false");
            await connection.OpenAsync();
            return true;
        }
        catch (NpgsqlException) { return false; }
    }

    private static string FindBinDirectory()
    {
        var root = "/usr/lib/postgresql";
        var bin = Directory.Exists(root)
            ? Directory.GetDirectories(root)
                .Select(dir => Path.Combine(dir, "bin"))
                .Where(dir => File.Exists(Path.Combine(dir, "initdb")) && File.Exists(Path.Combine(dir, "postgres")))
                .OrderByDescending(dir => int.TryParse(Path.GetFileName(Path.GetDirectoryName(dir)), out var v) ? v : 0)
                .FirstOrDefault()
            : null;
        return bin ?? throw ServerPaths.Missing("PostgreSQL (initdb and postgres under /usr/lib/postgresql/*/bin)", "postgresql");
    }

    // PostgreSQL refuses to run as root: setpriv switches user and then execs, so the server keeps
    // the process id the watchdog signals.
    private static string AsServerUser(string binary) =>
        ServerPaths.RunningAsRoot ? (ServerPaths.Find("setpriv", "/usr/bin/setpriv") ?? throw ServerPaths.Missing("setpriv", "util-linux")) : binary;

    private static IEnumerable<string> AsServerUserArguments(string binary) =>
        ServerPaths.RunningAsRoot ? ["--reuid", SystemUser, "--regid", SystemUser, "--init-groups", binary] : [];
}
