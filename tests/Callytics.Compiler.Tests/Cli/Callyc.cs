using Callytics.TestSupport;

namespace Callytics.Compiler.Tests.Cli;

/// <summary>Runs the callyc built beside the tests as a separate process, as a user or a CI job would.</summary>
internal static class Callyc
{
    private static readonly string Dll = Path.Combine(AppContext.BaseDirectory, "callyc.dll");

    /// <summary>The dotnet host running the tests (the SDK sets DOTNET_HOST_PATH for test runs).</summary>
    public static string DotnetHost => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    /// <summary>Runs <c>callyc</c> with the arguments.</summary>
    public static ProcessResult Run(params string[] arguments) =>
        ProcessRunner.Run(DotnetHost, [Dll, .. arguments], TimeSpan.FromSeconds(120));
}

/// <summary>A temporary folder removed at dispose.</summary>
internal sealed class TempFolder : IDisposable
{
    public TempFolder() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "callyc-tests-" + Guid.NewGuid().ToString("N"));

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); }
        catch (IOException) { /* a process may still hold a file; the OS cleans temp */ }
    }
}
