using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Callytics.TestSupport.Servers;

/// <summary>Finding server binaries, free loopback ports and temporary folders for test servers.</summary>
public static class ServerPaths
{
    /// <summary>A TCP port on 127.0.0.1 that was free a moment ago.</summary>
    public static int FreeLoopbackPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try { return ((IPEndPoint)listener.LocalEndpoint).Port; }
        finally { listener.Stop(); }
    }

    /// <summary>Creates an empty temporary folder named after <paramref name="purpose"/>.</summary>
    public static string CreateTempDirectory(string purpose)
    {
        var path = Path.Combine(Path.GetTempPath(), $"callytics-{purpose}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>Deletes a folder and everything in it, ignoring what is already gone.</summary>
    public static void DeleteDirectory(string path)
    {
        try { if (Directory.Exists(path)) Directory.Delete(path, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }

    /// <summary>The first existing file among <paramref name="candidates"/> and the PATH entries for <paramref name="name"/>.</summary>
    public static string? Find(string name, params string[] candidates)
    {
        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name));
        return candidates.Concat(onPath).FirstOrDefault(File.Exists);
    }

    /// <summary>The error for a missing server binary: says which Debian package to install. Tests fail with it; they never skip.</summary>
    public static InvalidOperationException Missing(string binary, string package) =>
        new($"{binary} was not found. Tests need a real server: install the Debian package with `apt-get update && apt-get install -y {package}`.");

    /// <summary>True when the test process runs as root (PostgreSQL refuses to run as root).</summary>
    public static bool RunningAsRoot => Environment.UserName == "root";

    /// <summary>Waits until <paramref name="ready"/> returns true, failing with <paramref name="describe"/>'s text after <paramref name="timeout"/>.</summary>
    public static async Task WaitUntilAsync(Func<Task<bool>> ready, TimeSpan timeout, Func<string> describe)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await ready())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException(describe());
            await Task.Delay(50);
        }
    }

    /// <summary>Runs a command to its end; throws with its output when it fails.</summary>
    public static async Task RunAsync(string fileName, IEnumerable<string> arguments)
    {
        var info = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{fileName} {string.Join(' ', info.ArgumentList)} failed ({process.ExitCode}): {await output}{await error}");
    }
}
