using Callytics.TestSupport.Servers;

namespace Callytics.Storage.Tests.Fixtures;

/// <summary>A temporary folder deleted on dispose.</summary>
public sealed class TempDirectory : IDisposable
{
    public string Path { get; } = ServerPaths.CreateTempDirectory("storage-test");

    public void Dispose() => ServerPaths.DeleteDirectory(Path);
}
