using Callytics.TestSupport.Servers;

namespace Callytics.Integration.Tests.Support;

/// <summary>A temporary folder deleted on dispose.</summary>
public sealed class TempFolder : IDisposable
{
    public string Path { get; } = ServerPaths.CreateTempDirectory("integration-test");

    public string Combine(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose() => ServerPaths.DeleteDirectory(Path);
}
